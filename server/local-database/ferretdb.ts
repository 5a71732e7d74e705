import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseLog, freePort, onPath, terminate, waitForLine, type DatabaseLog } from './processes.js';
import type { LocalDatabase } from './provide.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Our Go launcher of FerretDB 1.24.2 (see its main.go for why it exists). */
export const ferretSource = join(dirname(fileURLToPath(import.meta.url)), 'ferretdb');
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

/** Builds the FerretDB launcher once (about a minute on two cores) and caches the binary. */
export function ensureFerretBinary(log: DatabaseLog = databaseLog): string {
  if (existsSync(ferretBinary)) return ferretBinary;
  if (!onPath('go')) throw new Error('go not found');
  log('preparing the embedded database the first time: building FerretDB 1.24.2 with Go (about a minute)…');
  mkdirSync(dirname(ferretBinary), { recursive: true });
  const res = spawnSync('go', ['build', '-o', ferretBinary, '.'], { cwd: ferretSource, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) throw new Error(`go build of ${ferretSource} failed (exit ${res.status})`);
  log(`FerretDB ready: ${ferretBinary}`);
  return ferretBinary;
}

export async function startFerretDB(opts: { dir: string; port?: number; log?: DatabaseLog }): Promise<LocalDatabase> {
  const bin = ensureFerretBinary(opts.log);
  const port = opts.port ?? (await freePort());
  mkdirSync(opts.dir, { recursive: true });
  // FERRETDB_DEBUG_ADDR=127.0.0.1:6060 serves Go's profiler, to see where the database's time goes.
  const debug = process.env.FERRETDB_DEBUG_ADDR ? ['-debug-addr', process.env.FERRETDB_DEBUG_ADDR] : [];
  const child = spawn(bin, ['-listen', `127.0.0.1:${port}`, '-dir', opts.dir, ...debug], { stdio: ['ignore', 'pipe', 'pipe'] });
  const uri = await waitForLine(child, /listening (\S+)/, 'FerretDB', 20_000);
  child.stdout?.resume();
  child.stderr?.resume();
  return { uri, kind: 'ferretdb', port, stop: () => terminate(child) };
}
