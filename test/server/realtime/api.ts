import type { FastifyInstance } from 'fastify';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { adminCookie, body, buildTestApp, injectApi, type TestAppOptions } from '../../helper.js';
import { listen } from './screen.js';

export const ADMIN_PASSWORD = 'realtime-tests-password';

/** A test app whose first start creates the account `admin` (ADMIN_PASSWORD). */
export function buildRealtimeApp(opts: TestAppOptions = {}): Promise<FastifyInstance> {
  return buildTestApp({ ...opts, config: { adminPassword: ADMIN_PASSWORD, ...opts.config } });
}

export type Api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, payload?: unknown) => Promise<any>;

/** Signs in as admin (ADMIN_PASSWORD) and returns a JSON caller and the cookie for sockets. */
export async function adminApi(app: FastifyInstance): Promise<{ api: Api; cookie: string }> {
  const cookie = await adminCookie(app);
  const api: Api = async (method, path, payload) => {
    const res = await injectApi(app, cookie, method, path, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : body(res);
  };
  return { api, cookie };
}

/** A realtime test app listening on a free port: its address, the admin's caller and cookie, and the workflow it starts with. */
export async function listeningApp(opts: TestAppOptions = {}) {
  const app = await buildRealtimeApp(opts);
  const url = await listen(app);
  const { api, cookie } = await adminApi(app);
  const settings: SettingsReply = await api('GET', '/settings');
  return { app, url, api, cookie, settings };
}

/** The same caller against a server over HTTP (another process). */
export async function adminHttpApi(baseUrl: string): Promise<{ api: Api; cookie: string }> {
  let cookie = '';
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (login.ok) cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  else if (login.status !== 404) throw new Error(`sign-in as admin failed: ${login.status} ${await login.text()}`);
  const api: Api = async (method, path, payload) => {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}/api${path}`, { method, headers, ...(payload === undefined ? {} : { body: JSON.stringify(payload) }) });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return res.status === 204 ? null : JSON.parse(text);
  };
  return { api, cookie };
}
