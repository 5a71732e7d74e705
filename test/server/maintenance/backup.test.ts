import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import mongoose from 'mongoose';
import { keepNewest, readHeader, restoreBackup, writeBackup } from '../../../server/maintenance/backup.js';
import { startFerretDB } from '../../../server/local-database/ferretdb.js';
import { body, buildTestApp, opId, testMongoUri, uniqueDbName } from '../../helper.js';

type Db = mongoose.mongo.Db;
type Doc = Record<string, unknown> & { _id: string; seq?: number; history?: unknown[] };
const { EJSON } = mongoose.mongo.BSON;
const STEPS = ['en-attente', 'prise-en-charge', 'decoupage', 'assemblage', 'emballage', 'livraison', 'terminee'];

const B = suite<{ app: FastifyInstance; dbName: string; ids: string[] }>('backup and restore');
B.before(async (ctx) => {
  ctx.dbName = uniqueDbName('backup');
  ctx.app = await buildTestApp({ dbName: ctx.dbName });
  ctx.ids = [];
  for (let i = 0; i < 16; i++) {
    const r = await ctx.app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: `Client ${i}`, company: 'ANTIKOR' } } });
    assert.is(r.statusCode, 201, r.body);
    ctx.ids.push(body(r).id);
  }
});
B.after(async (ctx) => ctx.app.close());

const openDb = async (uri: string, dbName: string) => {
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  return { db: conn.db!, close: () => conn.close() };
};

/** Every document of every collection, as EJSON text by collection and _id (exact types: Dates stay Dates). */
async function everything(db: Db): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for await (const d of db.collection(name).find({})) out.set(`${name}/${String(d._id)}`, EJSON.stringify(d, { relaxed: false }));
  }
  return out;
}

/** Moves every order around, one writer per order, until `stop` says so. */
function writeLoad(app: FastifyInstance, ids: string[], stop: () => boolean) {
  let moves = 0;
  const worker = async (id: string, n: number) => {
    let at = 'en-attente';
    for (let i = 0; !stop(); i++) {
      const to = STEPS[(n + i * 3 + 1) % STEPS.length];
      if (to === at) continue;
      const back = STEPS.indexOf(to) < STEPS.indexOf(at);
      const r = await app.inject({
        method: 'POST',
        url: `/api/orders/${id}/move`,
        payload: { expectedStepId: at, toStepId: to, opId: opId(), ...(back ? { comment: 'retour pour reprise' } : {}) },
      });
      if (r.statusCode === 429) {
        await new Promise((ok) => setTimeout(ok, 200));
        continue;
      }
      assert.is(r.statusCode, 200, r.body);
      at = to;
      moves++;
    }
  };
  const done = Promise.all(ids.map((id, n) => worker(id, n)));
  return { done, moves: () => moves };
}

function cli(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('scripts', script), ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => done({ code, out }));
  });
}

B('a backup taken under concurrent transitions restores every order as it was at some moment of the dump', async ({ app, ids }) => {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-backup-'));
  let stopped = false;
  const load = writeLoad(app, ids, () => stopped);
  await new Promise((ok) => setTimeout(ok, 300));
  const before = load.moves();
  // The writers stop a moment after the first pass: the re-read passes then reach a quiet one.
  const dump = writeBackup(app.db.connection.db!, dir);
  setTimeout(() => (stopped = true), 400);
  const { file, header } = await dump;
  const during = load.moves() - before;
  stopped = true;
  await load.done;
  assert.is(header.quiet, true, 'the last re-read pass saw no change');
  assert.ok(during > 0, 'transitions ran while the backup was written');
  assert.ok(header.endSeq > header.seq, 'the seq moved during the dump');
  assert.equal(await readHeader(file), header);

  // Restored, then opened by a server as after a restore (which puts an order caught mid-move in one place).
  const freshName = uniqueDbName('restored');
  const fresh = await openDb(testMongoUri(), freshName);
  await restoreBackup(fresh.db, file);
  const counter = (await fresh.db.collection<{ _id: string; value: number }>('counters').findOne({ _id: 'seq' }))!.value;
  await fresh.close();
  const back = await buildTestApp({ dbName: freshName });
  try {
    const read = async (a: FastifyInstance, id: string) => {
      const r = await a.inject({ method: 'GET', url: `/api/orders/${id}` });
      assert.is(r.statusCode, 200, `${id}: ${r.body}`);
      // The step's usual time and the forecast come from each server's statistics cache, not the order.
      const { stepUsualSeconds, forecast, ...order } = body<Doc>(r);
      void stepUsualSeconds;
      void forecast;
      return order as Doc;
    };
    let moved = 0;
    for (const id of ids) {
      const [r, f] = [await read(back, id), await read(app, id)];
      // A state the order really had, never one it has not reached. (Not "at least as new as the dump's start":
      // an order whose first change since then commits after the last read is rightly restored as it was before.)
      assert.ok(r.seq! <= f.seq!, `${id} is not newer than the live order`);
      // The restored history is the start of the order's real history, entry for entry.
      assert.equal(r.history, f.history!.slice(0, r.history!.length), id);
      if (r.seq === f.seq) assert.equal(r, f, `${id}: same seq, same order`);
      if (r.history!.length > 1) moved++;
      assert.ok(counter >= r.seq!, `the restored seq counter (${counter}) is above every restored change`);
    }
    assert.ok(moved > 0, 'the backup holds transitions made while it ran');
  } finally {
    await back.close();
  }
});

B('npm run backup, then npm run restore into a fresh data dir: every document identical; a second restore is refused unless --force', async ({ app, dbName }) => {
  const source = mkdtempSync(join(tmpdir(), 'jalon-source-'));
  const made = await cli('backup.ts', [], { MONGODB_URI: testMongoUri(), MONGODB_DB: dbName, DATA_DIR: source });
  assert.is(made.code, 0, made.out);
  const files = readdirSync(join(source, 'backups'));
  assert.is(files.length, 1);
  assert.match(files[0], /^jalon-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.jsonl\.gz$/);
  const file = join(source, 'backups', files[0]);

  const target = mkdtempSync(join(tmpdir(), 'jalon-target-'));
  const env = { MONGODB_URI: '', DATA_DIR: target };
  const restored = await cli('restore.ts', [file], env);
  assert.is(restored.code, 0, restored.out);
  assert.match(restored.out, /restored .* into the embedded database/);

  const again = await cli('restore.ts', [file], env);
  assert.is(again.code, 1, again.out);
  assert.match(again.out, /the database is not empty .*--force/);
  const forced = await cli('restore.ts', [file, '--force'], env);
  assert.is(forced.code, 0, forced.out);

  const db = await startFerretDB({ dir: join(target, 'ferretdb') });
  const conn = await openDb(db.uri, 'jalon');
  try {
    // Upkeep keeps writing in the live database after the dump (the webhooks' sweep mark, the
    // statistics' markers and WIP snapshots): those two collections may have moved on since.
    const upkeep = (key: string) => key.startsWith('webhook_marks/') || key.startsWith('insight_days/');
    const want = new Map([...(await everything(app.db.connection.db!))].filter(([k]) => !upkeep(k)));
    const got = new Map([...(await everything(conn.db))].filter(([k]) => !upkeep(k)));
    assert.is(got.size, want.size);
    for (const [key, doc] of want) assert.is(got.get(key), doc, key);
    assert.ok([...want.keys()].filter((k) => k.startsWith('orders/') || k.startsWith('archived_orders/')).length >= 16);
  } finally {
    await conn.close();
    await db.stop();
  }
});

B('restore refuses what is not a backup, and bad arguments', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-bad-'));
  const junk = join(dir, 'junk.jsonl.gz');
  writeFileSync(junk, 'not gzip');
  const env = { MONGODB_URI: testMongoUri(), MONGODB_DB: uniqueDbName('junk'), DATA_DIR: dir };
  const r = await cli('restore.ts', [junk], env);
  assert.is.not(r.code, 0);
  assert.is((await cli('restore.ts', [], env)).code, 2);
  assert.match((await cli('restore.ts', [join(dir, 'missing.gz')], env)).out, /does not exist/);
});

B('the newest BACKUP_KEEP backups are kept', async ({ app }) => {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-keep-'));
  const days = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04'];
  for (const d of days) await writeBackup(app.db.connection.db!, dir, new Date(`${d}T02:00:00Z`));
  writeFileSync(join(dir, 'notes.txt'), 'kept: not a backup');
  assert.equal(keepNewest(dir, 2).map((f) => f.slice(6, 16)), ['2026-01-01', '2026-01-02']);
  assert.equal(readdirSync(dir).sort().map((f) => f.slice(0, 16)), ['jalon-2026-01-03', 'jalon-2026-01-04', 'notes.txt']);
});

B.run();
