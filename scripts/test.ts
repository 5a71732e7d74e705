/**
 * `npm test`: typecheck and lint, then every uvu suite (test/**\/*.test.ts) in its own
 * process against a real database that this script provides (FerretDB built
 * from server/local-database/ferretdb, or TEST_MONGODB_URI), then one closing line
 * "N passed, M failed" over all suites.
 *
 *   npm test                 everything
 *   npm test -- routes       only suites whose path contains "routes"
 *   SKIP_TYPECHECK=1 npm test -- urgency
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { startFerretDB } from '../server/local-database/ferretdb.js';
import type { LocalDatabase } from '../server/local-database/provide.js';

const root = resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const SUITE_TIMEOUT_MS = Number(process.env.SUITE_TIMEOUT_MS ?? 4 * 60_000);

function findSuites(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findSuites(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

function step(title: string, cmd: string, args: string[]): boolean {
  process.stdout.write(`\n▶ ${title}\n`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  return res.status === 0;
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

function runSuite(file: string, env: NodeJS.ProcessEnv): Promise<{ passed: number; failed: number; skipped: number }> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      process.stdout.write(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
      process.stderr.write(b);
    });
    const timer = setTimeout(() => {
      process.stdout.write(`\n✗ ${relative(root, file)} timed out after ${SUITE_TIMEOUT_MS / 1000} s\n`);
      child.kill('SIGKILL');
    }, SUITE_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const text = stripAnsi(out);
      const num = (label: string) => Number(text.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? NaN);
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped') || 0;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (Number.isNaN(total) || Number.isNaN(passed)) {
        process.stdout.write(`✗ ${relative(root, file)}: no test summary (exit ${code}) in ${secs} s\n`);
        return done({ passed: 0, failed: 1, skipped: 0 });
      }
      let failed = total - passed - skipped;
      // A suite that crashed after its summary (or a hook that threw) still fails.
      if (code !== 0 && failed === 0) failed = 1;
      process.stdout.write(`  ${failed ? '✗' : '✓'} ${relative(root, file)}: ${passed}/${total} in ${secs} s\n`);
      done({ passed, failed, skipped });
    });
  });
}

async function main() {
  let failed = 0;
  let passed = 0;
  let skipped = 0;

  if (!process.env.SKIP_TYPECHECK) {
    if (!step('typecheck (server, shared, scripts, tests)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])) failed++;
    else passed++;
    if (existsSync(join(root, 'kiosk', 'tsconfig.json'))) {
      if (!step('typecheck (kiosk)', 'npx', ['tsc', '-p', 'kiosk/tsconfig.json', '--noEmit'])) failed++;
      else passed++;
    }
    if (!step('lint (eslint, type-checked rules)', 'npx', ['eslint', '.'])) failed++;
    else passed++;
  }

  let suites = findSuites(join(root, 'test'));
  if (filters.length) suites = suites.filter((f) => filters.some((x) => relative(root, f).includes(x)));
  const needsBuild = suites.some((f) => f.includes(`${join('test', 'e2e')}`)) && existsSync(join(root, 'kiosk', 'vite.config.ts'));
  if (needsBuild && !process.env.SKIP_BUILD) {
    if (!step('build the PWA for the browser tests', 'npm', ['run', '--silent', 'build'])) failed++;
  }

  let db: LocalDatabase | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'jalon-test-db-'));
  let mongodbUri = process.env.TEST_MONGODB_URI;
  if (!mongodbUri) {
    process.stdout.write('\n▶ starting the test database (FerretDB, SQLite backend)\n');
    db = await startFerretDB({ dir: dataDir });
    mongodbUri = db.uri;
  }
  process.stdout.write(`  database: ${mongodbUri}\n`);

  const env = { ...process.env, MONGODB_URI: mongodbUri, NODE_ENV: undefined, FORCE_COLOR: '0' };
  try {
    for (const file of suites) {
      process.stdout.write(`\n▶ ${relative(root, file)}\n`);
      const r = await runSuite(file, env);
      passed += r.passed;
      failed += r.failed;
      skipped += r.skipped;
    }
  } finally {
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exit(failed ? 1 : 0);
}

void main();
