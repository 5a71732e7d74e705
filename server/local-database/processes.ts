import { spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export type DatabaseLog = (line: string) => void;
/** Where the local database says what it is doing by default: stderr, before the app's logger exists. */
export const databaseLog: DatabaseLog = (line) => process.stderr.write(`[database] ${line}\n`);

/** Stops a child process: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      ok();
    });
    child.kill('SIGTERM');
  });
}

/** A TCP port on the loopback interface that nothing listens on right now. */
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

export function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Resolves with the first match of `pattern` in the child's stdout (group 1 if any); fails on exit or timeout. */
export function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs: number): Promise<string> {
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
