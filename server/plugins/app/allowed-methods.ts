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

  /** The methods some route answers at `path` (query left out); empty when no route has that path. */
  of(path: string): string[] {
    const methods = new Set<string>();
    for (const r of this.routes) if (r.pattern.test(path)) for (const m of r.methods) methods.add(m);
    return [...methods].sort();
  }
}
