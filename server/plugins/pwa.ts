import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

export interface PwaOptions {
  /** The built PWA (`npm run build` writes it to dist/kiosk). */
  root?: string;
}

const defaultRoot = fileURLToPath(new URL('../../dist/kiosk', import.meta.url));

/** Addresses of the single-page app's screens: all answered with index.html. */
const screens = ['/', '/kiosk', '/wall', '/admin', '/admin/*'];

/**
 * Serves the kiosk/wall/admin PWA. Hashed assets are cached for a year; index.html, sw.js and the
 * manifest are revalidated on every load so a new build reaches kiosks at once. Only the built files
 * and the screen addresses are routed: /api/* and /socket.io/* are never shadowed.
 */
const pwa: FastifyPluginAsync<PwaOptions> = async (fastify, opts) => {
  const root = opts.root ?? defaultRoot;
  if (!existsSync(join(root, 'index.html'))) {
    fastify.log.warn(`PWA not built: ${join(root, 'index.html')} is missing, so /kiosk, /wall and /admin are not served. Run \`npm run build\`.`);
    return;
  }

  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file, found at start-up: no catch-all that could answer for /api.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders(res, path) {
      const hashed = path.includes(`${join(root, 'assets')}`);
      res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (path.endsWith('sw.js')) res.header('service-worker-allowed', '/');
    },
  });

  const shell = (_req: unknown, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
  for (const url of screens) fastify.get(url, { schema: { hide: true } }, shell);
};

export default pwa;
