import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig, type Config } from '../server/config.js';

/** The database every suite talks to: provided by scripts/test.ts (a real FerretDB or MongoDB). */
export function testMongoUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run the suites through `npm test` (scripts/test.ts)');
  return uri;
}

export const uniqueDbName = (prefix = 't') => `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/** The password of the account `admin` in test apps (unless the test passes its own `config.adminPassword`). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

export interface TestAppOptions {
  dbName?: string;
  mongodbUri?: string;
  config?: Partial<Config>;
  /**
   * Who `app.inject` acts as when a request carries no cookie of its own:
   * `admin` (default: the suites that test features, not access) or
   * `anonymous` (the suites that test access control).
   */
  as?: 'admin' | 'anonymous';
}

const adminCookies = new WeakMap<FastifyInstance, string>();

/** `name=value; name2=value2` from the Set-Cookie headers of a response (what a browser sends back). */
export function cookieHeader(res: { headers: Record<string, unknown> }): string {
  return ([] as string[])
    .concat((res.headers['set-cookie'] as string | string[] | undefined) ?? [])
    .map((c) => c.split(';')[0])
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

/** Signs in through the API; the cookie header to send on later requests and sockets. */
export async function login(app: FastifyInstance, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { cookie: '' } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  return cookieHeader(res);
}

/**
 * The admin's session cookie for `app` (a built test app): send it as the
 * `cookie` header of a socket.io-client handshake (`extraHeaders`) or of a
 * fetch to `app.listen`.
 */
export async function adminCookie(app: FastifyInstance): Promise<string> {
  let cookie = adminCookies.get(app);
  if (!cookie) {
    cookie = await login(app, 'admin', app.config.adminPassword ?? TEST_ADMIN_PASSWORD);
    adminCookies.set(app, cookie);
  }
  return cookie;
}

const hasCookie = (headers: InjectOptions['headers']) =>
  !!headers && Object.keys(headers).some((k) => k.toLowerCase() === 'cookie');

/** A ready app on its own fresh database (or on `dbName` to reopen one). Close it with `app.close()`. */
export async function buildTestApp(opts: TestAppOptions = {}): Promise<FastifyInstance> {
  const config: Config = {
    ...loadConfig({}),
    logLevel: 'silent',
    dbName: opts.dbName ?? uniqueDbName(),
    adminPassword: TEST_ADMIN_PASSWORD,
    ...opts.config,
  };
  const app = await buildApp({ config, mongodbUri: opts.mongodbUri ?? testMongoUri() }, { logger: false });
  await app.ready();
  if ((opts.as ?? 'admin') === 'admin') {
    const cookie = await adminCookie(app);
    // Requests without a cookie of their own act as the admin; a request that sets `cookie` (even empty) is left alone.
    const inject = app.inject.bind(app) as (o?: InjectOptions | string) => unknown;
    (app as { inject: unknown }).inject = (o?: InjectOptions | string) => {
      if (o === undefined) return inject();
      const options: InjectOptions = typeof o === 'string' ? { url: o } : o;
      if (hasCookie(options.headers) || options.cookies) return inject(options);
      return inject({ ...options, headers: { ...(options.headers ?? {}), cookie } });
    };
  }
  return app;
}

/** One request to `/api<path>` carrying `cookie`, with a JSON payload when one is given. */
export function injectApi(app: FastifyInstance, cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, payload?: unknown) {
  return app.inject({ method, url: `/api${path}`, headers: cookie ? { cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}

let opCounter = 0;
export const opId = () => `op-${process.pid}-${Date.now().toString(36)}-${++opCounter}`;

/** JSON body of an inject() response. */
export const body = <T = any>(res: { body: string }): T => JSON.parse(res.body) as T;

/** A person with `role` (named `<role> <username>` unless `name` is given), a username and a password, signed in: their id, credentials and cookie header. */
export async function signInAs(
  app: FastifyInstance,
  role: 'admin' | 'supervisor' | 'operator',
  name?: string,
): Promise<{ id: string; username: string; password: string; cookie: string }> {
  const admin = await adminCookie(app);
  const username = `${role}-${randomBytes(4).toString('hex')}`;
  const created = await app.inject({ method: 'POST', url: '/api/users', payload: { name: name ?? `${role} ${username}`, role, username }, headers: { cookie: admin } });
  if (created.statusCode !== 201) throw new Error(`creating ${role} failed: ${created.statusCode} ${created.body}`);
  const id = body<{ id: string }>(created).id;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const set = await app.inject({ method: 'PUT', url: `/api/auth/users/${id}/password`, payload: { password }, headers: { cookie: admin } });
  if (set.statusCode !== 204) throw new Error(`setting the password failed: ${set.statusCode} ${set.body}`);
  return { id, username, password, cookie: await login(app, username, password) };
}

export type KioskScopeInput = { machineId: string } | { assigneeId: string } | { wall: true };

/** Creates a kiosk (as admin) and pairs it: its id and device cookie header. */
export async function pairKiosk(
  app: FastifyInstance,
  scope: KioskScopeInput,
  extra: { name?: string; requirePin?: boolean; pinMinutes?: number } = {},
): Promise<{ id: string; cookie: string }> {
  const admin = await adminCookie(app);
  const created = await app.inject({
    method: 'POST',
    url: '/api/kiosks',
    payload: { name: extra.name ?? 'Kiosk', scope, ...extra },
    headers: { cookie: admin },
  });
  if (created.statusCode !== 201) throw new Error(`creating a kiosk failed: ${created.statusCode} ${created.body}`);
  const { kiosk, pairingCode } = body<{ kiosk: { id: string }; pairingCode: string }>(created);
  const paired = await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: pairingCode }, headers: { cookie: '' } });
  if (paired.statusCode !== 200) throw new Error(`pairing failed: ${paired.statusCode} ${paired.body}`);
  return { id: kiosk.id, cookie: cookieHeader(paired) };
}
