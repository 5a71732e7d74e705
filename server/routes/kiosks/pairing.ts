import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Kiosk, KioskOperator, OperatorSignIn, PairBody } from '../../../shared/schemas/auth.js';
import { setDeviceCookie } from '../../auth/cookies.js';
import type { Resolved } from '../../auth/principals.js';
import { kioskView } from '../../auth/kiosks.js';
import { AppError } from '../../errors.js';
import { access } from '../access-level.js';

/** What a kiosk itself calls: pairing with the admin's code, then its operators' PINs. */
const pairing: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['kiosks'];
  const refused = { $ref: 'ErrorBody#' };
  const { kiosks, limits } = fastify.auth;

  fastify.post(
    '/kiosks/pair',
    { config: access('public'), schema: { tags, body: PairBody, response: { 200: Type.Object({ kiosk: Kiosk }), 401: refused, 429: refused } } },
    async (request, reply) => {
      // Counted before the check: a burst of parallel codes gets the limit's worth of checks, no more.
      const ticket = await limits.pairing.take(request, reply);
      let paired;
      try {
        paired = await kiosks.pair(request.body.code);
      } catch (e) {
        if (!(e instanceof AppError && e.statusCode === 401)) {
          await ticket.refund();
          throw e;
        }
        request.log.warn({ event: 'pairing_failed', reason: e.code, ip: request.ip }, 'security: pairing refused');
        // Many addresses each under their limit still add up: past the budget, nothing is left to guess.
        if (await limits.pairingBudget.spend()) {
          const voided = await kiosks.voidPendingCodes();
          request.log.warn({ event: 'pairing_codes_voided', voided }, 'security: too many wrong pairing codes overall; every pending code is voided');
        }
        throw e;
      }
      await ticket.refund();
      request.log.info({ event: 'kiosk_paired', kioskId: paired.kiosk._id, name: paired.kiosk.name, ip: request.ip }, 'security: kiosk paired');
      setDeviceCookie(reply, paired.token, fastify.auth.secureCookies);
      return { kiosk: kioskView(paired.kiosk) };
    },
  );

  const kioskOnly = (who: Resolved | null) => {
    if (who?.via !== 'device') throw new AppError(403, 'not_a_kiosk', 'Only a paired kiosk signs operators in');
    return who.kioskId;
  };

  fastify.post(
    '/kiosks/operator',
    { config: access('operator'), schema: { tags, body: OperatorSignIn, response: { 200: KioskOperator, 401: refused, 403: refused, 429: refused } } },
    async (request, reply) => {
      const kioskId = kioskOnly(request.identity);
      // Counted before the check, per kiosk, per person and per address.
      const ticket = await limits.pin.take(request, reply);
      const { userId } = request.body;
      const op = await kiosks.signInOperator(kioskId, userId, request.body.pin);
      if (!op) {
        request.log.warn({ event: 'pin_failed', kioskId, userId, ip: request.ip }, 'security: wrong PIN');
        if (await limits.pinLock(userId).spend()) {
          await fastify.auth.accounts.lockPin(userId);
          request.log.warn({ event: 'pin_locked', userId }, 'security: PIN locked after too many wrong tries');
          throw new AppError(403, 'pin_locked', 'This PIN is locked after too many wrong tries: an administrator must set a new one');
        }
        throw new AppError(401, 'invalid_pin', 'Wrong PIN');
      }
      await ticket.refund();
      await limits.pinRight(userId);
      request.log.info({ event: 'operator_signed_in', kioskId, userId: op.id }, 'security: operator signed in on a kiosk');
      return { id: op.id, name: op.name, until: op.until.toISOString() };
    },
  );

  fastify.delete(
    '/kiosks/operator',
    { config: access('operator'), schema: { tags, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await kiosks.signOutOperator(kioskOnly(request.identity));
      return reply.status(204).send(null);
    },
  );
};
export default pairing;
