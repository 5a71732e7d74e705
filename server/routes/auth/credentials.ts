import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PasswordBody, PinBody } from '../../../shared/schemas/auth.js';
import { IdParams } from '../../../shared/schemas/common.js';
import { access } from '../access-level.js';

const Empty = { 204: Type.Null() };

/** An admin gives people their password (to sign in) and their PIN (to sign Previous/Next on a kiosk). */
const credentials: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['auth'];
  const { accounts } = fastify.auth;

  fastify.put(
    '/auth/users/:id/password',
    { config: access('admin'), schema: { tags, params: IdParams, body: PasswordBody, response: Empty } },
    async (request, reply) => {
      await accounts.setPassword(request.params.id, request.body.password);
      request.log.info({ event: 'password_set', userId: request.params.id, by: request.principal.id }, 'security: password set by an admin');
      return reply.status(204).send(null);
    },
  );

  fastify.put(
    '/auth/users/:id/pin',
    { config: access('admin'), schema: { tags, params: IdParams, body: PinBody, response: Empty } },
    async (request, reply) => {
      await accounts.setPin(request.params.id, request.body.pin);
      request.log.info({ event: 'pin_set', userId: request.params.id, by: request.principal.id }, 'security: PIN set');
      return reply.status(204).send(null);
    },
  );

  fastify.delete(
    '/auth/users/:id/pin',
    { config: access('admin'), schema: { tags, params: IdParams, response: Empty } },
    async (request, reply) => {
      await accounts.setPin(request.params.id, null);
      request.log.info({ event: 'pin_removed', userId: request.params.id, by: request.principal.id }, 'security: PIN removed');
      return reply.status(204).send(null);
    },
  );
};
export default credentials;
