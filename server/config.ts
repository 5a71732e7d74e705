import { resolve } from 'node:path';
import { defaultTransitionLimits, type TransitionLimits } from './services/transition-limits.js';

/** Process configuration, read and validated once at start-up (SPEC §4). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** MongoDB connection string; when absent main.ts provides a local database. */
  mongodbUri: string | null;
  /** Database name inside the server at mongodbUri. */
  dbName: string;
  redisUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string;
  /**
   * Whether PUBLIC_URL was set. Unset, links printed on paper (the traveller sheets' QR codes) use
   * the address the request came in on instead of the localhost default, so a phone can open them.
   */
  publicUrlSet: boolean;
  adminPassword: string | null;
  demo: boolean;
  logLevel: string;
  /** `pretty` for people at a terminal, `json` for log collectors (the default when not a terminal). */
  logFormat: 'json' | 'pretty';
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /**
   * Which reverse proxies to believe for the client's address (X-Forwarded-For):
   * false (none), true (any), or a comma list of addresses/CIDRs. The sign-in
   * and pairing limits count per client address, so set it behind a proxy.
   */
  trustProxy: boolean | string;
  /** Outbox worker timings in milliseconds and its retry limit (server/mail); tests shorten them. */
  mail: MailTimings;
  /** Webhook deliveries: timeout, backoff, give-up window (server/webhooks); tests shorten them. */
  webhooks: WebhookTimings;
  /** Transitions written per order and per kiosk in a window (services/transition-limits.ts); tests change them. */
  transitionLimits: TransitionLimits;
  /** Retention purge and backups (server/maintenance). */
  maintenance: MaintenanceConfig;
  /** The clock the services read (orders' times, statistics' days); tests set a controlled one. Absent = Date.now. */
  now?: () => number;
}

export interface MaintenanceConfig {
  /** Sent/written mail, delivery attempts and removal tombstones older than this are purged. */
  retentionDays: number;
  /** Local hours of the day (0–23) at which the server writes a backup itself; empty: only `npm run backup`. */
  backupHours: number[];
  /** Backups kept in DATA_DIR/backups (the oldest beyond are deleted). */
  backupKeep: number;
  /** Finished orders untouched for this many days are removed; null (the default): kept for ever. */
  orderRetentionDays: number | null;
}

export interface MailTimings {
  /** How often the worker looks for due messages (it is also woken at once by a new message). */
  pollMs: number;
  /** First retry delay after a temporary failure; doubles with every attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts before a message that keeps failing temporarily is marked failed. */
  maxAttempts: number;
  /** Longest wait on the SMTP server for connecting, greeting or any reply; a whole send is cut at three times this. */
  sendTimeoutMs: number;
  /** A message left in `sending` this long (its node died) is claimed again; must exceed a send. */
  leaseMs: number;
}

export interface WebhookTimings {
  /** Longest wait for a receiver's answer (WEBHOOK_TIMEOUT_MS, 10 s). */
  timeoutMs: number;
  /** First retry delay (WEBHOOK_BACKOFF_MS, 10 s), doubling with every attempt up to backoffMaxMs (1 h). */
  backoffMs: number;
  backoffMaxMs: number;
  /** After failing this long since it was queued (WEBHOOK_GIVE_UP_MS, 24 h), a delivery fails and its webhook is disabled. */
  giveUpMs: number;
  /** How often the worker looks without being woken (retries, a dead node's deliveries) and the sweep catches up. */
  pollMs: number;
  /** A delivery left `delivering` this long (its node died) is claimed again; more than a timeout. */
  leaseMs: number;
}

export class ConfigError extends Error {}

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return n;
}

function url(name: string, raw: string | undefined, protocols: string[]): string | null {
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(u.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got "${u.protocol}")`);
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int('PORT', env.PORT, 3000, 0, 65535);
  // SESSION_SECRET is accepted for compatibility and ignored: sessions are random tokens stored
  // hashed in the database (server/auth/README.md), so nothing secret lives on disk. A value that
  // is set is still checked, so that a typo in a deployment does not pass unnoticed.
  if (env.SESSION_SECRET && env.SESSION_SECRET.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters long');
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    mongodbUri: url('MONGODB_URI', env.MONGODB_URI, ['mongodb:', 'mongodb+srv:']),
    dbName: env.MONGODB_DB || 'jalon',
    redisUrl: url('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:']),
    smtpUrl: url('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'Jalon <jalon@localhost>',
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    publicUrlSet: !!env.PUBLIC_URL,
    adminPassword: env.ADMIN_PASSWORD || null,
    demo: env.DEMO === '1' || env.DEMO === 'true',
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormat(env.LOG_FORMAT),
    bodyLimit: int('BODY_LIMIT', env.BODY_LIMIT, 64 * 1024, 1024, 16 * 1024 * 1024),
    trustProxy: trustProxy(env.TRUST_PROXY),
    mail: mailTimings(env),
    webhooks: webhookTimings(env),
    transitionLimits: defaultTransitionLimits,
    maintenance: {
      // The mail recovery re-queues auto-sends it finds no outbox row for, up to 7 days back
      // (mail-service.ts): a shorter retention would send those mails a second time.
      retentionDays: int('RETENTION_DAYS', env.RETENTION_DAYS, 90, 8, 36_500),
      backupHours: backupHours(env.BACKUP_HOURS),
      backupKeep: int('BACKUP_KEEP', env.BACKUP_KEEP, 7, 1, 1000),
      // At least a month: a finished order is still looked up (and mailed about) in the weeks after.
      orderRetentionDays: env.ORDER_RETENTION_DAYS ? int('ORDER_RETENTION_DAYS', env.ORDER_RETENTION_DAYS, 0, 30, 36_500) : null,
    },
  };
}

function webhookTimings(env: NodeJS.ProcessEnv): WebhookTimings {
  const timeoutMs = int('WEBHOOK_TIMEOUT_MS', env.WEBHOOK_TIMEOUT_MS, 10_000, 100, 120_000);
  const backoffMs = int('WEBHOOK_BACKOFF_MS', env.WEBHOOK_BACKOFF_MS, 10_000, 10, 3_600_000);
  return {
    timeoutMs,
    backoffMs,
    backoffMaxMs: Math.max(backoffMs, 3_600_000),
    giveUpMs: int('WEBHOOK_GIVE_UP_MS', env.WEBHOOK_GIVE_UP_MS, 24 * 3_600_000, 100, 30 * 24 * 3_600_000),
    pollMs: Math.min(5000, Math.max(50, backoffMs)),
    leaseMs: timeoutMs * 3,
  };
}

function logFormat(raw: string | undefined): 'json' | 'pretty' {
  if (!raw) return process.stdout.isTTY ? 'pretty' : 'json';
  if (raw === 'json' || raw === 'pretty') return raw;
  throw new ConfigError(`LOG_FORMAT must be json or pretty (got "${raw}")`);
}

function backupHours(raw: string | undefined): number[] {
  const v = raw?.trim() ?? '';
  if (v === '') return [];
  const hours = v.split(',').map((h) => h.trim());
  if (!hours.every((h) => /^\d{1,2}$/.test(h) && Number(h) <= 23)) {
    throw new ConfigError(`BACKUP_HOURS must be hours of the day from 0 to 23, comma-separated, e.g. 2 or 2,14 (got "${raw}")`);
  }
  return [...new Set(hours.map(Number))].sort((a, b) => a - b);
}

function trustProxy(raw: string | undefined): boolean | string {
  const v = raw?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (!/^[0-9a-fA-F.:/, ]+$/.test(v)) {
    throw new ConfigError(`TRUST_PROXY must be true, false, or a comma list of addresses/CIDRs (got "${raw}")`);
  }
  return v;
}

function mailTimings(env: NodeJS.ProcessEnv): MailTimings {
  const hour = 3_600_000;
  const t: MailTimings = {
    pollMs: int('MAIL_POLL_MS', env.MAIL_POLL_MS, 5_000, 10, hour),
    retryBaseMs: int('MAIL_RETRY_BASE_MS', env.MAIL_RETRY_BASE_MS, 30_000, 10, hour),
    retryMaxMs: int('MAIL_RETRY_MAX_MS', env.MAIL_RETRY_MAX_MS, hour, 10, 24 * hour),
    maxAttempts: int('MAIL_MAX_ATTEMPTS', env.MAIL_MAX_ATTEMPTS, 10, 1, 100),
    sendTimeoutMs: int('MAIL_SEND_TIMEOUT_MS', env.MAIL_SEND_TIMEOUT_MS, 30_000, 100, 10 * 60_000),
    leaseMs: int('MAIL_LEASE_MS', env.MAIL_LEASE_MS, 5 * 60_000, 100, 24 * hour),
  };
  // A send is cut after three times sendTimeoutMs: a lease shorter than that (plus a margin) would
  // let a second node claim a message the first is still sending.
  if (t.leaseMs <= 4 * t.sendTimeoutMs) {
    throw new ConfigError(`MAIL_LEASE_MS (${t.leaseMs}) must exceed four times MAIL_SEND_TIMEOUT_MS (${t.sendTimeoutMs})`);
  }
  return t;
}
