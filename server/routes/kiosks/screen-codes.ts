import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Kiosk } from '../../../shared/schemas/auth.js';
import { ScreenCode, ScreenCodeClaim, ScreenCodeWait, ScreenCodeWaitReply } from '../../../shared/schemas/scan.js';
import { setDeviceCookie } from '../../auth/cookies.js';
import { kioskView } from '../../auth/kiosks.js';
import { access } from '../access-level.js';
import { screenCodeService } from './screen-code-service.js';

/**
 * Pairing by QR (see screen-code-service.ts): the unpaired screen asks for its code and waits;
 * the admin's tablet claims it with a scope.
 */
const screenCodes: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['kiosks'];
  const refused = { $ref: 'ErrorBody#' };
  const svc = screenCodeService({ grants: fastify.repos.grants, kiosks: fastify.auth.kiosks });

  fastify.post(
    '/kiosks/screen-code',
    {
      // Anyone may ask (the screen knows nobody yet), but not often: each answer holds a code for 10 minutes.
      config: { ...access('public'), rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: { tags, response: { 201: ScreenCode, 429: refused, 503: refused } },
    },
    async (request, reply) => {
      const code = await svc.request();
      request.log.info({ event: 'screen_code', ip: request.ip }, 'security: an unpaired screen asked for its pairing code');
      return reply.status(201).send(code);
    },
  );

  fastify.post(
    '/kiosks/screen-code/wait',
    { config: access('public'), schema: { tags, body: ScreenCodeWait, response: { 200: ScreenCodeWaitReply, 401: refused } } },
    async (request, reply) => {
      const r = await svc.collect(request.body.code, request.body.token);
      if (!r.paired) return { paired: false };
      request.log.info({ event: 'kiosk_paired', kioskId: r.kiosk._id, name: r.kiosk.name, via: 'screen_code', ip: request.ip }, 'security: kiosk paired');
      setDeviceCookie(reply, r.token, fastify.auth.secureCookies);
      return { paired: true, kiosk: kioskView(r.kiosk) };
    },
  );

  fastify.post(
    '/kiosks/screen-code/claim',
    { config: access('admin'), schema: { tags, body: ScreenCodeClaim, response: { 201: Type.Object({ kiosk: Kiosk }), 404: refused, 409: refused, 410: refused } } },
    async (request, reply) => {
      const kiosk = await svc.claim(request.body);
      request.log.info({ event: 'screen_claimed', kioskId: kiosk.id, scope: kiosk.scope, by: request.principal.id }, 'security: a waiting screen was claimed as a kiosk');
      return reply.status(201).send({ kiosk });
    },
  );
};
export default screenCodes;
