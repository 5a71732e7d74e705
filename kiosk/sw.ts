/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

// The shell and every hashed asset, so that a kiosk starts with the server unreachable.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every screen address (/kiosk, /wall, /admin, with any query, and /o/<number> from a traveller
// sheet's QR) is the same single-page shell, offline too.
// The API and Socket.IO are never answered from here: their data lives in IndexedDB, with its seq.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api(\/|$)/, /^\/socket\.io(\/|$)/],
  }),
);

// A new build takes over at once: kiosks run unattended, nobody will click "update".
self.addEventListener('install', () => void self.skipWaiting());
clientsClaim();
