import { tokens } from './common/tokens.js';
import './jalon-app.js';
import { reloadOnUpdate } from './common/app-update.js';
import { session } from './common/session.js';

// Tokens live on the document so that every shadow root inherits the custom properties.
if (tokens.styleSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, tokens.styleSheet];

// The service worker makes the shell start without the server; failures only cost offline start.
if ('serviceWorker' in navigator && !import.meta.env.DEV) {
  addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .then((registration) => reloadOnUpdate(registration, () => session().pendingActions))
      .catch((e: unknown) => console.warn('service worker not registered', e));
  });
}
