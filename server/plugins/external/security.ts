import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
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
 * The headers helmet sets for `options`, worked out once. Ours depend on the
 * configuration alone (no nonce, no per-request directive), while
 * @fastify/helmet built the middleware again, parsing every CSP directive, for
 * each request: 3.5 % of the server's CPU under bench:transitions (the
 * precomputation helmetjs/helmet#430 asks for). Helmet's middleware is
 * synchronous: it runs here against a recorder.
 */
export function helmetHeaders(options: HelmetOptions): Array<[string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error('helmet refused its options', { cause: err });
  });
  return [...headers];
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

    const headers = helmetHeaders({
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
    // On the raw response, as helmet itself does: a hijacked reply carries them too.
    fastify.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      done();
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
