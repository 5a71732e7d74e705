import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export interface AttemptLimit {
  /** Failed attempts allowed per window; the next attempt is refused, right or wrong. */
  max: number;
  windowMs: number;
  /** Who is counted: by default the client's address. */
  key?: (request: FastifyRequest) => string;
}

/**
 * Counts failed attempts only (wrong password, code or PIN), with
 * @fastify/rate-limit's store: a client may retry after a typo, but once
 * `max` attempts have failed within the window every further one is refused
 * with 429 until the window ends, so guessing stays hopeless.
 */
export function attemptLimiter(fastify: FastifyInstance, name: string, limit: AttemptLimit) {
  const check = fastify.createRateLimit({
    max: limit.max,
    timeWindow: limit.windowMs,
    keyGenerator: (request) => `${name}:${limit.key ? limit.key(request) : request.ip}`,
  });
  return {
    /** Refuses with 429 when the failures of this client already reached the limit. */
    async assertOpen(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const s = await check(request, { increment: false });
      if (!s.isAllowed && s.remaining <= 0) {
        request.log.warn({ event: `${name}_blocked`, ip: request.ip, key: s.key }, `security: ${name} refused, too many failures`);
        reply.header('retry-after', String(Math.max(1, s.ttlInSeconds)));
        throw new AppError(429, 'too_many_attempts', `Too many failed attempts: wait ${Math.max(1, s.ttlInSeconds)} s and try again`);
      }
    },
    async failed(request: FastifyRequest): Promise<void> {
      await check(request);
    },
  };
}
export type AttemptLimiter = ReturnType<typeof attemptLimiter>;
