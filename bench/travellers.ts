/**
 * How long do 200 traveller sheets take?
 *
 *   npm run bench:travellers            (200 orders, 3 runs of each figure, the best kept)
 *   SHEETS=50 RUNS=5 npm run bench:travellers
 *
 * One server, one run, a fresh database with SHEETS orders. Measured: one
 * travellers.pdf of all of them, SHEETS single traveller.pdf calls (one after
 * the other, and 4 at a time), and the layout alone in this process (no HTTP, no
 * database). The floor, measured in the same run: the same SHEETS orders read as
 * JSON (GET /api/orders/:id, one after the other), i.e. the reads every sheet
 * needs anyway. The server's peak memory (VmHWM) is printed before and after.
 * Each figure is the best of its runs: on a shared 2-core machine the median
 * mostly measures the neighbours.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { defaultSettings } from '../shared/defaults.js';
import { sheetOf } from '../server/print/sheet.js';
import { travellerDocument, writeSheets } from '../server/print/traveller-pdf.js';
import { ms, signIn, startStack } from './lib.js';

const SHEETS = Number(process.env.SHEETS ?? 200);
const RUNS = Number(process.env.RUNS ?? 3);

async function best(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

/** Peak resident memory of a process, from /proc (Linux). */
const peakMb = (pid: number | undefined) => {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return `${(kb / 1024).toFixed(0)} MB`;
  } catch {
    return 'n/a';
  }
};

async function main() {
  const stack = await startStack('travellers');
  const base = stack.server.url;
  const cookie = (await signIn(base))!;
  const headers = { cookie };
  const get = async (path: string): Promise<Buffer> => {
    const r = await fetch(base + path, { headers });
    const body = Buffer.from(await r.arrayBuffer());
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${body.toString().slice(0, 200)}`);
    return body;
  };
  try {
    const ids: string[] = [];
    for (let i = 0; i < SHEETS; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, SHEETS - i) }, async (_, k) => {
          const r = await fetch(`${base}/api/orders`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({
              contact: { name: `Françoise Lefèvre ${i + k}`, company: `Menuiserie Gaëlle & Fils — Œuvre ${i + k}` },
              nature: 'Façade en chêne',
              customerRef: `BC-${i + k}`,
              dueDate: '2026-12-24',
            }),
          });
          if (r.status !== 201) throw new Error(`create: ${r.status} ${await r.text()}`);
          return ((await r.json()) as { id: string }).id;
        }),
      );
      ids.push(...batch);
    }
    console.log(`${SHEETS} orders; server peak memory before: ${peakMb(stack.server.proc.pid)}`);
    const line = (name: string, value: number) => console.log(`  ${name}: ${ms(value)} (${ms(value / SHEETS)} a sheet)`);

    line(`floor: ${SHEETS} × GET /api/orders/:id (JSON)`, await best(RUNS, async () => {
      for (const id of ids) await get(`/api/orders/${id}`);
    }));
    let size = 0;
    line(`one travellers.pdf of ${SHEETS} ids`, await best(RUNS, async () => {
      size = (await get(`/api/orders/travellers.pdf?ids=${ids.join(',')}`)).length;
    }));
    console.log(`    (${(size / 1024).toFixed(0)} KB, ${(size / 1024 / SHEETS).toFixed(1)} KB a page)`);
    line(`${SHEETS} × GET /api/orders/:id/traveller.pdf, one after the other`, await best(RUNS, async () => {
      for (const id of ids) await get(`/api/orders/${id}/traveller.pdf`);
    }));
    line(`${SHEETS} × GET /api/orders/:id/traveller.pdf, 4 at a time`, await best(RUNS, async () => {
      for (let i = 0; i < ids.length; i += 4) await Promise.all(ids.slice(i, i + 4).map((id) => get(`/api/orders/${id}/traveller.pdf`)));
    }));
    const order = JSON.parse((await get(`/api/orders/${ids[0]}`)).toString());
    line(`layout alone, in this process (${SHEETS} pages, no HTTP, no database)`, await best(RUNS, async () => {
      const doc = travellerDocument('bench', 'fr');
      const done = new Promise((ok) => doc.pipe(new Writable({ write: (_c, _e, next) => next() })).on('finish', ok));
      const sheets = Array.from({ length: SHEETS }, () => sheetOf(order, defaultSettings, base));
      await writeSheets(doc, sheets, { format: 'a4', locale: 'fr', timezone: 'Europe/Paris', printedAt: new Date() });
      await done;
    }));
    console.log(`server peak memory after: ${peakMb(stack.server.proc.pid)}`);
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
