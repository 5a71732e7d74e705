import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PasswordBody, PinBody } from '../../../shared/schemas/auth.js';
import { IdParams } from '../../../shared/schemas/common.js';
import { access } from '../access-level.js';

/** An admin gives people their password (to sign in) and their PIN (to sign Previous/Next on a kiosk). */
const credentials: FastifyPluginAsyncTypebox = async (fastify) => {
  const { accounts } = fastify.auth;
  const byAdmin = <S extends object>(schema: S) => ({
    config: access('admin'),
    schema: { tags: ['auth'], params: IdParams, response: { 204: Type.Null() }, ...schema },
  });
  /** The change is made: say who made it, answer 204. */
  const done = (request: FastifyRequest, reply: FastifyReply, userId: string, event: string, message: string) => {
    request.log.info({ event, userId, by: request.principal.id }, `security: ${message}`);
    return reply.status(204).send(null);
  };

  fastify.put('/auth/users/:id/password', byAdmin({ body: PasswordBody }), async (request, reply) => {
    // The person's other sessions end; an admin setting their own keeps the one they are using,
    // as with PUT /api/auth/password.
    const who = request.identity;
    const own = who?.via === 'session' && who.userId === request.params.id ? who.grantId : undefined;
    await accounts.setPassword(request.params.id, request.body.password, own);
    return done(request, reply, request.params.id, 'password_set', 'password set by an admin');
  });

  fastify.put('/auth/users/:id/pin', byAdmin({ body: PinBody }), async (request, reply) => {
    await accounts.setPin(request.params.id, request.body.pin);
    return done(request, reply, request.params.id, 'pin_set', 'PIN set');
  });

  fastify.delete('/auth/users/:id/pin', byAdmin({}), async (request, reply) => {
    await accounts.setPin(request.params.id, null);
    return done(request, reply, request.params.id, 'pin_removed', 'PIN removed');
  });
};
export default credentials;
