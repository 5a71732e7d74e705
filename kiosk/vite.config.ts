import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, '../dist/kiosk');

/**
 * Prints the gzipped size of the JavaScript a screen downloads (the app, not the service worker)
 * and writes it to build-stats.json, so the budget (< 120 KB gz) is checked on every build.
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
        try {
          files = readdirSync(assets).filter((f) => f.endsWith('.js'));
        } catch {
          return;
        }
        let raw = 0;
        let gz = 0;
        for (const f of files) {
          const buf = readFileSync(join(assets, f));
          raw += buf.length;
          gz += gzipSync(buf, { level: 9 }).length;
        }
        let swGz = 0;
        try {
          swGz = gzipSync(readFileSync(join(outDir, 'sw.js')), { level: 9 }).length;
        } catch {
          /* no service worker in this build */
        }
        const kb = (n: number) => (n / 1024).toFixed(1);
        writeFileSync(join(outDir, 'build-stats.json'), JSON.stringify({ jsBytes: raw, jsGzipBytes: gz, swGzipBytes: swGz }));
        console.log(`\n[jalon] kiosk JS: ${kb(raw)} KB raw, ${kb(gz)} KB gzipped (budget 120 KB); service worker ${kb(swGz)} KB gzipped`);
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
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
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
  ],
});
