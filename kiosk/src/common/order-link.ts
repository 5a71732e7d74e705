import { deviceIdentity } from './device-identity.js';
import { navigate, openOrderLater } from './router.js';

/**
 * `/o/<number>`, the address in a traveller sheet's QR, followed on this browser: a paired
 * workstation opens the order as a scan (its card highlighted, or where the order is); a wall
 * shows the wall; anyone else gets the supervisor tablet's order table filtered to that number
 * (the sign-in screen first when signed out: the address is kept through it).
 */
export async function followOrderLink(n: number): Promise<void> {
  const identity = deviceIdentity();
  if (identity.source === 'none') await identity.cached().catch(() => null);
  // Remembered as a kiosk: no need to wait for the network (the link works offline too).
  const me = identity.me ?? (await identity.verify().catch(() => null));
  if (me?.kind === 'kiosk') {
    if (me.scope && 'wall' in me.scope) return navigate('/wall', { replace: true });
    openOrderLater(n);
    return navigate('/kiosk', { replace: true });
  }
  navigate(`/admin?q=${n}&all=1`, { replace: true });
}
