import { randomBytes } from 'node:crypto';
import type { ApiToken, TokenCreate, TokenCreated, TokenScope } from '../../shared/schemas/integration-access.js';
import type { Principal } from '../domain/principal.js';
import { notFound } from '../errors.js';
import type { ApiTokenRepository, StoredToken } from '../store/api-tokens.js';
import type { GrantRepository } from '../store/grants.js';
import { tokenHash } from './secrets.js';

/**
 * A recognisable prefix, so that secret scanners (GitHub's, gitleaks) can
 * spot a token pasted where it should not be, then 32 random bytes.
 */
export const TOKEN_PREFIX = 'jalon_';
const SECRET = /^jalon_[A-Za-z0-9_-]{43}$/;
/** Whether a bearer value could be one of ours: anything else is refused without a lookup. */
export const plausibleSecret = (v: string) => SECRET.test(v);

/** `lastUsedAt` is written at most this often per token, not on every request. */
export const LAST_USED_EVERY_MS = 60_000;

/** The part of an `Authorization` header after `Bearer `, or null when there is no bearer credential. */
export function bearerOf(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

const shown = (t: StoredToken): ApiToken => ({
  id: t._id,
  name: t.name,
  scopes: t.scopes as TokenScope[],
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
});

/**
 * API tokens for an ERP. The secret is shown once; only its SHA-256 is
 * stored — a fast hash is right here, unlike for passwords (scrypt): the
 * secret is 256 random bits, so there is nothing to guess offline, and a
 * slow hash would cost every API request tens of milliseconds. The lookup
 * is a grant (`kind: 'token'`, by hash), so it goes through the grant cache
 * and its revocation path: a revoked token is refused at once on every node.
 */
export function tokenService({ tokens, grants, now = Date.now }: { tokens: ApiTokenRepository; grants: GrantRepository; now?: () => number }) {
  const lastWritten = new Map<string, number>();

  return {
    async create(input: TokenCreate): Promise<TokenCreated> {
      const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const hash = tokenHash(secret);
      const at = new Date(now());
      const stored: StoredToken = { _id: randomBytes(12).toString('hex'), name: input.name.trim(), scopes: [...input.scopes], hash, createdAt: at, lastUsedAt: null };
      // The grant first: a token listed is a token that works.
      await grants.insert({ _id: hash, kind: 'token', tokenId: stored._id, name: stored.name, scopes: stored.scopes, createdAt: at, expiresAt: null });
      await tokens.insert(stored);
      return { token: shown(stored), secret };
    },

    list: async (): Promise<ApiToken[]> => (await tokens.list()).map(shown),

    async revoke(id: string): Promise<void> {
      const t = await tokens.get(id);
      if (!t) throw notFound('Token');
      // The grant (and every node's cache of it) first: from here the secret opens nothing.
      await grants.remove(t.hash);
      await tokens.remove(id);
      lastWritten.delete(id);
    },

    /** The principal of a bearer secret, or null. Notes its use (at most once a minute per token, in the background). */
    async resolve(secret: string): Promise<Principal | null> {
      if (!plausibleSecret(secret)) return null;
      const grant = await grants.find(tokenHash(secret), 'token', new Date(now()));
      if (!grant?.tokenId) return null;
      const t = now();
      if ((lastWritten.get(grant.tokenId) ?? 0) <= t - LAST_USED_EVERY_MS) {
        lastWritten.set(grant.tokenId, t);
        void tokens.touch(grant.tokenId, new Date(t)).catch(() => lastWritten.delete(grant.tokenId!));
      }
      return {
        kind: 'token',
        id: grant.tokenId,
        name: grant.name ?? 'API',
        // Orders are not scoped for tokens (scopeOf gives null): they act on the whole workshop, within their scopes.
        role: 'supervisor',
        tokenScopes: (grant.scopes ?? []) as TokenScope[],
      };
    },
  };
}
export type TokenService = ReturnType<typeof tokenService>;
