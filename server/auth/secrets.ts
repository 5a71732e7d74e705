import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * Passwords and PINs are hashed with scrypt (memory-hard): N=2^15, r=8 takes
 * 32 MiB and ~50-100 ms per check, which makes offline guessing expensive while
 * a login stays instant. The parameters travel with each hash, so they can be
 * raised later without invalidating the hashes already stored.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64url. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** A hash of a random secret: compared against when the account does not exist, so timing does not tell. */
let decoy: Promise<string> | null = null;

/** True when `secret` matches `stored`; a missing or malformed hash never matches (but still costs the same time). */
export async function verifySecret(secret: string, stored: string | null | undefined): Promise<boolean> {
  const parts = typeof stored === 'string' ? stored.split('$') : [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    decoy ??= hashSecret(randomBytes(16).toString('hex'));
    await verifySecret(secret, await decoy);
    return false;
  }
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(key, 'base64url');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((x) => Number.isInteger(x) && x > 0) || params.N > 2 ** 20 || params.r > 32 || params.p > 4) {
    return false;
  }
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A long random bearer token (session cookie, device cookie, setup link): 256 bits. */
export const newToken = () => randomBytes(32).toString('base64url');

/**
 * How a bearer token is stored: its SHA-256. Tokens carry 256 bits of
 * randomness, so a fast hash is enough, and a copy of the database holds
 * nothing that opens a session.
 */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A 6-digit pairing code, uniformly drawn (leading zeros kept). */
export const newPairingCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
