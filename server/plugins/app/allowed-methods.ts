/**
 * Which methods each API path answers, from the routes as registered: the
 * not-found handler uses it to tell "this path exists, not with this method"
 * (405 with `Allow`, RFC 9110 §15.5.6) from "no such path" (404).
 */
export class AllowedMethods {
  private readonly routes: Array<{ pattern: RegExp; url: string; methods: Set<string> }> = [];

  add(url: string, methods: string | string[]): void {
    // Wildcards (the PWA's files) are not API paths.
    if (!url.startsWith('/api') || url.includes('*')) return;
    let route = this.routes.find((r) => r.url === url);
    if (!route) {
      const pattern = new RegExp(`^${url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`);
      route = { pattern, url, methods: new Set() };
      this.routes.push(route);
    }
    for (const m of ([] as string[]).concat(methods)) route.methods.add(m.toUpperCase());
    // fastify answers HEAD for every GET (exposeHeadRoutes).
    if (route.methods.has('GET')) route.methods.add('HEAD');
  }

  /**
   * The methods of the path `path` names (query left out); empty when no route has it. When
   * several patterns match, the most literal one is that path (`/api/kiosks/pair` is not
   * `/api/kiosks/:id`, as its documentation says), so only its methods are allowed.
   */
  of(path: string): string[] {
    return this.best(path).methods;
  }

  /**
   * When fastify routed `path` to a pattern (`/api/orders/:id`) although a more literal route
   * names that very path (`/api/orders/export.csv`, GET only): the methods of that path, to
   * answer 405 rather than let the pattern refuse "export.csv" as an id. Null otherwise.
   */
  shadowed(path: string, routeUrl: string): string[] | null {
    if (!routeUrl.includes(':')) return null;
    const best = this.best(path);
    return best.urls.length && !best.urls.includes(routeUrl) ? best.methods : null;
  }

  private best(path: string): { urls: string[]; methods: string[] } {
    const matching = this.routes.filter((r) => r.pattern.test(path));
    const literal = (url: string) => url.split('/').filter((seg) => seg && !seg.startsWith(':')).length;
    const top = Math.max(...matching.map((r) => literal(r.url)));
    const chosen = matching.filter((r) => literal(r.url) === top);
    const methods = new Set<string>();
    for (const r of chosen) for (const m of r.methods) methods.add(m);
    return { urls: chosen.map((r) => r.url), methods: [...methods].sort() };
  }
}
