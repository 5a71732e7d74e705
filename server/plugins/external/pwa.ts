import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

export interface PwaOptions {
  /** The built PWA (`npm run build` writes it to dist/kiosk). */
  root?: string;
}

const defaultRoot = fileURLToPath(new URL('../../../dist/kiosk', import.meta.url));

/**
 * Addresses of the single-page app's screens: all answered with index.html. `/o/<number>` is what a
 * traveller sheet's QR code opens (the screen then finds the order); any other path under /o/ gets
 * the shell too, so the screen itself says "unknown order".
 */
const screens = ['/', '/kiosk', '/wall', '/admin', '/admin/*', '/o', '/o/*'];

/**
 * Serves the kiosk/wall/admin PWA. Hashed assets are cached for a year; index.html, sw.js and the
 * manifest are revalidated on every load so a new build reaches kiosks at once. Only the built files
 * and the screen addresses are routed: /api/* and /socket.io/* are never shadowed.
 */
export default fp<PwaOptions>(
  async (fastify, opts) => {
    const root = opts.root ?? defaultRoot;
    if (!existsSync(join(root, 'index.html'))) {
      fastify.log.warn(`PWA not built: ${join(root, 'index.html')} is missing, so /kiosk, /wall and /admin are not served. Run \`npm run build\`.`);
      return;
    }

    // The files at the root keep their names across builds (index.html, sw.js, manifest, icons):
    // one route per file, found at start-up, so there is no catch-all that could answer for /api.
    await fastify.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      // The hashed assets have their own registration below, with their own caching; the compressed
      // copies are sent for their file, not routed by themselves.
      globIgnore: ['assets/**', '**/*.br', '**/*.gz'],
      index: false,
      // The build writes a brotli and a gzip copy of each text file (kiosk/vite.config.ts): sent
      // when the browser accepts them, with Content-Encoding and Vary.
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('cache-control', 'no-cache');
        // A shared cache between the screens and us must not hand a brotli copy to a browser without brotli.
        res.setHeader('vary', 'accept-encoding');
        if (path.endsWith('sw.js')) res.setHeader('service-worker-allowed', '/');
      },
    });
    // Hashed assets change names with every build: looked up at request time, cached for a year.
    await fastify.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      wildcard: true,
      index: false,
      preCompressed: true,
      decorateReply: false,
      cacheControl: false,
      setHeaders(res) {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        res.setHeader('vary', 'accept-encoding');
      },
    });

    const shell = (_req: unknown, reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
    for (const url of screens) fastify.get(url, { schema: { hide: true } }, shell);
  },
  { name: 'pwa' },
);
