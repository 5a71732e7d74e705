/**
 * The CSV import of 5,000 orders (BENCH_ROWS), against the server in its own
 * process on a fresh FerretDB (or MONGODB_URI):
 *   - parsing and mapping only (in this process: csv-parse + the row checks), the floor of the work;
 *   - the dry run of the file (read, checked, matched, nothing written);
 *   - the import itself (every row through the order service: lanes, history, broadcast);
 *   - the same file again (every row matched, nothing to change);
 *   - the floor of the writes: the same number of single POST /api/orders, 8 at a time;
 * with the server's peak resident memory (VmHWM, reset before each step) and its heap after.
 *
 *   npm run bench:import            BENCH_ROWS=1000 npm run bench:import
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { readCsv } from '../server/integration/csv/read.js';
import { mapRows } from '../server/integration/csv/rows.js';
import { jsonClient, signIn, startStack } from './lib.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);

function csvOf(n: number, prefix: string): string {
  const lines = ['Réf. ERP;Raison Sociale;Nom / Prénom;E-mail;Code postal;Nature;V/Ref;Statut;Date à livrer;Machine'];
  for (let i = 0; i < n; i++) {
    const due = `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/2027`;
    lines.push(`${prefix}-${i};Société ${i % 300};Client Nº${i};client${i}@example.fr;75${String(i % 1000).padStart(3, '0')};Façade chêne;BC-${i};en attente;${due};${i % 3 ? 'Scie' : ''}`);
  }
  return lines.join('\r\n') + '\r\n';
}

/** The server's resident memory peak since the last reset, and its reset (Linux: clear_refs 5). */
const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const resetPeak = (pid: number) => {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not allowed here: the peak is then the process's whole life so far.
  }
};

function rawPost(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': body.length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

async function main() {
  const stack = await startStack('import');
  const { server } = stack;
  const pid = server.proc.pid!;
  const http = jsonClient(server.url, 8);
  try {
    const cookie = await signIn(server.url);
    if (!cookie) throw new Error('sign-in failed');
    await http.call('POST', '/api/machines', { name: 'Scie' }, { cookie });
    const file = csvOf(ROWS, 'ERP');
    const bytes = Buffer.from(file, 'latin1');
    // Each figure as soon as it is measured (a 5,000-row run takes minutes on a loaded machine).
    const out = { push: (line: string) => process.stdout.write(`  ${line}\n`) };
    out.push(`${ROWS} rows, ${(bytes.length / 1024).toFixed(0)} KiB (Windows-1252, ';')`);

    let t = performance.now();
    const heap0 = process.memoryUsage().heapUsed;
    const mapped = mapRows(readCsv(file).records, { steps: [], statuses: ['en attente'], machines: [{ id: 'm', name: 'Scie' }], users: [] });
    if (mapped.errors.length) throw new Error(`the generated file has errors: ${JSON.stringify(mapped.errors[0])}`);
    out.push(`floor, parse + map only: ${(performance.now() - t).toFixed(0)} ms (heap +${((process.memoryUsage().heapUsed - heap0) / 2 ** 20).toFixed(0)} MiB)`);

    const post = async (qs: string) => {
      resetPeak(pid);
      const start = performance.now();
      // node:http, not fetch: undici gives up on an answer that takes more than 5 minutes.
      const res = await rawPost(`${server.url}/api/orders/import${qs}`, { cookie, 'content-type': 'text/csv' }, bytes);
      const report = JSON.parse(res.body) as { created: number; updated: number; unchanged: number; errors: unknown[] };
      const ms = performance.now() - start;
      if (res.status !== 200 || report.errors.length) throw new Error(`import ${qs}: ${res.status} ${res.body.slice(0, 300)}`);
      return { ms, report, peak: peakRss(pid) };
    };
    const dry = await post('?dryRun=1');
    out.push(`dry run: ${dry.ms.toFixed(0)} ms, server peak RSS ${dry.peak.toFixed(0)} MiB`);
    const real = await post('');
    out.push(
      `import: ${(real.ms / 1000).toFixed(1)} s (${(ROWS / (real.ms / 1000)).toFixed(0)} rows/s), created ${real.report.created}, server peak RSS ${real.peak.toFixed(0)} MiB`,
    );
    const again = await post('');
    out.push(`same file again: ${(again.ms / 1000).toFixed(1)} s, unchanged ${again.report.unchanged}, server peak RSS ${again.peak.toFixed(0)} MiB`);

    resetPeak(pid);
    t = performance.now();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < ROWS; i = next++) {
        const r = await http.call('POST', '/api/orders', { contact: { name: `Client ${i}`, company: `Société ${i % 300}` }, externalRef: `POST-${i}` }, { cookie });
        if (r.status !== 201) throw new Error(`POST ${r.status} ${JSON.stringify(r.body)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const posts = performance.now() - t;
    out.push(`floor, ${ROWS} single POST /api/orders (8 at a time): ${(posts / 1000).toFixed(1)} s (${(ROWS / (posts / 1000)).toFixed(0)} orders/s), server peak RSS ${peakRss(pid).toFixed(0)} MiB`);
  } finally {
    http.close();
    await stack.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`bench:import failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
