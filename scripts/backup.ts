/**
 * `npm run backup`: a consistent snapshot of the database the server uses,
 * while it runs, to DATA_DIR/backups (the newest BACKUP_KEEP kept).
 * How it stays consistent: server/maintenance/backup.ts.
 */
import { join } from 'node:path';
import { keepNewest, writeBackup } from '../server/maintenance/backup.js';
import { openMaintenanceDatabase } from './maintenance-database.js';

const target = await openMaintenanceDatabase();
try {
  const dir = join(target.config.dataDir, 'backups');
  const started = Date.now();
  const { file, header } = await writeBackup(target.db, dir);
  const dropped = keepNewest(dir, target.config.maintenance.backupKeep);
  const lines = Object.values(header.counts).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `backup of ${target.source}: ${file}\n` +
      `  seq ${header.seq}…${header.endSeq}, ${lines} documents (${Object.entries(header.counts).map(([c, n]) => `${c} ${n}`).join(', ')}) in ${Date.now() - started} ms\n` +
      (header.quiet === false ? '  warning: orders kept changing for the whole re-read window; an order moving between active and archived at that instant may be restored as it was earlier\n' : '') +
      (dropped.length ? `  removed the oldest beyond BACKUP_KEEP=${target.config.maintenance.backupKeep}: ${dropped.join(', ')}\n` : ''),
  );
} finally {
  await target.close();
}
