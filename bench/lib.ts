/** Small tools shared by the benchmarks: a keep-alive JSON client, percentiles, a server process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFerretDB } from '../server/local-database/ferretdb.js';
import { freePort } from '../server/local-database/processes.js';

export const root = resolve(import.meta.dirname, '..');

export function jsonClient(base: string, maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const url = new URL(base);
  return {
    call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
      const data = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((ok, fail) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers: { ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => ok({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
          },
        );
        req.on('error', fail);
        if (data) req.write(data);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

export function summary(latencies: number[]) {
  const s = [...latencies].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * Starts `server/main.ts` as its own process; resolves once /api/health answers. With
 * SERVER_PROF=<dir> the server writes a V8 CPU profile there when it stops (where its time went).
 */
export async function startServer(env: Record<string, string>): Promise<{ url: string; proc: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...(process.env.SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.SERVER_PROF] : []), '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const client = jsonClient(url, 1);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      if ((await client.call('GET', '/api/health')).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  client.close();
  return {
    url,
    proc,
    stop: () =>
      new Promise<void>((ok) => {
        if (proc.exitCode !== null) return ok();
        proc.once('exit', () => ok());
        proc.kill('SIGTERM');
      }),
  };
}

/** The admin password every bench server is started with. */
export const BENCH_PASSWORD = 'bench-admin-password';

/**
 * A fresh stack for one bench: a temporary directory, FerretDB in it (unless MONGODB_URI names a
 * database), and the server on database `<name>_<time>`. `stop()` takes it all down.
 */
export async function startStack(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `jalon-bench-${name}-`));
  const db = process.env.MONGODB_URI ? null : await startFerretDB({ dir });
  const mongodbUri = process.env.MONGODB_URI ?? db!.uri;
  const dbName = `bench${name}_${Date.now()}`;
  const server = await startServer({ MONGODB_URI: mongodbUri, MONGODB_DB: dbName, ADMIN_PASSWORD: BENCH_PASSWORD });
  return {
    db,
    mongodbUri,
    dbName,
    server,
    async stop(): Promise<void> {
      await server.stop();
      await db?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in as the admin; the session cookie, or undefined when the server refused (or has no sign-in). */
export async function signIn(url: string): Promise<string | undefined> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: BENCH_PASSWORD }),
  }).catch(() => null);
  return login?.ok ? login.headers.get('set-cookie')?.split(';')[0] : undefined;
}
