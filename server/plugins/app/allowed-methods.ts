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
    const matching = this.routes.filter((r) => r.pattern.test(path));
    const literal = (url: string) => url.split('/').filter((seg) => seg && !seg.startsWith(':')).length;
    const best = Math.max(...matching.map((r) => literal(r.url)));
    const methods = new Set<string>();
    for (const r of matching) if (literal(r.url) === best) for (const m of r.methods) methods.add(m);
    return [...methods].sort();
  }
}
