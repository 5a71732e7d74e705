import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import { isSameOrigin } from '../../auth/origin.js';
import { isSafeMethod } from '../../auth/permissions.js';
import { AppError } from '../../errors.js';

const indexHtml = fileURLToPath(new URL('../../../dist/kiosk/index.html', import.meta.url));

/**
 * CSP hashes of the inline `<style>` blocks of the built index.html (the
 * colour painted before any script runs): allowed one by one rather than
 * opening style-src to 'unsafe-inline'.
 */
export function inlineStyleHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/gi)) {
    out.push(`'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  }
  return out;
}

/**
 * Headers every response carries: helmet with a CSP that fits the PWA
 * (everything from self; Socket.IO over ws/wss; the service worker and the
 * manifest from self), HSTS and upgrade-insecure-requests only when the
 * public address is https (a LAN install on http would break otherwise), and
 * no CORS at all: no `Access-Control-Allow-*` header is ever sent, and a
 * write whose Origin is another site is refused before it is parsed.
 */
export default fp(
  async (fastify) => {
    const https = fastify.config.publicUrl.startsWith('https:');
    const styleHashes = existsSync(indexHtml) ? inlineStyleHashes(readFileSync(indexHtml, 'utf8')) : [];

    await fastify.register(helmet, {
      global: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          // wasm-unsafe-eval: compiling WebAssembly only (the camera scanner's decoder, served from
          // our own build), not eval() of strings.
          scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'", ...styleHashes],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
      crossOriginEmbedderPolicy: false,
    });

    // Swagger UI sets inline styles (its own, not user input): only its pages get style-src 'unsafe-inline'.
    fastify.addHook('onSend', async (request, reply) => {
      if (!request.url.startsWith('/api/docs')) return;
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') reply.header('content-security-policy', csp.replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'"));
    });

    const publicOrigin = new URL(fastify.config.publicUrl).origin;
    fastify.addHook('onRequest', async (request) => {
      if (isSafeMethod(request.method)) return;
      // A bearer request is answered for its token alone, never for the cookies sent along, and a page
      // of another site cannot set Authorization without a CORS preflight we never answer.
      if (/^Bearer\s/i.test(request.headers.authorization ?? '')) return;
      const { origin, host } = request.headers;
      if (!isSameOrigin(origin, host, publicOrigin)) {
        request.log.warn({ origin, url: request.url }, 'security: cross-origin write refused');
        throw new AppError(403, 'cross_origin', 'Requests from another site are not accepted');
      }
    });
  },
  { name: 'security', dependencies: ['errors'] },
);
