import { isIPv6 } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { AttemptStore } from './attempt-store.js';

export interface AttemptLimit {
  /** Guesses allowed per window under each key; the next one is refused unchecked, right or wrong. */
  max: number;
  windowMs: number;
  /** Who is counted: each key separately (an address, an account, a kiosk), with its own maximum when it has one. */
  keys: (request: FastifyRequest) => Array<string | { key: string; max: number }>;
}

/**
 * An address as counted: IPv4 as it is, IPv6 by its /64 — one subscriber
 * line or host gets a whole /64, so counting single IPv6 addresses would
 * give an attacker 2^64 fresh counters.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** The counted address of a request. */
export const addressOf = (request: FastifyRequest) => `ip:${addressKey(request.ip)}`;

export interface Ticket {
  /** The guess was right: it does not count against anyone. */
  refund(): Promise<void>;
}

/**
 * Guesses (password, pairing code, PIN) are counted BEFORE they are checked:
 * each attempt first takes one from every counter it belongs to, and is
 * refused unchecked with 429 when any of them is past `max` — so a burst of
 * parallel guesses gets exactly `max` checks, not as many as it sends. A
 * right guess gives its count back (`refund`), so a typo is forgiven and
 * normal use never locks anyone out.
 */
export function attemptLimiter(store: AttemptStore, name: string, limit: AttemptLimit) {
  return {
    async take(request: FastifyRequest, reply: FastifyReply): Promise<Ticket> {
      const counted = limit.keys(request).map((k) => (typeof k === 'string' ? { key: k, max: limit.max } : k));
      const keys = counted.map((k) => `${name}:${k.key}`);
      const hits = await Promise.all(keys.map((k) => store.hit(k, limit.windowMs)));
      const over = hits.filter((h, i) => h.count > counted[i].max);
      if (over.length) {
        // Refused without a check: not a guess, so no counter keeps it.
        await Promise.all(keys.map((k) => store.undo(k)));
        const wait = Math.max(1, Math.ceil(Math.max(...over.map((h) => h.ttlMs)) / 1000));
        request.log.warn({ event: `${name}_blocked`, ip: request.ip }, `security: ${name} refused, too many failures`);
        reply.header('retry-after', String(wait));
        throw new AppError(429, 'too_many_attempts', `Too many failed attempts: wait ${wait} s and try again`);
      }
      return { refund: async () => void (await Promise.all(keys.map((k) => store.undo(k)))) };
    },
  };
}
export type AttemptLimiter = ReturnType<typeof attemptLimiter>;

/**
 * A budget shared by everyone: `spend` counts one failure and says when the
 * budget of the window is used up (once; the count then starts over). For
 * pairing codes, a distributed attack (many addresses, each under its own
 * limit) then voids every pending code, which leaves nothing to guess.
 */
export function failureBudget(store: AttemptStore, key: string, max: number, windowMs: number) {
  return {
    async spend(): Promise<boolean> {
      const { count } = await store.hit(`budget:${key}`, windowMs);
      if (count < max) return false;
      await store.clear(`budget:${key}`);
      return true;
    },
  };
}
export type FailureBudget = ReturnType<typeof failureBudget>;
