import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../../shared/schemas/common.js';
import { Order, OrderCreate, OrderListQuery, OrderPatch } from '../../../shared/schemas/order.js';
import { access } from '../access-level.js';
import mail from './mail.js';
import transitions from './transitions.js';

const OrderList = Type.Object({ orders: Type.Array(Order), seq: Type.Integer() });

const orders: FastifyPluginAsyncTypebox = async (fastify) => {
  const svc = () => fastify.services.orders;
  const tags = ['orders'];

  fastify.get(
    '/orders',
    { config: access('operator'), schema: { tags, querystring: OrderListQuery, response: { 200: OrderList } } },
    async (request) => {
      const q = request.query;
      return svc().list(
        {
          ...(q.step ? { stepId: q.step } : {}),
          ...(q.assignee ? { assigneeId: q.assignee } : {}),
          ...(q.machine ? { machineId: q.machine } : {}),
          ...(q.q ? { q: q.q } : {}),
          all: q.all === '1' || q.all === 'true',
        },
        q.sort,
      );
    },
  );

  fastify.post(
    '/orders',
    { config: access('supervisor'), schema: { tags, body: OrderCreate, response: { 201: Order } } },
    async (request, reply) => reply.status(201).send(await svc().create(request.body, request.principal)),
  );

  fastify.get(
    '/orders/:id',
    { config: access('operator'), schema: { tags, params: IdParams, response: { 200: Order } } },
    async (request) => svc().get(request.params.id, request.principal),
  );

  fastify.patch(
    '/orders/:id',
    { config: access('supervisor'), schema: { tags, params: IdParams, body: OrderPatch, response: { 200: Order } } },
    async (request) => svc().edit(request.params.id, request.body, request.principal),
  );

  fastify.delete(
    '/orders/:id',
    { config: access('supervisor'), schema: { tags, params: IdParams } },
    async (request, reply) => {
      await svc().remove(request.params.id);
      return reply.status(204).send();
    },
  );

  await fastify.register(transitions);
  await fastify.register(mail);
};
export default orders;
