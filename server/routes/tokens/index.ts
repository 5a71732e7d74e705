import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../../shared/schemas/common.js';
import { ApiToken, TokenCreate, TokenCreated } from '../../../shared/schemas/integration-access.js';
import { access } from '../access-level.js';

/** API tokens for an ERP (admin): create (the secret shown once), list without secrets, revoke at once. */
const tokens: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['tokens'];
  const svc = () => fastify.auth.tokens;

  fastify.get('/tokens', { config: access('admin'), schema: { tags, response: { 200: Type.Array(ApiToken) } } }, async () => svc().list());

  fastify.post('/tokens', { config: access('admin'), schema: { tags, body: TokenCreate, response: { 201: TokenCreated } } }, async (request, reply) => {
    const created = await svc().create(request.body);
    request.log.info({ event: 'token_created', tokenId: created.token.id, scopes: created.token.scopes, by: request.principal.id }, 'security: API token created');
    return reply.status(201).send(created);
  });

  fastify.delete(
    '/tokens/:id',
    { config: access('admin'), schema: { tags, params: IdParams, response: { 204: Type.Null({ description: 'Revoked' }) } } },
    async (request, reply) => {
      await svc().revoke(request.params.id);
      request.log.info({ event: 'token_revoked', tokenId: request.params.id, by: request.principal.id }, 'security: API token revoked');
      return reply.status(204).send(null);
    },
  );
};
export default tokens;
