/**
 * Starts Debian's `redis-server` on a free loopback port with a throw-away
 * directory, for the multi-node tests and the fan-out bench. Nothing is
 * persisted (no RDB, no AOF): a restart is an empty Redis, the harshest case
 * for the Socket.IO adapter.
 *
 *   tsx scripts/redis.ts        runs one until Ctrl-C and prints its URL
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, terminate } from '../server/local-database/processes.js';

export interface LocalRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, SIGKILL after 5 s). The port stays reserved for `start()`. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (after `stop()`). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

export function redisServerAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`redis-server did not start within 10 s:\n${out}`));
    }, 10_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        child.off('exit', onExit);
        ok(child);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      fail(new Error(`redis-server exited with code ${code}:\n${out}`));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', onExit);
  });
}


export async function startRedis(opts: { port?: number } = {}): Promise<LocalRedis> {
  if (!redisServerAvailable()) {
    throw new Error('redis-server not found: install it (Debian: apt-get install redis-server)');
  }
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'jalon-redis-'));
  let child: ChildProcess | null = await launch(port, dir);
  const stop = async () => {
    if (child) await terminate(child);
    child = null;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async start() {
      if (!child) child = await launch(port, dir);
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const redis = await startRedis();
  process.stdout.write(`REDIS_URL=${redis.url}\n`);
  const quit = () => void redis.dispose().then(() => process.exit(0));
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
}
