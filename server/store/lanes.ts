/**
 * Per-key serialisation of writes inside one process.
 *
 * Why: FerretDB 1.24 (our embedded database) runs findAndModify/update as a
 * read followed by a separate write, so two concurrent conditional updates of
 * one document can both "win" and two $inc can collapse into one (measured:
 * 50 concurrent increments left the counter at 2 to 11). Real MongoDB makes
 * each single-document update atomic by itself; running our writes one at a
 * time per document keeps the same guarantee on the embedded database for a
 * single node, at the cost of queueing writes to the same order. Several
 * nodes need a real MongoDB (README).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../errors.js';

export interface WriteLanes {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export class Lanes implements WriteLanes {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/** A lock held across nodes for one lane (redis-lanes.ts): `lost` once it can no longer be proven ours. */
export interface Lease {
  readonly key: string;
  readonly lost: boolean;
}

const held = new AsyncLocalStorage<Lease[]>();

/** Runs `task` with `lease` added to the leases the code inside it holds (lanes nest: an order's, then the seq counter's). */
export function withLease<T>(lease: Lease, task: () => Promise<T>): Promise<T> {
  return held.run([...(held.getStore() ?? []), lease], task);
}

/**
 * Called right before a write made inside lanes: refuses it (503, nothing
 * written) when a lease it relies on was lost — the lock expired or Redis
 * stopped answering while the task ran, so another node may be writing the
 * same record. Without Redis leases (one node, or MongoDB) it does nothing.
 */
export function assertLeasesHeld(): void {
  const lost = held.getStore()?.find((l) => l.lost);
  if (lost) {
    throw new AppError(503, 'lease_lost', 'The lock on this record was lost while writing; nothing was changed. Try again.');
  }
}
