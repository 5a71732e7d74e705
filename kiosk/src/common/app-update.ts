import type { PendingActions } from './pending-actions.js';

/** How often a screen asks whether a new version is deployed (screens run for weeks without navigating). */
const UPDATE_CHECK_MS = 10 * 60_000;
/** The reload waits until nobody has touched the screen for this long: nothing changes under a finger. */
const QUIET_MS = 5000;
const RETRY_MS = 1000;

let lastTouch = 0;
const touched = () => (lastTouch = Date.now());

/** Some dialog (a comment being typed, a PIN) is open somewhere in the page's shadow roots. */
function dialogOpen(root: Document | ShadowRoot = document): boolean {
  if (root.querySelector('dialog[open]')) return true;
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot && dialogOpen(el.shadowRoot)) return true;
  return false;
}

/**
 * After a new version is deployed, the screen reloads itself into it: the new service worker takes
 * over at once (sw.ts), and the page reloads when its pending actions are all in IndexedDB (they
 * are sent again after the reload, with their opIds, so none is lost or doubled), no dialog is open
 * and nobody touched the screen for QUIET_MS. The first install (no worker before) reloads nothing.
 */
export function reloadOnUpdate(registration: ServiceWorkerRegistration, pending: () => PendingActions): void {
  addEventListener('pointerdown', touched, { capture: true, passive: true });
  addEventListener('keydown', touched, { capture: true, passive: true });
  let hadController = !!navigator.serviceWorker.controller;
  let waiting = false;
  const reloadWhenSafe = () => {
    const quiet = Date.now() - lastTouch >= QUIET_MS;
    if (quiet && pending().persisted && !dialogOpen()) location.reload();
    else setTimeout(reloadWhenSafe, RETRY_MS);
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController) {
      hadController = true;
      return;
    }
    if (waiting) return;
    waiting = true;
    reloadWhenSafe();
  });
  setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
}
