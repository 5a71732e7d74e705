import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the embedded database of a running server listens, written to
 * DATA_DIR while it runs, so that `npm run backup` reaches the same database
 * (the embedded one's port is picked at start). Removed at shutdown; a file
 * left by a crash names a process that no longer exists and is ignored.
 */
export interface DatabaseAddress {
  uri: string;
  pid: number;
}

const path = (dataDir: string) => join(dataDir, 'database.json');

export function publishDatabaseAddress(dataDir: string, uri: string): () => void {
  writeFileSync(path(dataDir), `${JSON.stringify({ uri, pid: process.pid } satisfies DatabaseAddress)}\n`);
  return () => rmSync(path(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The address of the embedded database a live server on `dataDir` uses, if any. */
export function runningDatabaseAddress(dataDir: string): DatabaseAddress | null {
  let a: DatabaseAddress;
  try {
    a = JSON.parse(readFileSync(path(dataDir), 'utf8')) as DatabaseAddress;
  } catch {
    return null;
  }
  return typeof a.uri === 'string' && Number.isInteger(a.pid) && alive(a.pid) ? a : null;
}
