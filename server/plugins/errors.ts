import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { AppError } from '../errors.js';

/** Errors from the MongoDB driver that mean "the database cannot be reached right now". */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  if (!e) return false;
  return (
    /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|PoolCleared|Topology)/.test(e.name ?? '') ||
    e.name === 'PoolClearedOnNetworkError' ||
    /before initial connection is complete|Client must be connected|connection .* closed|Connection pool .* cleared/i.test(
      e.message ?? '',
    )
  );
}

function hasOperatorKey(value: unknown, depth = 0): string | null {
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    if (key.startsWith('$') || key === '__proto__' || key === 'constructor' || key === 'prototype') return key;
    const inner = hasOperatorKey((value as Record<string, unknown>)[key], depth + 1);
    if (inner) return inner;
  }
  return null;
}

/**
 * One error handler for the whole API: every refusal is `{ error: { code,
 * message } }` with its status; 5xx never leak internals. Also rejects
 * MongoDB operator and prototype keys anywhere in a body or query, before
 * any schema or handler sees them.
 */
export default fp(
  async (fastify) => {
    // Every API route may refuse bad input (4xx) or a missing database (503) with this
    // body: say so in the OpenAPI document, unless the route documents its own.
    fastify.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs') || !route.schema || route.schema.hide) return;
      const error = { $ref: 'ErrorBody#' };
      route.schema = { ...route.schema, response: { '4xx': error, 503: error, ...(route.schema.response as object | undefined) } };
    });

    fastify.addHook('preValidation', async (request) => {
      const key = hasOperatorKey(request.body) ?? hasOperatorKey(request.query);
      if (key) throw new AppError(400, 'forbidden_key', `The key "${key}" is not allowed`);
    });

    fastify.setErrorHandler((err: FastifyError | AppError, request, reply) => {
      if (err instanceof AppError) {
        return reply.status(err.statusCode).send({ error: { code: err.code, message: err.message }, ...err.extra });
      }
      const fe = err as FastifyError;
      if (fe.validation) {
        return reply.status(400).send({
          error: { code: 'invalid_request', message: fe.message },
        });
      }
      if (isDatabaseUnavailable(err)) {
        request.log.warn({ err }, 'database unavailable');
        return reply.status(503).send({
          error: { code: 'db_unavailable', message: 'The database is unreachable; nothing was changed. Try again shortly.' },
        });
      }
      const status = fe.statusCode ?? 500;
      if (status === 413) {
        return reply.status(413).send({ error: { code: 'body_too_large', message: 'The request body is too large' } });
      }
      if (status >= 400 && status < 500) {
        const code = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : fe.statusCode === 429 ? 'rate_limited' : 'bad_request';
        return reply.status(status).send({ error: { code, message: fe.message } });
      }
      request.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ error: { code: 'internal_error', message: 'Something went wrong on the server' } });
    });

    fastify.setNotFoundHandler((request, reply) => {
      reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
    });
  },
  { name: 'errors' },
);
