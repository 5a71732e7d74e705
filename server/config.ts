import { resolve } from 'node:path';

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
  sessionSecret: string | null;
  adminPassword: string | null;
  demo: boolean;
  logLevel: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
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
  const sessionSecret = env.SESSION_SECRET || null;
  if (sessionSecret !== null && sessionSecret.length < 32) {
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
    sessionSecret,
    adminPassword: env.ADMIN_PASSWORD || null,
    demo: env.DEMO === '1' || env.DEMO === 'true',
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimit: int('BODY_LIMIT', env.BODY_LIMIT, 64 * 1024, 1024, 16 * 1024 * 1024),
  };
}
