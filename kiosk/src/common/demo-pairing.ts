import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from './api.js';
import { rememberPaired } from './device-identity.js';
import { t } from './locale.js';
import { session } from './session.js';
import { standaloneFormStyles } from './tokens.js';

/** The demo link's token (`/kiosk?demo=…`, `/wall?demo=…`), if this page was opened by one. */
export function demoToken(search = location.search): string | null {
  return new URLSearchParams(search).get('demo');
}

/**
 * Opened by a demo link: pairs this browser with the link's screen, remembers who it is, then
 * reloads the same screen without the token (which then opens as that kiosk or wall). A refused
 * link says why, and leads to the ordinary pairing screen.
 */
@customElement('demo-pairing')
export class DemoPairing extends LitElement {
  static override styles = [
    standaloneFormStyles,
    css`
      section {
        max-width: 34rem;
        margin: 10vh auto;
        padding: 24px;
        font-size: 1.3rem;
      }
      .error {
        color: var(--j-urgent-bg);
        font-weight: 700;
      }
      a {
        display: inline-block;
        min-height: 48px;
        padding: 12px 0;
        color: var(--j-text);
        font-weight: 700;
      }
    `,
  ];

  @property() token = '';
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.pair();
  }

  private async pair(): Promise<void> {
    const s = session();
    try {
      const { kiosk } = await s.api.pairDemo(this.token);
      await rememberPaired(s.db, kiosk);
      location.replace(location.pathname);
    } catch (e) {
      this.error = !(e instanceof ApiError)
        ? t('pair.offline')
        : e.code === 'demo_link_expired'
          ? t('demo.expired')
          : e.code === 'demo_only'
            ? t('demo.notDemo')
            : t('demo.unknown');
    }
  }

  override render() {
    return html`<section>
      <h2>${t('demo.pairing')}</h2>
      ${this.error
        ? html`<p class="error" role="alert" data-error="yes">${this.error}</p>
            <a href=${location.pathname}>${t('demo.pairByCode')}</a>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-pairing': DemoPairing;
  }
}
