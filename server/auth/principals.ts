import type { Principal } from '../domain/principal.js';
import type { AccountService } from './accounts.js';
import type { KioskService } from './kiosks.js';

export const SESSION_COOKIE = 'jalon_session';
export const DEVICE_COOKIE = 'jalon_device';

/** Who a request or a socket handshake is, and through which cookie. */
export type Resolved =
  | { via: 'session'; principal: Principal; grantId: string; userId: string; renewedUntil: Date | null }
  | { via: 'device'; principal: Principal; kioskId: string; requirePin: boolean; refresh: boolean };

/** A cookie value we could have issued: base64url, 256 bits. Anything else is not even looked up. */
const plausible = (v: string | undefined): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{40,64}$/.test(v);

/**
 * Resolves the caller from its cookies, the same way for HTTP and Socket.IO.
 * A person's session wins over the device cookie: someone who signs in on a
 * kiosk acts as themselves until they sign out.
 */
export async function resolveCookies(
  cookies: Record<string, string | undefined>,
  services: { accounts: AccountService; kiosks: KioskService },
  opts: { renew?: boolean } = {},
): Promise<Resolved | null> {
  const session = cookies[SESSION_COOKIE];
  if (plausible(session)) {
    const s = await services.accounts.resolveSession(session, opts);
    if (s) return { via: 'session', ...s };
  }
  const device = cookies[DEVICE_COOKIE];
  if (plausible(device)) {
    const d = await services.kiosks.resolveDevice(device);
    if (d) return { via: 'device', principal: d.principal, kioskId: d.kiosk._id, requirePin: d.kiosk.requirePin, refresh: d.refresh };
  }
  return null;
}
