import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errorReply } from '../../errors.js';
import { AllowedMethods } from './allowed-methods.js';

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
 * message } }` with its status (errors.ts `errorReply`, which the socket
 * acknowledgements use too); 5xx never leak internals. Also rejects MongoDB
 * operator and prototype keys anywhere in a body or query, before any schema
 * or handler sees them. Registered first, so that every later plugin's hooks
 * and routes answer through it.
 */
export default fp(
  async (fastify) => {
    // Every API route may refuse bad input (4xx) or a missing database (503) with this
    // body: say so in the OpenAPI document, unless the route documents its own.
    const allowed = new AllowedMethods();
    fastify.addHook('onRoute', (route) => {
      allowed.add(route.url, route.method);
      if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs') || !route.schema || route.schema.hide) return;
      const error = { $ref: 'ErrorBody#' };
      route.schema = { ...route.schema, response: { '4xx': error, 503: error, ...(route.schema.response as object | undefined) } };
    });

    // A literal path is not an id: PATCH /api/orders/export.csv is 405 (GET only), not "export.csv is no id".
    fastify.addHook('onRequest', async (request, reply) => {
      const url = request.routeOptions.url;
      if (!url?.startsWith('/api') || !url.includes(':')) return;
      const methods = allowed.shadowed(request.url.split('?')[0], url);
      if (methods) return methodNotAllowed(request, reply, methods);
    });

    fastify.addHook('preValidation', async (request) => {
      const key = hasOperatorKey(request.body) ?? hasOperatorKey(request.query);
      if (key) throw new AppError(400, 'forbidden_key', `The key "${key}" is not allowed`);
    });

    const methodNotAllowed = (request: FastifyRequest, reply: FastifyReply, methods: string[]) => {
      const path = request.url.split('?')[0];
      return reply
        .status(405)
        .header('allow', methods.join(', '))
        .send({ error: { code: 'method_not_allowed', message: `${request.method} is not allowed on ${path}; allowed: ${methods.join(', ')}` } });
    };

    /** No route: 405 with the methods the path has (Allow), or 404 when no route has the path. */
    const notFound = (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0];
      const methods = allowed.of(path);
      if (methods.length) return methodNotAllowed(request, reply, methods);
      reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
    };

    fastify.setErrorHandler((err, request, reply) => {
      // No route here (fastify failed on the body before its not-found handler ran, e.g. QUERY without
      // Content-Type): what the caller needs to hear is the path and its methods, not the body's fault.
      if (request.is404) return notFound(request, reply);
      const answer = errorReply(err);
      // A refusal that says when to come back (429) says it in the standard header too.
      if (err instanceof AppError && typeof err.extra.retryAfter === 'number') void reply.header('retry-after', String(err.extra.retryAfter));
      if (answer.log === 'warn') request.log.warn({ err }, 'database unavailable');
      else if (answer.log === 'error') request.log.error({ err }, 'unhandled error');
      return reply.status(answer.statusCode).send(answer.body);
    });

    fastify.setNotFoundHandler(notFound);
  },
  { name: 'errors' },
);
