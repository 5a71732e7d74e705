import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { accountService, type AccountService } from '../../auth/accounts.js';
import { redisAttempts, memoryAttempts } from '../../auth/attempt-store.js';
import { addressOf, attemptLimiter, failureBudget, type AttemptLimiter, type FailureBudget } from '../../auth/attempts.js';
import { setDeviceCookie, setSessionCookie } from '../../auth/cookies.js';
import { AccessEvents } from '../../auth/events.js';
import { kioskService, PAIRING_CODE_MS, type KioskService } from '../../auth/kiosks.js';
import { decide, isSafeMethod, ORDER_LIST_ROUTE, ORDER_ROUTE, tokenScopeFor } from '../../auth/permissions.js';
import { resolveCookies, type Resolved } from '../../auth/principals.js';
import { bearerOf, plausibleSecret, tokenService, type TokenService } from '../../auth/tokens.js';
import { apiTokenRepository } from '../../store/api-tokens.js';
import type { Principal } from '../../domain/principal.js';
import type { OrderListQuery } from '../../../shared/schemas/order.js';
import { filterOfQuery, narrowFilter, scopeOf } from '../../../shared/scope.js';
import { AppError } from '../../errors.js';
import type { AccessLevel } from '../../routes/access-level.js';

export interface RouteAccess {
  method: string;
  url: string;
  access: AccessLevel;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: {
      accounts: AccountService;
      kiosks: KioskService;
      /** API tokens for an ERP (`Authorization: Bearer jalon_…`), held to their scopes by `decide`. */
      tokens: TokenService;
      /** Access withdrawn (revocation, sign-out): the realtime layer cuts the live connections concerned. */
      events: AccessEvents;
      /** `renew: false`: a check that is not a request (a live socket's), which leaves the session's idle expiry alone. */
      resolve(cookies: Record<string, string | undefined>, opts?: { renew?: boolean }): Promise<Resolved | null>;
      /** Every /api route with its declared access, as registered: the permission matrix walks this. */
      routes: RouteAccess[];
      /** Guesses counted before they are checked (auth/attempts.ts), shared by the nodes through Redis when there is one. */
      limits: {
        login: AttemptLimiter;
        pairing: AttemptLimiter;
        pin: AttemptLimiter;
        setup: AttemptLimiter;
        /** Bearer secrets tried (a right one gives its count back). */
        bearer: AttemptLimiter;
        /** Wrong pairing codes from everyone: when used up, every pending code is voided. */
        pairingBudget: FailureBudget;
        /** Wrong PINs of one person in a row, on any kiosk: when used up, the PIN is locked. */
        pinLock: (userId: string) => FailureBudget;
        /** A right PIN: the person's count of wrong ones starts over. */
        pinRight: (userId: string) => Promise<void>;
      };
      /** Cookies get the Secure flag when the public address is https. */
      secureCookies: boolean;
    };
  }
  interface FastifyRequest {
    /**
     * Who is asking. Always set on routes whose access is not `public`
     * (the request is refused before the handler otherwise).
     */
    principal: Principal;
    /** How the caller was recognised by its cookie (null: anonymous, a public route, or an API token). */
    identity: Resolved | null;
  }
}

/** Wrong pairing codes from everyone within a code's lifetime before every pending code is voided. */
const PAIRING_BUDGET = 200;
/** Wrong PINs of one person in a row (within a day, any kiosk) before their PIN is locked. */
const PIN_LOCK_AFTER = 10;
const PIN_LOCK_WINDOW_MS = 24 * 3600_000;

/** Routes of plugins registered before this one (API docs) are outside the access table: they are public. */
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

/**
 * Access control for HTTP, in one place: every /api route must declare
 * `config.access` (start-up fails otherwise), each request is resolved to a
 * principal from its session or device cookie, refused with 401/403 when its
 * role falls short, and, for kiosks and operators, held to their scope on the
 * order routes (list narrowed, one order checked against its machine/person).
 */
export default fp(
  async (fastify) => {
    const { config } = fastify;
    await fastify.register(cookie);

    const { users, machines, grants } = fastify.repos;
    const events = new AccessEvents();
    // Late-bound: the kiosk service needs the accounts' PIN check, the accounts end kiosk turns.
    const accounts = accountService({ users, grants, events, endPinTurns: (userId) => kiosks.endTurnsOf(userId) });
    const kiosks = kioskService({
      kiosks: fastify.repos.kiosks,
      grants,
      events,
      machineExists: (id) => machines.exists(id),
      userExists: (id) => users.exists(id),
      verifyPin: (userId, pin) => accounts.verifyPin(userId, pin),
    });
    const tokens = tokenService({ tokens: apiTokenRepository(fastify.db.models), grants });
    const attempts = config.redisUrl ? await redisAttempts(config.redisUrl) : memoryAttempts();
    fastify.addHook('onClose', () => attempts.close());
    const bodyField = (r: FastifyRequest, field: string) => {
      const v = (r.body as Record<string, unknown> | undefined)?.[field];
      return typeof v === 'string' ? v.trim().toLowerCase() : '';
    };
    // The account a password is tried on: the username typed, or the signed-in person changing their own.
    const account = (r: FastifyRequest) => `account:${bodyField(r, 'username') || (r.identity?.via === 'session' ? r.identity.userId : '')}`;
    const routes: RouteAccess[] = [];

    fastify.decorate('auth', {
      accounts,
      kiosks,
      tokens,
      events,
      resolve: (cookies: Record<string, string | undefined>, opts?: { renew?: boolean }) => resolveCookies(cookies, { accounts, kiosks }, opts),
      routes,
      limits: {
        login: attemptLimiter(attempts, 'login', { max: 10, windowMs: 60_000, keys: (r) => [addressOf(r), account(r)] }),
        pairing: attemptLimiter(attempts, 'pairing', { max: 10, windowMs: 60_000, keys: (r) => [addressOf(r)] }),
        pin: attemptLimiter(attempts, 'pin', {
          max: 5,
          windowMs: 60_000,
          // The address gets more: every kiosk of a workshop may sit behind one address.
          keys: (r) => [`kiosk:${r.identity?.principal.id ?? ''}`, `account:${bodyField(r, 'userId')}`, { key: addressOf(r), max: 30 }],
        }),
        setup: attemptLimiter(attempts, 'setup', { max: 10, windowMs: 60_000, keys: (r) => [addressOf(r)] }),
        // More than a person's: an ERP may send a burst in parallel, each counted until its check refunds it.
        bearer: attemptLimiter(attempts, 'bearer', { max: 30, windowMs: 60_000, keys: (r) => [addressOf(r)] }),
        pairingBudget: failureBudget(attempts, 'pairing', PAIRING_BUDGET, PAIRING_CODE_MS),
        pinLock: (userId) => failureBudget(attempts, `pin:${userId}`, PIN_LOCK_AFTER, PIN_LOCK_WINDOW_MS),
        pinRight: (userId) => attempts.clear(`budget:pin:${userId}`),
      },
      secureCookies: config.publicUrl.startsWith('https:'),
    });
    fastify.decorateRequest('principal', null as unknown as Principal);
    fastify.decorateRequest('identity', null);

    fastify.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api') || isDocs(route.url)) return;
      const access = route.config?.access;
      if (!access) {
        throw new Error(`${String(route.method)} ${route.url} declares no access level: add \`config: access(...)\` to the route`);
      }
      for (const method of ([] as string[]).concat(route.method)) {
        if (method !== 'HEAD') routes.push({ method, url: route.url, access });
      }
      // The refusals this plugin answers are part of each protected route's documented contract.
      if (access !== 'public' && route.schema && !route.schema.hide) {
        const refused = { $ref: 'ErrorBody#' };
        route.schema = { ...route.schema, response: { 401: refused, 403: refused, ...(route.schema.response as object | undefined) } };
        // Which routes an API token may call, and with which scope, as the OpenAPI document says it.
        const method = ([] as string[]).concat(route.method).find((m) => m !== 'HEAD') ?? 'GET';
        const scope = tokenScopeFor(method, route.url);
        route.schema = {
          ...route.schema,
          security: [{ session: [] }, { device: [] }, ...(scope ? [{ bearer: [scope] }] : [])],
          ...(scope ? { description: `${route.schema.description ?? ''}${route.schema.description ? '\n\n' : ''}API tokens: scope \`${scope}\`.` } : {}),
        };
      }
    });

    fastify.addHook('onRequest', async (request, reply) => {
      const access = request.routeOptions.config?.access;
      // Not an API route (the PWA's files, the API docs) or open to all: nobody to recognise.
      if (!access || access === 'public') return;
      const bearer = bearerOf(request.headers.authorization);
      if (bearer !== null) {
        // An API token: it alone says who is asking (cookies sent along are ignored), counted like any guess —
        // once it has our tokens' shape: anything else cannot be one, and is refused without counting or a lookup.
        if (!plausibleSecret(bearer)) throw new AppError(401, 'invalid_token', 'This is not an API token of this server (they start with jalon_)');
        const ticket = await fastify.auth.limits.bearer.take(request, reply);
        const principal = await tokens.resolve(bearer);
        if (!principal) {
          request.log.warn({ event: 'bearer_refused', ip: request.ip }, 'security: unknown or revoked API token');
          throw new AppError(401, 'invalid_token', 'This API token is unknown or was revoked');
        }
        await ticket.refund();
        const decision = decide(access, principal, request.method, request.routeOptions.url ?? '');
        if (!decision.allowed) throw new AppError(decision.status, decision.code, decision.message);
        // No cookie identity: the list is not narrowed (tokens see every order) and no kiosk rule applies.
        request.principal = principal;
        return;
      }
      const resolved = await fastify.auth.resolve(request.cookies);
      const decision = decide(access, resolved?.principal ?? null, request.method, request.routeOptions.url ?? '');
      if (!decision.allowed) throw new AppError(decision.status, decision.code, decision.message);
      request.identity = resolved;
      request.principal = resolved!.principal;
      if (resolved!.via === 'session' && resolved!.renewedUntil) {
        setSessionCookie(reply, request.cookies.jalon_session!, resolved!.renewedUntil, fastify.auth.secureCookies);
      } else if (resolved!.via === 'device' && resolved!.refresh) {
        setDeviceCookie(reply, request.cookies.jalon_device!, fastify.auth.secureCookies);
      }
    });

    // After validation, for every method (HEAD is a GET without its body: what GET refuses, HEAD refuses).
    // The list is narrowed here by the one rule (shared/scope.ts); one order is checked by the service
    // on the order it reads, inside the write's lane for a change: no second read here.
    fastify.addHook('preHandler', async (request) => {
      const who = request.identity;
      if (!who) return;
      const p = who.principal;
      const url = request.routeOptions.url ?? '';
      if (url === ORDER_LIST_ROUTE) {
        const query = request.query as OrderListQuery;
        const narrowed = narrowFilter(scopeOf(p), filterOfQuery(query));
        if (!narrowed.ok) throw new AppError(403, narrowed.code, narrowed.message);
        if (narrowed.filter.machineId) query.machine = narrowed.filter.machineId;
        if (narrowed.filter.assigneeId) query.assignee = narrowed.filter.assigneeId;
        return;
      }
      if (!ORDER_ROUTE.test(url)) return;
      if (!isSafeMethod(request.method) && who.via === 'device' && who.requirePin && !p.operator) {
        throw new AppError(403, 'pin_required', 'Type your PIN on this kiosk first');
      }
    });

    // First start: the admin account from ADMIN_PASSWORD, or a one-time link to choose its password.
    if (await accounts.needsSetup()) {
      if (config.adminPassword) {
        if (config.adminPassword.trim().length < 8) throw new Error('ADMIN_PASSWORD must be at least 8 characters long');
        await accounts.createAdmin(config.adminPassword);
        fastify.log.info({ event: 'admin_created' }, 'security: account "admin" created from ADMIN_PASSWORD');
      } else if (!config.demo) {
        const token = await accounts.createSetupToken();
        fastify.log.warn(
          { event: 'setup_link' },
          `No administrator yet. Open ${config.publicUrl}/admin/setup?token=${token} within 24 h to choose the admin password (one use).`,
        );
      }
    }
  },
  { name: 'auth', dependencies: ['errors', 'rate-limit', 'store'] },
);
