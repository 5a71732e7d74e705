/**
 * The screens of the PWA, by first path segment: `/kiosk` the workstation, `/wall` the overview,
 * `/admin` the supervisor tablet; `/o/<number>` (a traveller sheet's QR) opens an order on
 * whichever of them this browser is.
 */
export type Route = 'kiosk' | 'wall' | 'admin' | 'order' | 'home';

export function routeOf(pathname: string): Route {
  const first = pathname.split('/')[1] ?? '';
  if (first === 'o' && orderNumberInPath(pathname) !== null) return 'order';
  return first === 'kiosk' || first === 'wall' || first === 'admin' ? first : 'home';
}

/** The number in `/o/<number>` (1 to 999 999 999), or null. */
export function orderNumberInPath(pathname: string): number | null {
  const m = /^\/o\/(\d{1,9})\/?$/.exec(pathname);
  const n = m ? Number(m[1]) : 0;
  return n >= 1 ? n : null;
}

let orderToOpen: number | null = null;

/** `/o/<number>` hands its order to the workstation this way: it opens it once its orders are there. */
export function openOrderLater(n: number): void {
  orderToOpen = n;
}

/** The order a link asked to open, once (null when none). */
export function takeOrderToOpen(): number | null {
  const n = orderToOpen;
  orderToOpen = null;
  return n;
}

export function currentRoute(): Route {
  return routeOf(location.pathname);
}

const listeners = new Set<(r: Route) => void>();

export function onRouteChange(fn: (r: Route) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Client-side navigation: same document, so the session, cache and socket stay up. `replace`: no new history entry. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  for (const fn of listeners) fn(currentRoute());
}

addEventListener('popstate', () => {
  for (const fn of listeners) fn(currentRoute());
});

// Plain links inside the app navigate without reloading (shadow DOM included, via composedPath).
addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
  if (!a || a.origin !== location.origin || a.target || a.hasAttribute('download')) return;
  if (routeOf(a.pathname) === 'home' && a.pathname !== '/') return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});
