import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NumberParams, OrderWhereabouts } from '../../../shared/schemas/scan.js';
import { notFound } from '../../errors.js';
import { access } from '../access-level.js';

/**
 * Where an order is, by its number, for a screen that scanned a sheet it does not show ("this
 * order is at machine X"): its machine and person only, nothing of its customer, so any signed-in
 * screen or person may ask. Read from the active orders (bounded by the work in progress), then
 * the archive's index (by `_id`): never a scan of the finished orders.
 */
const whereabouts: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/kiosks/whereabouts/:number',
    { config: access('operator'), schema: { tags: ['kiosks'], params: NumberParams, response: { 200: OrderWhereabouts, 404: { $ref: 'ErrorBody#' } } } },
    async (request) => {
      const number = Number(request.params.number);
      const { orders } = fastify.repos;
      const [live] = await orders.listActive({ number }, (o) => o.number === number);
      if (live) return { number, machineId: live.machineId ?? null, assigneeId: live.assigneeId ?? null, finished: false };
      if (await orders.archivedNumberTaken(number)) return { number, machineId: null, assigneeId: null, finished: true };
      throw notFound('Order');
    },
  );
};
export default whereabouts;
