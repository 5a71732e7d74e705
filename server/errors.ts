import type { ErrorBody } from '../shared/schemas/common.js';
import { isDatabaseUnavailable } from './store/driver-errors.js';

/**
 * The errors our API answers on purpose. Each carries its HTTP status and a
 * stable machine code; the message is for people. `extra` fields are merged
 * into the body beside `error` (a 409 carries the current order).
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new AppError(400, code, message);
/** A body the schema accepts that names something that does not exist (a step, a person, a machine): 422. */
export const unprocessable = (code: string, message: string) => new AppError(422, code, message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError(409, code, message, extra);

export interface ErrorReply {
  statusCode: number;
  body: ErrorBody & Record<string, unknown>;
  /** How the log should hear of it: refusals we meant say nothing, an outage is a warning, a bug an error. */
  log: 'none' | 'warn' | 'error';
}

const reply = (statusCode: number, code: string, message: string, log: ErrorReply['log'] = 'none'): ErrorReply => ({
  statusCode,
  body: { error: { code, message } },
  log,
});

/**
 * What any error becomes for the caller, over HTTP (status and body) and in a
 * socket acknowledgement (the body): the same codes both ways, and a 5xx never
 * tells what went wrong inside.
 */
export function errorReply(err: unknown): ErrorReply {
  if (err instanceof AppError) {
    return { statusCode: err.statusCode, body: { error: { code: err.code, message: err.message }, ...err.extra }, log: 'none' };
  }
  const e = (err ?? {}) as { validation?: unknown; statusCode?: number; code?: string; message?: string };
  if (e.validation) return reply(400, 'invalid_request', e.message ?? 'Invalid request');
  if (isDatabaseUnavailable(err)) {
    return reply(503, 'db_unavailable', 'The database is unreachable; nothing was changed. Try again shortly.', 'warn');
  }
  const status = e.statusCode ?? 500;
  if (status === 413) return reply(413, 'body_too_large', 'The request body is too large');
  if (status >= 400 && status < 500) {
    const code = e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : status === 429 ? 'rate_limited' : 'bad_request';
    return reply(status, code, e.message ?? '');
  }
  return reply(500, 'internal_error', 'Something went wrong on the server', 'error');
}
