/**
 * The local MongoDB-compatible database main.ts starts when MONGODB_URI is
 * unset, in this order: a `mongod` on PATH; FerretDB 1.24.2 (SQLite backend)
 * built from our launcher in ./ferretdb with the Go toolchain; the official
 * mongod downloaded by mongodb-memory-server-core (needs internet).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startFerretDB } from './ferretdb.js';
import { databaseLog, freePort, onPath, terminate, waitForLine, type DatabaseLog } from './processes.js';

export interface LocalDatabase {
  uri: string;
  kind: 'mongod' | 'ferretdb' | 'mongodb-memory-server';
  port: number;
  stop(): Promise<void>;
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
export async function provideLocalDatabase(dataDir: string, log: DatabaseLog = databaseLog, port?: number): Promise<LocalDatabase> {
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
