import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Kiosk, KioskCreate, KioskUpdate, KioskWithCode } from '../../../shared/schemas/auth.js';
import { IdParams } from '../../../shared/schemas/common.js';
import { access } from '../access-level.js';
import demoLinks from './demo-links.js';
import pairing from './pairing.js';
import screenCodes from './screen-codes.js';
import whereabouts from './whereabouts.js';

/** Kiosk registration (admin): create with a scope and get a pairing code, list, rename, new code, revoke. */
const kiosks: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['kiosks'];
  const svc = () => fastify.auth.kiosks;

  fastify.get('/kiosks', { config: access('admin'), schema: { tags, response: { 200: Type.Array(Kiosk) } } }, async () => svc().list());

  fastify.post(
    '/kiosks',
    { config: access('admin'), schema: { tags, body: KioskCreate, response: { 201: KioskWithCode } } },
    async (request, reply) => {
      const created = await svc().create(request.body);
      request.log.info({ event: 'kiosk_created', kioskId: created.kiosk.id, scope: created.kiosk.scope, by: request.principal.id }, 'security: kiosk created, pairing code issued');
      return reply.status(201).send(created);
    },
  );

  fastify.put(
    '/kiosks/:id',
    { config: access('admin'), schema: { tags, params: IdParams, body: KioskUpdate, response: { 200: Kiosk } } },
    async (request) => svc().update(request.params.id, request.body),
  );

  // A replaced or reset tablet: a new code; the device paired before stops working at once.
  fastify.post(
    '/kiosks/:id/code',
    { config: access('admin'), schema: { tags, params: IdParams, response: { 200: KioskWithCode } } },
    async (request) => {
      const issued = await svc().newCode(request.params.id);
      request.log.info({ event: 'kiosk_code', kioskId: request.params.id, by: request.principal.id }, 'security: new pairing code, previous device unpaired');
      return issued;
    },
  );

  fastify.delete(
    '/kiosks/:id',
    { config: access('admin'), schema: { tags, params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const k = await svc().revoke(request.params.id);
      request.log.warn({ event: 'kiosk_revoked', kioskId: k._id, name: k.name, by: request.principal.id }, 'security: kiosk revoked');
      return reply.status(204).send(null);
    },
  );

  await fastify.register(pairing);
  await fastify.register(demoLinks);
  await fastify.register(screenCodes);
  await fastify.register(whereabouts);
};
export default kiosks;
