import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig, type Config } from '../server/config.js';

/** The database every suite talks to: provided by scripts/test.ts (a real FerretDB or MongoDB). */
export function testMongoUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run the suites through `npm test` (scripts/test.ts)');
  return uri;
}

export const uniqueDbName = (prefix = 't') => `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

export interface TestAppOptions {
  dbName?: string;
  mongodbUri?: string;
  config?: Partial<Config>;
}

/** A ready app on its own fresh database (or on `dbName` to reopen one). Close it with `app.close()`. */
export async function buildTestApp(opts: TestAppOptions = {}): Promise<FastifyInstance> {
  const config: Config = {
    ...loadConfig({}),
    logLevel: 'silent',
    dbName: opts.dbName ?? uniqueDbName(),
    ...opts.config,
  };
  const app = await buildApp({ config, mongodbUri: opts.mongodbUri ?? testMongoUri() }, { logger: false });
  await app.ready();
  return app;
}

let opCounter = 0;
export const opId = () => `op-${process.pid}-${Date.now().toString(36)}-${++opCounter}`;

/** JSON body of an inject() response. */
export const body = <T = any>(res: { body: string }): T => JSON.parse(res.body) as T;
