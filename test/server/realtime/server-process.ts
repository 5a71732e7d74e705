import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { terminate } from '../../../server/local-database/processes.js';

const root = resolve(import.meta.dirname, '../../..');

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything it wrote to stderr (logs at LOG_LEVEL). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * One Jalon node as in production: `server/main.ts` in its own process, on a
 * free port (PORT=0), against the given database and Redis.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  let started = false;
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      fail(new Error(`server exited with code ${code}:\n${out}`));
    };
    child.once('exit', onExit);
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
      const m = out.match(/\[jalon\] listening on port (\d+)/);
      if (m && !started) {
        started = true;
        clearTimeout(timer);
        child.off('exit', onExit);
        const port = Number(m[1]);
        ok({
          url: `http://127.0.0.1:${port}`,
          port,
          child,
          output: () => out,
          stop: () => terminate(child, 10_000),
        });
      }
    });
  });
}
