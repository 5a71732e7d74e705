import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, loadConfig } from '../../server/config.js';

test('defaults', () => {
  const c = loadConfig({});
  assert.is(c.port, 3000);
  assert.is(c.mongodbUri, null);
  assert.is(c.trustProxy, false);
  assert.is(c.demo, false);
  assert.ok(c.dataDir.endsWith('/data'));
});

test('values are read and checked once', () => {
  const c = loadConfig({ PORT: '8080', MONGODB_URI: 'mongodb://db:27017/', DEMO: '1', TRUST_PROXY: '10.0.0.0/8, 127.0.0.1', PUBLIC_URL: 'https://jalon.example/' });
  assert.is(c.port, 8080);
  assert.is(c.mongodbUri, 'mongodb://db:27017/');
  assert.is(c.demo, true);
  assert.is(c.trustProxy, '10.0.0.0/8, 127.0.0.1');
  assert.is(c.publicUrl, 'https://jalon.example');
  // Set: the traveller sheets' QR codes use it; unset, the address each request came in on.
  assert.is(c.publicUrlSet, true);
  assert.is(loadConfig({}).publicUrlSet, false);
  assert.is(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
  assert.is(loadConfig({ LOG_FORMAT: 'json' }).logFormat, 'json');
});

test('retention and backups: defaults and values', () => {
  assert.equal(loadConfig({}).maintenance, { retentionDays: 90, backupHours: [], backupKeep: 7, orderRetentionDays: null });
  assert.equal(loadConfig({ RETENTION_DAYS: '365', BACKUP_HOURS: '14, 2,2', BACKUP_KEEP: '30', ORDER_RETENTION_DAYS: '730' }).maintenance, {
    retentionDays: 365,
    backupHours: [2, 14],
    backupKeep: 30,
    orderRetentionDays: 730,
  });
});

test('bad values stop the start with the variable named', () => {
  for (const [env, name] of [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
    [{ BODY_LIMIT: '10' }, 'BODY_LIMIT'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ MAIL_LEASE_MS: '1000', MAIL_SEND_TIMEOUT_MS: '1000' }, 'MAIL_LEASE_MS'],
    [{ RETENTION_DAYS: '7' }, 'RETENTION_DAYS'],
    [{ RETENTION_DAYS: 'ninety' }, 'RETENTION_DAYS'],
    [{ BACKUP_HOURS: '24' }, 'BACKUP_HOURS'],
    [{ BACKUP_HOURS: '2h' }, 'BACKUP_HOURS'],
    [{ BACKUP_KEEP: '0' }, 'BACKUP_KEEP'],
    [{ ORDER_RETENTION_DAYS: '29' }, 'ORDER_RETENTION_DAYS'],
    [{ ORDER_RETENTION_DAYS: 'forever' }, 'ORDER_RETENTION_DAYS'],
  ] as const) {
    try {
      loadConfig(env);
      assert.unreachable(name);
    } catch (e) {
      assert.instance(e, ConfigError);
      assert.match((e as Error).message, name);
    }
  }
});

test.run();
