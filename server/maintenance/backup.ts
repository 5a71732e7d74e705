import { createReadStream, createWriteStream, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import mongoose from 'mongoose';

type Db = mongoose.mongo.Db;
/** Every collection of ours keys its documents by a string `_id`. */
type Doc = mongoose.mongo.Document & { _id: string };
const { EJSON } = mongoose.mongo.BSON;

export const BACKUP_FORMAT = 'jalon-backup';
export const BACKUP_VERSION = 1;

/** The first line of a backup file. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The global change seq when the dump started, and when it ended. */
  seq: number;
  endSeq: number;
  /**
   * The last re-read pass saw no change while it ran, so no order was missed moving between
   * collections. False only when the workshop never paused for the whole re-read window.
   */
  quiet?: boolean;
  collections: string[];
  /** Lines per collection (an order changed during the dump has two: the later one wins). */
  counts: Record<string, number>;
}

/**
 * Collections whose documents carry the global `seq` of their last change and
 * can move between each other: read again after the first pass (see below).
 */
const SEQUENCED = ['orders', 'archived_orders'];
/** Read last: every seq and order number in the dump was handed out before it was read. */
const LAST = 'counters';

const fileName = (at: Date) => `jalon-${at.toISOString().replace(/[:.]/g, '-')}.jsonl.gz`;
const isBackupFile = (name: string) => /^jalon-\d{4}-\d\d-\d\dT[\d-]+Z\.jsonl\.gz$/.test(name);

async function currentSeq(db: Db): Promise<number> {
  const doc = await db.collection<{ _id: string; value: number }>('counters').findOne({ _id: 'seq' });
  return doc?.value ?? 0;
}

/**
 * Writes a snapshot of every collection of `db` to `dir`, while the server
 * runs, without transactions (FerretDB has none) and without stopping writes:
 *
 * 1. the seq S0 is read; every collection is read once, in a fixed order;
 * 2. orders (active and archived) whose seq is above S0 changed during the
 *    first pass, maybe moving from one collection to the other between the
 *    two reads: they are read again and written after, and the restore keeps
 *    the later line. An order that moved is then found in its new place. The
 *    re-read repeats until one pass sees no change while it runs (a move
 *    during a pass could otherwise fall between its two reads);
 * 3. the counters are read last, so that the restored `seq` and order-number
 *    counters are above everything restored and new changes never reuse one.
 *
 * Each document is read whole (single-document writes are atomic on both
 * engines), so every order comes back with its own history intact.
 * The file is gzip: the header is written last as its own gzip member in
 * front of the body (gzip readers join members), so it can carry the counts.
 */
export async function writeBackup(db: Db, dir: string, now = new Date(), quietWithinMs = 30_000): Promise<{ file: string; header: BackupHeader }> {
  mkdirSync(dir, { recursive: true });
  const final = join(dir, fileName(now));
  const bodyPath = `${final}.body.partial`;
  const seq = await currentSeq(db);
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'));
  const order = [...names.filter((n) => n !== LAST && !SEQUENCED.includes(n)).sort(), ...SEQUENCED.filter((n) => names.includes(n)), ...(names.includes(LAST) ? [LAST] : [])];
  const counts: Record<string, number> = Object.fromEntries(order.map((n) => [n, 0]));

  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(bodyPath));
  const put = async (c: string, d: Doc) => {
    counts[c] = (counts[c] ?? 0) + 1;
    if (!gzip.write(`${EJSON.stringify({ c, d }, { relaxed: false })}\n`)) await new Promise((ok) => gzip.once('drain', ok));
  };
  try {
    for (const c of order.filter((n) => n !== LAST)) {
      for await (const d of db.collection<Doc>(c).find({})) await put(c, d);
    }
    // An order moving from one collection to the other between the reads of a pass is in neither
    // read: passes repeat, each over what changed since the previous one began, until one runs
    // with no change at all (so no move) or the time is up (then `quiet` says so).
    const sequenced = SEQUENCED.filter((n) => names.includes(n));
    const deadline = Date.now() + quietWithinMs;
    let since = seq;
    let quiet = false;
    while (!quiet) {
      const start = await currentSeq(db);
      for (const c of sequenced) {
        for await (const d of db.collection<Doc>(c).find({ seq: { $gt: since } })) await put(c, d);
      }
      quiet = (await currentSeq(db)) === start;
      since = start;
      if (Date.now() > deadline) break;
    }
    const endSeq = await currentSeq(db);
    if (names.includes(LAST)) for await (const d of db.collection<Doc>(LAST).find({})) await put(LAST, d);
    gzip.end();
    await written;

    const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), seq, endSeq, quiet, collections: order, counts };
    const headed = `${final}.partial`;
    const head = createGzip();
    const out = createWriteStream(headed);
    head.end(`${JSON.stringify(header)}\n`);
    await pipeline(head, out, { end: false });
    await pipeline(createReadStream(bodyPath), out);
    rmSync(bodyPath, { force: true });
    // Renamed only once complete: a crash never leaves a half file with a backup's name.
    renameSync(headed, final);
    return { file: final, header };
  } catch (e) {
    gzip.destroy();
    rmSync(bodyPath, { force: true });
    rmSync(`${final}.partial`, { force: true });
    throw e;
  }
}

/** Deletes the oldest backups of `dir` beyond the newest `keep`; returns the names deleted. */
export function keepNewest(dir: string, keep: number): string[] {
  const files = readdirSync(dir).filter(isBackupFile).sort();
  const old = files.slice(0, Math.max(0, files.length - keep));
  for (const f of old) rmSync(join(dir, f), { force: true });
  return old;
}

export class RestoreError extends Error {}

async function* lines(file: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield line;
}

/** The header of a backup file, checked. */
export async function readHeader(file: string): Promise<BackupHeader> {
  for await (const line of lines(file)) {
    let h: BackupHeader;
    try {
      h = JSON.parse(line) as BackupHeader;
    } catch {
      throw new RestoreError(`${file} is not a Jalon backup (its first line is not JSON)`);
    }
    if (h.format !== BACKUP_FORMAT) throw new RestoreError(`${file} is not a Jalon backup`);
    if (h.version !== BACKUP_VERSION) throw new RestoreError(`${file} is a backup of format version ${h.version}; this version reads ${BACKUP_VERSION}`);
    return h;
  }
  throw new RestoreError(`${file} is empty`);
}

/** The collections of `db` that hold documents (what a restore would overwrite). */
export async function nonEmptyCollections(db: Db): Promise<string[]> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'));
  const full: string[] = [];
  for (const n of names) if (await db.collection(n).findOne({}, { projection: { _id: 1 } })) full.push(n);
  return full.sort();
}

/**
 * Loads a backup into `db`. Refuses a database holding documents unless
 * `force`, which first empties the collections the backup has. Lines are
 * applied in file order as replacements by `_id`, so an order read twice
 * keeps its later version.
 */
export async function restoreBackup(db: Db, file: string, { force = false } = {}): Promise<BackupHeader> {
  const header = await readHeader(file);
  const full = await nonEmptyCollections(db);
  if (full.length && !force) {
    throw new RestoreError(`the database is not empty (${full.join(', ')}): restore into a fresh one, or pass --force to replace it`);
  }
  if (force) for (const c of header.collections) await db.collection(c).deleteMany({});

  const pending = new Map<string, Doc[]>();
  const flush = async (c: string) => {
    const docs = pending.get(c);
    if (!docs?.length) return;
    pending.set(c, []);
    await db.collection<Doc>(c).bulkWrite(
      docs.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })),
      { ordered: true },
    );
  };
  let first = true;
  for await (const line of lines(file)) {
    if (first) {
      first = false;
      continue;
    }
    const { c, d } = EJSON.parse(line, { relaxed: false }) as { c: string; d: Doc };
    const batch = pending.get(c) ?? [];
    batch.push(d);
    pending.set(c, batch);
    if (batch.length >= 200) await flush(c);
  }
  // Collections in the backup's order: the re-read orders land after their first reading.
  for (const c of header.collections) await flush(c);
  return header;
}
