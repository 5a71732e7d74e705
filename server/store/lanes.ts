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
