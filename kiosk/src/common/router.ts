/** The screens of the PWA, by first path segment: `/kiosk` the workstation, `/wall` the overview, `/admin` the supervisor tablet. */
export type Route = 'kiosk' | 'wall' | 'admin' | 'home';

export function routeOf(pathname: string): Route {
  const first = pathname.split('/')[1] ?? '';
  return first === 'kiosk' || first === 'wall' || first === 'admin' ? first : 'home';
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
