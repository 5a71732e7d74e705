/**
 * Provides a local MongoDB-compatible database when MONGODB_URI is unset, in
 * this order: a `mongod` on PATH; FerretDB 1.24.2 (SQLite backend) built from
 * our launcher in scripts/ferretdb with the Go toolchain; the official mongod
 * downloaded by mongodb-memory-server-core (needs internet).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { terminate } from './processes.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ferretSource = join(root, 'scripts', 'ferretdb');
/** The built launcher, named after a hash of its sources so that any change rebuilds it. */
export const ferretBinary = join(
  root,
  '.cache',
  'bin',
  `ferretdb-jalon-1.24.2-${createHash('sha256')
    .update(
      readdirSync(ferretSource)
        .filter((f) => /\.(go|mod|sum)$/.test(f))
        .sort()
        .map((f) => f + readFileSync(join(ferretSource, f), 'utf8'))
        .join('\0'),
    )
    .digest('hex')
    .slice(0, 12)}`,
);

export interface LocalDatabase {
  uri: string;
  kind: 'mongod' | 'ferretdb' | 'mongodb-memory-server';
  port: number;
  stop(): Promise<void>;
}

type Log = (line: string) => void;
const defaultLog: Log = (line) => process.stderr.write(`[database] ${line}\n`);

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Builds the FerretDB launcher once (about a minute on two cores) and caches the binary. */
export function ensureFerretBinary(log: Log = defaultLog): string {
  if (existsSync(ferretBinary)) return ferretBinary;
  if (!onPath('go')) throw new Error('go not found');
  log('preparing the embedded database the first time: building FerretDB 1.24.2 with Go (about a minute)…');
  mkdirSync(dirname(ferretBinary), { recursive: true });
  const res = spawnSync('go', ['build', '-o', ferretBinary, '.'], { cwd: ferretSource, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) throw new Error(`go build of ${ferretSource} failed (exit ${res.status})`);
  log(`FerretDB ready: ${ferretBinary}`);
  return ferretBinary;
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs: number): Promise<string> {
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`${what} did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        ok(m[1] ?? m[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${what} exited with code ${code}:\n${out}`));
    });
  });
}


export async function startFerretDB(opts: { dir: string; port?: number; log?: Log }): Promise<LocalDatabase> {
  const bin = ensureFerretBinary(opts.log);
  const port = opts.port ?? (await freePort());
  mkdirSync(opts.dir, { recursive: true });
  const child = spawn(bin, ['-listen', `127.0.0.1:${port}`, '-dir', opts.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const uri = await waitForLine(child, /listening (\S+)/, 'FerretDB', 20_000);
  child.stdout?.resume();
  child.stderr?.resume();
  return { uri, kind: 'ferretdb', port, stop: () => terminate(child) };
}

export async function startMongod(opts: { dir: string; port?: number }): Promise<LocalDatabase> {
  const port = opts.port ?? (await freePort());
  mkdirSync(opts.dir, { recursive: true });
  const child = spawn('mongod', ['--dbpath', opts.dir, '--bind_ip', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, /(Waiting for connections|waiting for connections)/, 'mongod', 30_000);
  child.stdout?.resume();
  return { uri: `mongodb://127.0.0.1:${port}/`, kind: 'mongod', port, stop: () => terminate(child) };
}

async function startMemoryServer(dir: string): Promise<LocalDatabase> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  mkdirSync(dir, { recursive: true });
  const server = await MongoMemoryServer.create({ instance: { dbPath: dir, storageEngine: 'wiredTiger' } });
  const uri = server.getUri();
  return { uri, kind: 'mongodb-memory-server', port: Number(new URL(uri).port), stop: async () => void (await server.stop()) };
}

/** The local database for `dataDir`, trying each option in the order of preference. */
export async function provideLocalDatabase(dataDir: string, log: Log = defaultLog, port?: number): Promise<LocalDatabase> {
  const failures: string[] = [];
  if (onPath('mongod')) {
    try {
      return await startMongod({ dir: join(dataDir, 'mongod'), ...(port ? { port } : {}) });
    } catch (e) {
      failures.push(`mongod on PATH: ${(e as Error).message}`);
    }
  }
  try {
    return await startFerretDB({ dir: join(dataDir, 'ferretdb'), log, ...(port ? { port } : {}) });
  } catch (e) {
    failures.push(`FerretDB: ${(e as Error).message}`);
  }
  try {
    log('trying mongodb-memory-server (downloads the official mongod; needs internet)…');
    return await startMemoryServer(join(dataDir, 'mongodb-memory-server'));
  } catch (e) {
    failures.push(`mongodb-memory-server: ${(e as Error).message}`);
  }
  throw new Error(
    'No database available. Set MONGODB_URI to a MongoDB 6+ server, or install one of: ' +
      'mongod (MongoDB Community Server), or Go ≥ 1.24 (to build the embedded FerretDB), ' +
      'or give this machine internet access for mongodb-memory-server.\n' +
      failures.map((f) => `  - ${f}`).join('\n'),
  );
}

// `tsx scripts/database.ts prepare` builds the embedded database ahead of time (CI does this).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === 'prepare') {
  ensureFerretBinary();
}
