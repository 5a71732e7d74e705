import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Kiosk } from '../../../shared/schemas/auth.js';
import { DemoLinks, DemoPairBody } from '../../../shared/schemas/demo.js';
import { setDeviceCookie } from '../../auth/cookies.js';
import { kioskView } from '../../auth/kiosks.js';
import { demoScreensOf } from '../../demo/screens.js';
import { AppError } from '../../errors.js';
import { access } from '../access-level.js';

/**
 * Demo mode only: the links that pair the demo's screens in one click (printed by `npm run demo`,
 * listed on the tablet), and the pairing they do. Each opening pairs the browser through the
 * kiosk's ordinary code, so the screen is then a kiosk like any other (revocable on the tablet).
 */
const demoLinks: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['kiosks'];
  const refused = { $ref: 'ErrorBody#' };

  fastify.get('/kiosks/demo-links', { config: access('admin'), schema: { tags, response: { 200: DemoLinks } } }, async () => {
    const screens = demoScreensOf(fastify.config);
    if (!screens) return { demo: false, validUntil: null, links: [] };
    const open = screens.validUntil.getTime() > Date.now();
    return {
      demo: true,
      validUntil: screens.validUntil.toISOString(),
      links: open ? screens.screens.map(({ name, scope, path }) => ({ name, scope, path })) : [],
    };
  });

  fastify.post(
    '/kiosks/demo-pair',
    {
      config: access('public'),
      schema: { tags, body: DemoPairBody, response: { 200: Type.Object({ kiosk: Kiosk }), 401: refused, 403: refused, 410: refused } },
    },
    async (request, reply) => {
      const screens = demoScreensOf(fastify.config);
      if (!screens) throw new AppError(403, 'demo_only', 'Demo links pair screens only while the server runs in demo mode (DEMO=1): pair this screen with a code from the tablet (Écrans)');
      const screen = screens.find(request.body.token);
      if (!screen) throw new AppError(401, 'invalid_demo_link', 'This demo link is unknown: use a link printed by the running demo');
      if (screens.validUntil.getTime() <= Date.now()) {
        throw new AppError(410, 'demo_link_expired', `Demo links were valid for the demo's first hour (until ${screens.validUntil.toISOString()}): pair this screen with a code from the tablet (Écrans)`);
      }
      const { kiosks } = fastify.auth;
      // The kiosk's ordinary pairing, code issued and used at once: the previous device of this screen stops working.
      const { pairingCode } = await kiosks.newCode(screen.kioskId);
      const paired = await kiosks.pair(pairingCode);
      request.log.info({ event: 'kiosk_paired', kioskId: paired.kiosk._id, name: paired.kiosk.name, ip: request.ip, via: 'demo_link' }, 'security: kiosk paired by a demo link');
      setDeviceCookie(reply, paired.token, fastify.auth.secureCookies);
      return { kiosk: kioskView(paired.kiosk) };
    },
  );
};
export default demoLinks;
