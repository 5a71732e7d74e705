import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../../shared/schemas/common.js';
import { User, UserInput } from '../../../shared/schemas/people.js';
import { access } from '../access-level.js';

const users: FastifyPluginAsyncTypebox = async (fastify) => {
  const svc = () => fastify.services.catalog.users;
  const tags = ['users'];
  // Kiosks and operators need names for the filter bar and the history, not sign-in names.
  const visible = <U extends { username?: string }>(request: FastifyRequest, u: U): U => {
    if (request.principal.role !== 'operator') return u;
    const { username, ...rest } = u;
    void username;
    return rest as U;
  };
  fastify.get('/users', { config: access('operator'), schema: { tags, response: { 200: Type.Array(User) } } }, async (r) =>
    (await svc().list()).map((u) => visible(r, u)),
  );
  fastify.get('/users/:id', { config: access('operator'), schema: { tags, params: IdParams, response: { 200: User } } }, async (r) =>
    visible(r, await svc().get(r.params.id)),
  );
  fastify.post('/users', { config: access('admin'), schema: { tags, body: UserInput, response: { 201: User } } }, async (r, reply) =>
    reply.status(201).send(await svc().create(r.body)),
  );
  fastify.put('/users/:id', { config: access('admin'), schema: { tags, params: IdParams, body: UserInput, response: { 200: User } } }, async (r) =>
    svc().update(r.params.id, r.body),
  );
  fastify.delete('/users/:id', { config: access('admin'), schema: { tags, params: IdParams } }, async (r, reply) => {
    await svc().remove(r.params.id);
    return reply.status(204).send();
  });
};
export default users;
