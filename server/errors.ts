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
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError(409, code, message, extra);
export const dbUnavailable = () =>
  new AppError(503, 'db_unavailable', 'The database is unreachable; nothing was changed. Try again shortly.');
