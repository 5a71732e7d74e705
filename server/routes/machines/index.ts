import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../../shared/schemas/common.js';
import { Machine, MachineInput } from '../../../shared/schemas/people.js';
import { access } from '../access-level.js';

const machines: FastifyPluginAsyncTypebox = async (fastify) => {
  const svc = () => fastify.services.catalog.machines;
  const tags = ['machines'];
  fastify.get('/machines', { config: access('operator'), schema: { tags, response: { 200: Type.Array(Machine) } } }, async () =>
    svc().list(),
  );
  fastify.get('/machines/:id', { config: access('operator'), schema: { tags, params: IdParams, response: { 200: Machine } } }, async (r) =>
    svc().get(r.params.id),
  );
  fastify.post('/machines', { config: access('admin'), schema: { tags, body: MachineInput, response: { 201: Machine } } }, async (r, reply) =>
    reply.status(201).send(await svc().create(r.body)),
  );
  fastify.put(
    '/machines/:id',
    { config: access('admin'), schema: { tags, params: IdParams, body: MachineInput, response: { 200: Machine } } },
    async (r) => svc().update(r.params.id, r.body),
  );
  fastify.delete('/machines/:id', { config: access('admin'), schema: { tags, params: IdParams } }, async (r, reply) => {
    await svc().remove(r.params.id);
    return reply.status(204).send();
  });
};
export default machines;
