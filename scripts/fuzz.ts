/**
 * `npm run fuzz`: schemathesis (PyPI) against the OpenAPI description at
 * /api/docs/json, for a bounded time, signed in as a supervisor (or as the
 * admin with FUZZ_AS=admin: the routes only an admin may call). Starts its
 * own server on a fresh database (FerretDB, or FUZZ_MONGODB_URI), counts on
 * the server side every request and every 5xx, and fails when any answer is
 * a 5xx. Needs `schemathesis` on PATH (`pip install schemathesis`).
 *
 *   npm run fuzz                      120 s
 *   FUZZ_SECONDS=600 npm run fuzz     longer
 *   FUZZ_CHECKS=all npm run fuzz      every schemathesis check, not only "no 5xx"
 *   FUZZ_AS=admin npm run fuzz        as the admin (users, settings, screens, tokens…)
 *
 * Before the HTTP part, generated Socket.IO events (scripts/fuzz-sockets.ts)
 * for FUZZ_SOCKET_SECONDS (30 by default) from a supervisor, a machine kiosk,
 * a wall and an operator: it fails on any event left unanswered, any
 * internal_error answer and any unhandled rejection in the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { startFerretDB } from '../server/local-database/ferretdb.js';
import type { LocalDatabase } from '../server/local-database/provide.js';
import { fuzzSockets } from './fuzz-sockets.js';

const seconds = Number(process.env.FUZZ_SECONDS ?? 120);
const checks = process.env.FUZZ_CHECKS ?? 'not_a_server_error';
const workers = process.env.FUZZ_WORKERS ?? '2';
const fuzzAs = process.env.FUZZ_AS ?? 'supervisor';
if (fuzzAs !== 'supervisor' && fuzzAs !== 'admin') throw new Error(`FUZZ_AS must be supervisor or admin, not ${fuzzAs}`);
const socketSeconds = Number(process.env.FUZZ_SOCKET_SECONDS ?? 30);

let unhandled = 0;
process.on('unhandledRejection', (e) => {
  unhandled++;
  process.stderr.write(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}\n`);
});

function cookieOf(res: { headers: Record<string, unknown> }): string {
  return ([] as string[])
    .concat((res.headers['set-cookie'] as string[] | string | undefined) ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function main() {
  const httpFuzz = spawnSync('schemathesis', ['--version']).status === 0;
  if (!httpFuzz) process.stderr.write('schemathesis is not installed (pip install schemathesis): only the sockets are fuzzed\n');
  const dir = mkdtempSync(join(tmpdir(), 'jalon-fuzz-'));
  let db: LocalDatabase | null = null;
  let mongodbUri = process.env.FUZZ_MONGODB_URI;
  if (!mongodbUri) {
    db = await startFerretDB({ dir });
    mongodbUri = db.uri;
  }
  const adminPassword = randomBytes(12).toString('hex');
  const config = { ...loadConfig({}), dataDir: dir, dbName: `fuzz_${Date.now().toString(36)}`, adminPassword, logLevel: 'error' };
  const app = await buildApp({ config, mongodbUri });

  // Counted by the server itself, so the figures do not depend on the fuzzer's report.
  const statuses = new Map<number, number>();
  const serverErrors: string[] = [];
  // The fuzzer's own session may end on the way (it removed or demoted itself, changed its own
  // password): every later request then only tests the refusal. Said at the end, with what did it.
  let fuzzerCookie = '';
  let answered = 0;
  const lastWrites: string[] = [];
  const session: { ended: string | null } = { ended: null };
  let checking = false;
  app.addHook('onResponse', async (request, reply) => {
    // This script's own question (below) is not the fuzzer's: neither counted nor followed.
    if (request.headers['x-fuzz-probe']) return;
    statuses.set(reply.statusCode, (statuses.get(reply.statusCode) ?? 0) + 1);
    if (reply.statusCode >= 500) serverErrors.push(`${reply.statusCode} ${request.method} ${request.url}`);
    answered++;
    if (!fuzzerCookie || session.ended || !String(request.headers.cookie ?? '').includes(fuzzerCookie)) return;
    if (request.method !== 'GET' && reply.statusCode < 300) {
      lastWrites.push(`${request.method} ${request.url.split('?')[0]} ${reply.statusCode}`);
      if (lastWrites.length > 3) lastWrites.shift();
    }
    // A 401 may be a wrong password sent with a good session: asked again of /api/auth/me, one at a time.
    if (reply.statusCode === 401 && !checking) {
      checking = true;
      const at = answered;
      const writes = lastWrites.join(', ') || 'none';
      try {
        const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: fuzzerCookie, 'x-fuzz-probe': '1' } });
        if (me.statusCode === 401) session.ended = `after about ${at} requests, its last successful writes being (oldest first) ${writes}`;
      } finally {
        checking = false;
      }
    }
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  // A supervisor, and something to find: a machine, a person, an order.
  const admin = cookieOf(await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: adminPassword } }));
  const asAdmin = (method: 'POST' | 'PUT', url: string, payload: object) => app.inject({ method, url, payload, headers: { cookie: admin } });
  const json = <T>(res: { body: string }) => JSON.parse(res.body) as T;
  const sup = json<{ id: string }>(await asAdmin('POST', '/api/users', { name: 'Fuzz supervisor', role: 'supervisor', username: 'fuzz' }));
  const supPassword = randomBytes(12).toString('hex');
  await asAdmin('PUT', `/api/auth/users/${sup.id}/password`, { password: supPassword });
  const machine = json<{ id: string }>(await asAdmin('POST', '/api/machines', { name: 'Fuzz machine' })).id;
  await asAdmin('POST', '/api/orders', { contact: { name: 'Fuzz', email: 'fuzz@example.com' }, machineId: machine, stepId: 'assemblage' });
  const supervisor = cookieOf(await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fuzz', password: supPassword } }));
  if (!supervisor) throw new Error('could not sign the supervisor in');

  // The sockets first, from every kind of caller.
  const pairedCookie = async (scope: object) => {
    const { pairingCode } = json<{ pairingCode: string }>(await asAdmin('POST', '/api/kiosks', { name: 'Fuzz screen', scope }));
    return cookieOf(await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: pairingCode } }));
  };
  const kiosk = await pairedCookie({ machineId: machine });
  const wall = await pairedCookie({ wall: true });
  const op = json<{ id: string }>(await asAdmin('POST', '/api/users', { name: 'Fuzz operator', role: 'operator', username: 'fuzz-op' }));
  await asAdmin('PUT', `/api/auth/users/${op.id}/password`, { password: supPassword });
  const operator = cookieOf(await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fuzz-op', password: supPassword } }));
  process.stdout.write(`▶ sockets: generated events for ${socketSeconds} s from a supervisor, a machine kiosk, a wall and an operator\n`);
  const sockets = await fuzzSockets(base, [supervisor, supervisor, kiosk, kiosk, wall, operator], socketSeconds);
  const refusedBy = Object.entries(sockets.refused).map(([c, n]) => `${c}: ${n}`).join(', ');
  process.stdout.write(
    `sockets: ${sockets.sent} events sent, ${sockets.answered} answered (refused: ${refusedBy || 'none'}), ` +
      `${sockets.withoutAck} without acknowledgement, ${sockets.unanswered} unanswered, ${sockets.cut} connections cut, ${unhandled} unhandled rejections\n`,
  );
  const socketFailed = sockets.unanswered > 0 || (sockets.refused.internal_error ?? 0) > 0 || unhandled > 0;
  if (!httpFuzz) {
    await app.close();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
    process.exit(socketFailed ? 1 : 2);
  }
  statuses.clear();
  answered = 0;
  fuzzerCookie = fuzzAs === 'admin' ? admin : supervisor;

  const reportDir = join(dir, 'report');
  const args = [
    // 422 (a schema-valid body naming what does not exist) is an expected answer: see the file.
    '--config-file',
    new URL('./schemathesis.toml', import.meta.url).pathname,
    'run',
    `${base}/api/docs/json`,
    '--url',
    base,
    '--header',
    `Cookie: ${fuzzerCookie}`,
    '--checks',
    checks,
    '--max-time',
    String(seconds),
    '--workers',
    workers,
    '--phases',
    'examples,coverage,fuzzing,stateful',
    // Signing out would end the fuzzer's own session: every later request would only test the 401 path.
    '--exclude-path',
    '/api/auth/logout',
    '--report',
    'json',
    '--report-json-path',
    join(reportDir, 'run.json'),
    '--output-truncate',
    'true',
  ];
  process.stdout.write(`▶ schemathesis ${args.filter((a) => !a.startsWith('Cookie')).join(' ')}\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn('schemathesis', args, { stdio: 'inherit', env: { ...process.env, SCHEMATHESIS_HOOKS: '' } });
    child.on('exit', (c) => resolve(c ?? 1));
  });

  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
  let reported: string;
  try {
    const report = JSON.parse(readFileSync(join(reportDir, 'run.json'), 'utf8')) as { summary?: unknown; statistic?: unknown };
    reported = JSON.stringify(report.summary ?? report.statistic ?? {}).slice(0, 400);
  } catch {
    reported = '(no JSON report)';
  }
  process.stdout.write(`\nfuzz: ${total} requests answered by the server in ${seconds} s budget (${byStatus})\n`);
  if (reported && reported !== '{}') process.stdout.write(`schemathesis report: ${reported}\n`);
  process.stdout.write(
    session.ended
      ? `the fuzzer's ${fuzzAs} session ended ${session.ended}: later requests only met the 401 path\n`
      : `the fuzzer's ${fuzzAs} session lasted the whole run\n`,
  );
  if (serverErrors.length) process.stdout.write(`5xx answers (${serverErrors.length}):\n  ${[...new Set(serverErrors)].slice(0, 30).join('\n  ')}\n`);
  else process.stdout.write('no 5xx answer\n');

  await app.close();
  await db?.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(serverErrors.length || code !== 0 || socketFailed || unhandled > 0 ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`fuzz failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
