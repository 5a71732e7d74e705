import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../../shared/schemas/common.js';
import { Order, OrderCreate, OrderListQuery, OrderPatch } from '../../../shared/schemas/order.js';
import { badRequest, unprocessable } from '../../errors.js';
import { DEFAULT_PAGE, MAX_PAGE } from '../../services/order-pages.js';
import { access } from '../access-level.js';
import erp from './erp.js';
import mail from './mail.js';
import print from './print.js';
import transitions from './transitions.js';
import { filterOfQuery } from '../../../shared/scope.js';

const OrderList = Type.Object(
  { orders: Type.Array(Order), seq: Type.Integer() },
  {
    // Documented in OpenAPI as the response's header (@fastify/swagger reads `headers`).
    headers: {
      Link: Type.String({
        description:
          'With all=1, while more orders remain: `</api/orders?…&cursor=…>; rel="next"` (RFC 8288). Follow it as is; the cursor is opaque.',
      }),
    },
  },
);

/** The list's query, plus the paging of "tout voir" (all=1). */
const OrderListPageQuery = Type.Object(
  {
    ...OrderListQuery.properties,
    // A query string carries text (nothing is coerced): digits here, the range checked below.
    limit: Type.Optional(
      // 1 to MAX_PAGE (1000) written in the pattern itself, so that what the schema accepts the route accepts.
      Type.String({ pattern: '^(?:[1-9][0-9]{0,2}|1000)$', description: `With all=1: at most this many orders per page, 1 to ${MAX_PAGE} (default ${DEFAULT_PAGE}).` }),
    ),
    cursor: Type.Optional(
      Type.String({ maxLength: 200, description: 'With all=1: where the next page starts, as handed out in the Link header.' }),
    ),
  },
  { additionalProperties: false },
);

/** The next page's address: the same query, its cursor replaced. */
function nextLink(query: Record<string, string | undefined>, cursor: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'cursor') params.set(k, v);
  params.set('cursor', cursor);
  return `</api/orders?${params.toString()}>; rel="next"`;
}

const orders: FastifyPluginAsyncTypebox = async (fastify) => {
  const svc = () => fastify.services.orders;
  const tags = ['orders'];

  fastify.get(
    '/orders',
    { config: access('operator'), schema: { tags, querystring: OrderListPageQuery, response: { 200: OrderList } } },
    async (request, reply) => {
      const q = request.query;
      // The list's wire names as a filter, as the access rule read them (shared/scope.ts).
      const filter = filterOfQuery(q);
      if (!filter.all) {
        if (q.limit !== undefined || q.cursor !== undefined) {
          throw unprocessable('paging_needs_all', 'limit and cursor page "tout voir" (all=1); the active list is one array');
        }
        return svc().list(filter, q.sort);
      }
      const limit = q.limit === undefined ? DEFAULT_PAGE : Number(q.limit);
      if (limit < 1 || limit > MAX_PAGE) throw badRequest('invalid_limit', `limit is between 1 and ${MAX_PAGE}`);
      const page = await svc().page(filter, q.sort, limit, q.cursor);
      if (page.next) reply.header('link', nextLink(q, page.next));
      return { orders: page.orders, seq: page.seq };
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
    { config: access('supervisor'), schema: { tags, params: IdParams, response: { 204: Type.Null({ description: 'Removed' }) } } },
    async (request, reply) => {
      await svc().remove(request.params.id);
      return reply.status(204).send(null);
    },
  );

  await fastify.register(transitions);
  await fastify.register(erp);
  await fastify.register(mail);
  await fastify.register(print);
};
export default orders;
