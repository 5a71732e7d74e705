import { createClient } from 'redis';
import type { GrantKind, GrantRepository, StoredGrant } from './grants.js';

/** What was revoked: one grant, every grant of a kiosk or of a person (but one), or a whole kind. */
export type Revocation = { hash: string } | { kioskId: string } | { userId: string; except?: string } | { kind: GrantKind };

/**
 * How revocations reach the caches of every node. `healthy` is false while
 * this node could be missing some (Redis unreachable): the cache is then
 * bypassed, so a revocation is never served late.
 */
export interface RevocationChannel {
  publish(r: Revocation): Promise<void>;
  onRevoked(listener: (r: Revocation) => void): void;
  /** Called when the channel comes back after an outage: what was missed is unknown. */
  onResumed(listener: () => void): void;
  healthy(): boolean;
  close(): Promise<void>;
}

/** One node: revocations are applied by the cache itself, nothing to carry. */
export function localRevocations(): RevocationChannel {
  return { publish: async () => {}, onRevoked: () => {}, onResumed: () => {}, healthy: () => true, close: async () => {} };
}

const CHANNEL = 'jalon:grants:revoked';

/** Revocations carried between nodes by Redis pub/sub. */
export async function redisRevocations(url: string): Promise<RevocationChannel> {
  const options = { url, socket: { reconnectStrategy: (n: number) => Math.min(50 * 2 ** n, 2000), connectTimeout: 5000 } };
  const pub = createClient({ ...options, disableOfflineQueue: true });
  const sub = createClient(options);
  const revoked: Array<(r: Revocation) => void> = [];
  const resumed: Array<() => void> = [];
  let listening = false;
  for (const c of [pub, sub]) c.on('error', () => undefined); // reconnects by itself; the cache is bypassed meanwhile
  sub.on('end', () => (listening = false));
  sub.on('reconnecting', () => (listening = false));
  sub.on('ready', () => {
    if (listening) return;
    // Subscriptions are restored by the client; messages sent while away are lost.
    listening = true;
    for (const l of resumed) l();
  });
  await Promise.all([pub.connect(), sub.connect()]);
  await sub.subscribe(CHANNEL, (message) => {
    let r: Revocation;
    try {
      r = JSON.parse(message) as Revocation;
    } catch {
      return;
    }
    for (const l of revoked) l(r);
  });
  listening = true;
  return {
    async publish(r) {
      // Unreachable: the other nodes' subscribers are down too and bypass their caches.
      await pub.publish(CHANNEL, JSON.stringify(r)).catch(() => undefined);
    },
    onRevoked: (l) => void revoked.push(l),
    onResumed: (l) => void resumed.push(l),
    healthy: () => listening && sub.isReady,
    async close() {
      // quit() waits for a reconnection in progress; a client that is not connected just stops.
      await Promise.allSettled([sub, pub].map((c) => (c.isReady ? c.quit() : c.disconnect())));
    },
  };
}

/** Long enough to spare a request's round trip, short enough to bound a missed revocation's effect. */
export const GRANT_CACHE_MS = 5000;
/** Kinds looked up on every request and socket handshake; the others are rare and single-use. */
const CACHED: ReadonlySet<GrantKind> = new Set(['session', 'device', 'token']);
const MAX_ENTRIES = 10_000;

const matches = (g: StoredGrant, r: Revocation) =>
  'hash' in r
    ? g._id === r.hash
    : 'kioskId' in r
      ? g.kioskId === r.kioskId
      : 'userId' in r
        ? g.kind === 'session' && g.userId === r.userId && g._id !== r.except
        : g.kind === r.kind;

/**
 * The grant repository with `find` of sessions and device tokens cached for
 * `ttlMs`: every HTTP request and socket handshake resolves its cookie here,
 * and a kiosk's requests then cost no database round trip for it.
 *
 * Revocation stays immediate: every removal goes through this wrapper, drops
 * the matching entries here and is published to the other nodes, which drop
 * theirs. A lookup that was reading the database while a revocation arrived
 * does not cache what it read (the epoch moved). Expiry is checked on every
 * hit against the cached instant; a session another node extended looks
 * expired here and is read again, never refused from the cache.
 */
export function cachedGrants(repo: GrantRepository, channel: RevocationChannel, { ttlMs = GRANT_CACHE_MS, now = Date.now } = {}): GrantRepository {
  const entries = new Map<string, { grant: StoredGrant; until: number }>();
  let epoch = 0;

  const drop = (r: Revocation) => {
    epoch++;
    for (const [hash, e] of entries) if (matches(e.grant, r)) entries.delete(hash);
  };
  channel.onRevoked(drop);
  channel.onResumed(() => {
    epoch++;
    entries.clear();
  });

  async function revoke<T>(r: Revocation, write: () => Promise<T>): Promise<T> {
    drop(r);
    try {
      return await write();
    } finally {
      // After the write, so that no node can read the grant again once it has heard.
      drop(r);
      await channel.publish(r);
    }
  }

  return {
    ...repo,
    async find(hash, kind, at) {
      const t = now();
      const hit = entries.get(hash);
      if (hit && hit.until > t && channel.healthy() && hit.grant.kind === kind) {
        if (!hit.grant.expiresAt || hit.grant.expiresAt.getTime() > at.getTime()) return hit.grant;
      }
      const started = epoch;
      const grant = await repo.find(hash, kind, at);
      if (grant && CACHED.has(kind) && started === epoch && channel.healthy()) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(hash, { grant, until: t + ttlMs });
      } else if (!grant) entries.delete(hash);
      return grant;
    },
    async extend(hash, expiresAt) {
      await repo.extend(hash, expiresAt);
      const e = entries.get(hash);
      if (e) e.grant = { ...e.grant, expiresAt };
    },
    remove: (hash) => revoke({ hash }, () => repo.remove(hash)),
    removeForKiosk: (kioskId, kinds) => revoke({ kioskId }, () => repo.removeForKiosk(kioskId, kinds)),
    removeForUser: (userId, exceptHash) => revoke({ userId, ...(exceptHash ? { except: exceptHash } : {}) }, () => repo.removeForUser(userId, exceptHash)),
    removeKind: (kind) => revoke({ kind }, () => repo.removeKind(kind)),
  };
}

/** The channel for this deployment: Redis when several nodes share it, else none needed. */
export async function revocationChannel(redisUrl: string | null): Promise<RevocationChannel> {
  return redisUrl ? redisRevocations(redisUrl) : localRevocations();
}
