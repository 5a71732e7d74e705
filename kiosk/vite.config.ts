import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, '../dist/kiosk');

/**
 * Prints the gzipped size of the JavaScript a screen downloads at start (the entry chunk and what
 * index.html preloads, not the service worker) and, apart, each lazy chunk (the supervisor
 * tablet, the camera scanner's decoder, the pairing QR), and writes them to build-stats.json, so
 * the budget (< 120 KB gz at start) is checked on every build.
 */
function gzipReport(): Plugin {
  return {
    name: 'jalon-gzip-report',
    apply: 'build',
    closeBundle: {
      order: 'post',
      handler() {
        const assets = join(outDir, 'assets');
        let files: string[];
        let page: string;
        try {
          files = readdirSync(assets).filter((f) => f.endsWith('.js'));
          page = readFileSync(join(outDir, 'index.html'), 'utf8');
        } catch {
          return;
        }
        let raw = 0;
        let gz = 0;
        const lazy: Record<string, number> = {};
        for (const f of files) {
          const buf = readFileSync(join(assets, f));
          const size = gzipSync(buf, { level: 9 }).length;
          if (page.includes(`/assets/${f}`)) {
            raw += buf.length;
            gz += size;
          } else lazy[f] = size;
        }
        let swGz = 0;
        try {
          swGz = gzipSync(readFileSync(join(outDir, 'sw.js')), { level: 9 }).length;
        } catch {
          /* no service worker in this build */
        }
        const kb = (n: number) => (n / 1024).toFixed(1);
        const lazyGz = Object.values(lazy).reduce((a, b) => a + b, 0);
        writeFileSync(join(outDir, 'build-stats.json'), JSON.stringify({ jsBytes: raw, jsGzipBytes: gz, swGzipBytes: swGz, lazyGzipBytes: lazyGz, lazy }));
        const lazyList = Object.entries(lazy).map(([f, n]) => `${f} ${kb(n)} KB`).join(', ');
        console.log(`\n[jalon] kiosk JS at start: ${kb(raw)} KB raw, ${kb(gz)} KB gzipped (budget 120 KB); service worker ${kb(swGz)} KB gzipped`);
        console.log(`[jalon] lazy chunks (loaded on use), gzipped: ${lazyList || 'none'}`);
      },
    },
  };
}

/**
 * Writes a brotli and a gzip copy beside every text file of the build (and the scanner's wasm), for
 * the server to send instead when the browser accepts them (@fastify/static `preCompressed`): a
 * kiosk's first start over the workshop's Wi-Fi fetches ~100 KB of script, not 330 KB. Made once
 * here, at the highest levels, rather than compressed again on every request. After the service
 * worker's manifest, so the copies are not precached twice.
 */
function precompress(): Plugin {
  const compressible = /\.(js|css|html|svg|webmanifest|json|wasm)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  return {
    name: 'jalon-precompress',
    apply: 'build',
    closeBundle: {
      order: 'post',
      handler() {
        let files: string[];
        try {
          files = walk(outDir).filter((f) => compressible.test(f));
        } catch {
          return;
        }
        for (const file of files) {
          const buf = readFileSync(file);
          // Too small to gain anything (@fastify/static sends small files as they are anyway).
          if (buf.length < 1024) continue;
          writeFileSync(`${file}.br`, brotliCompressSync(buf, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
          writeFileSync(`${file}.gz`, gzipSync(buf, { level: 9 }));
        }
      },
    },
  };
}

export default defineConfig({
  root: here,
  publicDir: resolve(here, 'public'),
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One entry chunk: a kiosk starts faster with one request than with a waterfall.
    rollupOptions: { output: { manualChunks: undefined } },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'autoUpdate',
      injectManifest: {
        rollupFormat: 'iife',
        // wasm: the camera scanner's decoder (zxing-wasm, ~950 KB), so that scanning works offline.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,wasm}'],
        globIgnores: ['build-stats.json'],
      },
      manifest: {
        name: 'Jalon — suivi des commandes',
        short_name: 'Jalon',
        lang: 'fr',
        start_url: '/kiosk',
        scope: '/',
        display: 'standalone',
        background_color: '#12161c',
        theme_color: '#12161c',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
    }),
    gzipReport(),
    precompress(),
  ],
});
