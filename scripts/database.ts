/**
 * `tsx scripts/database.ts prepare` (`npm run db:prepare`) builds the embedded
 * database ahead of time, as CI does, so that the first `npm start` or
 * `npm test` does not wait for Go. The code that builds and starts it is the
 * server's own: server/local-database/.
 */
import { ensureFerretBinary } from '../server/local-database/ferretdb.js';

const command = process.argv[2];
if (command === 'prepare') {
  ensureFerretBinary();
} else {
  process.stderr.write('usage: tsx scripts/database.ts prepare\n');
  process.exit(2);
}
