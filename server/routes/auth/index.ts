import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LoginBody, LoginReply, Me, OwnPasswordBody, SetupBody, SetupStatus } from '../../../shared/schemas/auth.js';
import { clearCookie, setSessionCookie } from '../../auth/cookies.js';
import { SESSION_COOKIE } from '../../auth/principals.js';
import { AppError } from '../../errors.js';
import { access } from '../access-level.js';
import credentials from './credentials.js';

const Empty = { 204: Type.Null() };
/** Refusals these routes answer besides the ones every protected route documents. */
const refused = { $ref: 'ErrorBody#' };

/** People sign in and out; anyone recognised can ask who they are. */
const auth: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['auth'];
  const { accounts, kiosks, limits } = fastify.auth;
  const secure = () => fastify.auth.secureCookies;

  fastify.post(
    '/auth/login',
    { config: access('public'), schema: { tags, body: LoginBody, response: { 200: LoginReply, 401: refused, 429: refused } } },
    async (request, reply) => {
      // Counted before the check (per address and per account), given back when right.
      const ticket = await limits.login.take(request, reply);
      const { username, password } = request.body;
      const signedIn = await accounts.login(username, password);
      if (!signedIn) {
        request.log.warn({ event: 'login_failed', username, ip: request.ip }, 'security: sign-in failed');
        throw new AppError(401, 'invalid_credentials', 'Wrong username or password');
      }
      await ticket.refund();
      request.log.info({ event: 'login', username, userId: signedIn.user.id, ip: request.ip }, 'security: signed in');
      setSessionCookie(reply, signedIn.token, signedIn.expiresAt, secure());
      return { user: signedIn.user, expiresAt: signedIn.expiresAt.toISOString() };
    },
  );

  fastify.post(
    '/auth/logout',
    { config: access('public'), schema: { tags, response: Empty } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const ended = await accounts.logout(token);
        if (ended) request.log.info({ event: 'logout', userId: ended.userId, ip: request.ip }, 'security: signed out');
      }
      clearCookie(reply, SESSION_COOKIE, secure());
      return reply.status(204).send(null);
    },
  );

  fastify.get(
    '/auth/me',
    { config: access('operator'), schema: { tags, response: { 200: Me } } },
    async (request) => {
      const who = request.identity!;
      const p = who.principal;
      if (who.via === 'device') {
        const { kiosk: k, operator } = await kiosks.current(who.kioskId);
        return {
          kind: 'kiosk' as const,
          id: k.id,
          name: k.name,
          role: p.role,
          scope: k.scope,
          requirePin: k.requirePin,
          pinMinutes: k.pinMinutes,
          operator,
        };
      }
      const user = await fastify.services.catalog.users.get(who.userId);
      return { kind: 'user' as const, id: user.id, name: user.name, role: user.role, ...(user.username ? { username: user.username } : {}) };
    },
  );

  fastify.get(
    '/auth/setup',
    { config: access('public'), schema: { tags, response: { 200: SetupStatus } } },
    async () => ({ required: await accounts.needsSetup() }),
  );

  fastify.post(
    '/auth/setup',
    { config: access('public'), schema: { tags, body: SetupBody, response: { 200: LoginReply, 401: refused, 409: refused, 429: refused } } },
    async (request, reply) => {
      const ticket = await limits.setup.take(request, reply);
      let signedIn;
      try {
        signedIn = await accounts.completeSetup(request.body.token, request.body.password);
      } catch (e) {
        // Only a wrong token is a guess; any other refusal gives its count back.
        if (!(e instanceof AppError && e.statusCode === 401)) await ticket.refund();
        else {
          request.log.warn({ event: 'setup_failed', ip: request.ip }, 'security: setup link refused');
        }
        throw e;
      }
      await ticket.refund();
      request.log.info({ event: 'admin_created', ip: request.ip }, 'security: admin password chosen through the setup link');
      setSessionCookie(reply, signedIn.token, signedIn.expiresAt, secure());
      return { user: signedIn.user, expiresAt: signedIn.expiresAt.toISOString() };
    },
  );

  fastify.put(
    '/auth/password',
    { config: access('operator'), schema: { tags, body: OwnPasswordBody, response: { ...Empty, 429: refused } } },
    async (request, reply) => {
      const who = request.identity!;
      if (who.via !== 'session') throw new AppError(403, 'forbidden', 'Only a signed-in person has a password');
      const ticket = await limits.login.take(request, reply);
      try {
        await accounts.changeOwnPassword(who.userId, who.grantId, request.body.currentPassword, request.body.password);
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'wrong_password')) await ticket.refund();
        throw e;
      }
      await ticket.refund();
      request.log.info({ event: 'password_changed', userId: who.userId, ip: request.ip }, 'security: password changed by its owner');
      return reply.status(204).send(null);
    },
  );

  await fastify.register(credentials);
};
export default auth;
