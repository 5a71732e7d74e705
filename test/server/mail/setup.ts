import type { FastifyInstance } from 'fastify';
import type { MailTimings } from '../../../server/config.js';
import { adminCookie, buildTestApp, injectApi, uniqueDbName, type TestAppOptions } from '../../helper.js';

export const ADMIN_PASSWORD = 'mail-tests-password';

/** Worker timings short enough for tests to run in seconds. */
export const fastMail: MailTimings = {
  pollMs: 50,
  retryBaseMs: 100,
  retryMaxMs: 400,
  maxAttempts: 50,
  sendTimeoutMs: 2_000,
  leaseMs: 10_000,
};

/** A test app with fast mail timings and the account `admin` (ADMIN_PASSWORD). */
export function buildMailApp(opts: TestAppOptions & { smtpUrl?: string | null; dataDir?: string } = {}): Promise<FastifyInstance> {
  return buildTestApp({
    ...opts,
    config: {
      adminPassword: ADMIN_PASSWORD,
      smtpUrl: opts.smtpUrl ?? null,
      mailFrom: 'Atelier Jalon <atelier@jalon.test>',
      mail: fastMail,
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...opts.config,
    },
  });
}

/**
 * Two servers on one fresh database, as two nodes, with their outbox workers
 * stopped so that the test decides who works the queue and when.
 */
export async function twoIdleNodes(prefix: string, smtpUrl?: string) {
  const dbName = uniqueDbName(prefix);
  const a = await buildMailApp({ dbName, ...(smtpUrl ? { smtpUrl } : {}) });
  const b = await buildMailApp({ dbName, ...(smtpUrl ? { smtpUrl } : {}) });
  await a.mail.worker.stop();
  await b.mail.worker.stop();
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
    },
  };
}

export interface Res {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}
export type Call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, payload?: unknown) => Promise<Res>;

/** Signs in as admin (ADMIN_PASSWORD) and answers a caller that returns status and body. */
export async function signIn(app: FastifyInstance): Promise<Call> {
  const cookie = await adminCookie(app);
  return async (method, path, payload) => {
    const res = await injectApi(app, cookie, method, path, payload);
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
  };
}

/** The `mail` entries of an order's history. */
export async function mailHistory(call: Call, orderId: string): Promise<Array<{ state: string; messageId: string; reason?: string; to: string; subject: string }>> {
  const o = (await call('GET', `/orders/${orderId}`)).body;
  return (o.history ?? []).filter((h: { kind: string }) => h.kind === 'mail').map((h: { mail: any }) => h.mail);
}
