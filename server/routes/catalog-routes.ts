import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IdParams } from '../../shared/schemas/common.js';
import { access, type AccessLevel } from './access-level.js';

type Api = Parameters<FastifyPluginAsyncTypebox>[0];

interface CatalogService<I, N> {
  list(): Promise<I[]>;
  get(id: string): Promise<I>;
  create(input: N): Promise<I>;
  update(id: string, input: N): Promise<I>;
  remove(id: string): Promise<void>;
}

export interface CatalogRouteOptions<S extends TSchema, N extends TSchema> {
  /** `/machines`: the list at it, one item at `/machines/:id`. */
  path: string;
  item: S;
  input: N;
  /** Who reads; admins alone write. */
  read: AccessLevel;
  service: () => CatalogService<Static<S>, Static<N>>;
  /** What a caller is shown of an item (people's sign-in names are kept from operators). */
  shown?: (request: FastifyRequest, item: Static<S>) => Static<S>;
}

/**
 * The five routes of a catalogue resource (people, workstations, templates):
 * list, read, create (201), replace, delete (204). The service refuses what
 * would break running orders.
 */
export function catalogRoutes<S extends TSchema, N extends TSchema>(fastify: Api, o: CatalogRouteOptions<S, N>): void {
  const tags = [o.path.slice(1)];
  const one = `${o.path}/:id`;
  const shown = o.shown ?? ((_request, item) => item);
  const item = o.item as TSchema;
  fastify.get(o.path, { config: access(o.read), schema: { tags, response: { 200: Type.Array(item) } } }, async (r) =>
    (await o.service().list()).map((i) => shown(r, i)),
  );
  fastify.get(one, { config: access(o.read), schema: { tags, params: IdParams, response: { 200: item } } }, async (r) =>
    shown(r, await o.service().get(r.params.id)),
  );
  fastify.post(o.path, { config: access('admin'), schema: { tags, body: o.input, response: { 201: item } } }, async (r, reply) =>
    reply.status(201).send(await o.service().create(r.body as Static<N>)),
  );
  fastify.put(one, { config: access('admin'), schema: { tags, params: IdParams, body: o.input, response: { 200: item } } }, async (r) =>
    o.service().update(r.params.id, r.body as Static<N>),
  );
  fastify.delete(one, { config: access('admin'), schema: { tags, params: IdParams, response: { 204: Type.Null({ description: 'Deleted' }) } } }, async (r, reply) => {
    await o.service().remove(r.params.id);
    return reply.status(204).send(null);
  });
}
