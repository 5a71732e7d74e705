/**
 * `npm run restore FILE [--force]`: loads a backup into the database the
 * server would use (MONGODB_URI, or the embedded one under DATA_DIR). Refuses
 * a database that holds documents unless --force, and a running server's.
 */
import { existsSync } from 'node:fs';
import { RestoreError, restoreBackup } from '../server/maintenance/backup.js';
import { openMaintenanceDatabase } from './maintenance-database.js';

const args = process.argv.slice(2);
const force = args.includes('--force');
const files = args.filter((a) => a !== '--force');
if (files.length !== 1 || files[0].startsWith('-')) {
  process.stderr.write('usage: npm run restore -- FILE [--force]\n');
  process.exit(2);
}
const file = files[0];
if (!existsSync(file)) {
  process.stderr.write(`restore: ${file} does not exist\n`);
  process.exit(2);
}

const target = await openMaintenanceDatabase();
try {
  if (target.serverRunning) {
    throw new RestoreError(`a server is running on this data directory (${target.source}): stop it first, then restore`);
  }
  const started = Date.now();
  const header = await restoreBackup(target.db, file, { force });
  process.stdout.write(
    `restored ${file} (taken ${header.createdAt}, seq ${header.endSeq}) into ${target.source} in ${Date.now() - started} ms\n`,
  );
} catch (e) {
  if (!(e instanceof RestoreError)) throw e;
  process.stderr.write(`restore refused: ${e.message}\n`);
  process.exitCode = 1;
} finally {
  await target.close();
}
