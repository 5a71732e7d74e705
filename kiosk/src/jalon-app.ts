// First: starts reading the device's memory while the rest of the script evaluates.
import './warm-start.js';
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localeState, t } from './common/locale.js';
import { demoToken } from './common/demo-pairing.js';
import { followOrderLink } from './common/order-link.js';
import { currentRoute, onRouteChange, orderNumberInPath, type Route } from './common/router.js';
import { session, type Session } from './common/session.js';
import { WatchController } from './common/watch-controller.js';
// Both views are small next to what they share (Lit, luxon, socket.io): loading them with the shell
// avoids a second request before the first card, which matters more on a cold kiosk.
import './workstation/workstation-view.js';
import './wall/wall-view.js';

/**
 * The shell: picks the screen for the address: the workstation (`/kiosk`), the wall (`/wall`), or
 * the supervisor tablet (`/admin`, loaded lazily: it is bigger and used on fewer screens).
 */
@customElement('jalon-app')
export class JalonApp extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    nav {
      display: grid;
      gap: 16px;
      max-width: 30rem;
      margin: 10vh auto;
      padding: 0 16px;
      font-size: 1.4rem;
    }
    a {
      display: block;
      padding: 18px;
      min-height: 48px;
      box-sizing: border-box;
      border-radius: 12px;
      background: var(--j-surface);
      color: var(--j-text);
      border: 2px solid var(--j-border);
      text-decoration: none;
      font-weight: 700;
    }
  `;

  @state() private route: Route = currentRoute();

  /**
   * The page's session (REST client, order store, live link, pending actions), read-only. It is
   * the handle for browser tests, benches and support sessions:
   * `document.querySelector('jalon-app').session`.
   */
  get session(): Session {
    return session();
  }

  constructor() {
    super();
    new WatchController(this, [localeState]);
    onRouteChange((r) => (this.route = r));
  }

  /** `/o/<number>`: decided once drawn (a route change during render would be lost), by who this browser is. */
  override updated(): void {
    const n = this.route === 'order' ? orderNumberInPath(location.pathname) : null;
    if (n !== null) void followOrderLink(n);
  }

  override render() {
    // Opened by a demo link: pair first; the screen then reloads without the link's token.
    const demo = this.route === 'kiosk' || this.route === 'wall' ? demoToken() : null;
    if (demo) return html`<demo-pairing .token=${demo}></demo-pairing>`;
    switch (this.route) {
      case 'kiosk':
        return html`<workstation-view></workstation-view>`;
      case 'wall':
        return html`<wall-view></wall-view>`;
      case 'order':
        // A traveller sheet's QR: replaced by the address of this browser's screen (see updated).
        return html`<p role="status">${t('order.loading')}</p>`;
      case 'admin':
        // Loaded on demand (its own chunk): kiosks and walls never download the supervisor tablet.
        if (!customElements.get('supervisor-view')) void import('./supervisor/supervisor-view.js');
        return html`<supervisor-view></supervisor-view>`;
      default:
        return html`<nav aria-label=${t('app.chooseView')}>
          <h1>${t('app.chooseView')}</h1>
          <a href="/kiosk">${t('app.kiosk')}</a>
          <a href="/wall">${t('app.wall')}</a>
          <a href="/admin">${t('app.admin')}</a>
        </nav>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jalon-app': JalonApp;
  }
}
