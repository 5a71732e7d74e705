import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams } from '../../../shared/schemas/common.js';
import { AdvanceBody, MoveBody, Order, RegressBody } from '../../../shared/schemas/order.js';
import type { TransitionResult } from '../../services/orders.js';
import { access } from '../access-level.js';

/**
 * Next, Previous and the supervisor's jump. A replayed opId answers 200 with
 * the order and the header `Idempotent-Replayed: true`; nothing is applied twice.
 */
const transitions: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['orders'];
  const reply200 = { 200: Order };
  const send = (reply: { header: (k: string, v: string) => unknown }, r: TransitionResult) => {
    if (r.replayed) reply.header('Idempotent-Replayed', 'true');
    return r.order;
  };

  fastify.post(
    '/orders/:id/advance',
    { config: access('operator'), schema: { tags, params: IdParams, body: AdvanceBody, response: reply200 } },
    async (request, reply) =>
      send(reply, await fastify.services.orders.transition(request.params.id, { kind: 'advance', ...request.body }, request.principal)),
  );

  fastify.post(
    '/orders/:id/regress',
    { config: access('operator'), schema: { tags, params: IdParams, body: RegressBody, response: reply200 } },
    async (request, reply) =>
      send(reply, await fastify.services.orders.transition(request.params.id, { kind: 'regress', ...request.body }, request.principal)),
  );

  fastify.post(
    '/orders/:id/move',
    { config: access('supervisor'), schema: { tags, params: IdParams, body: MoveBody, response: reply200 } },
    async (request, reply) =>
      send(reply, await fastify.services.orders.transition(request.params.id, { kind: 'move', ...request.body }, request.principal)),
  );
};
export default transitions;
