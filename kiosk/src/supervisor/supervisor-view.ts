import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import type { OrderFilter } from '../../../shared/order-filter.js';
import type { Me } from '../../../shared/schemas/auth.js';
import { ApiError } from '../common/api.js';
import { rememberKnown } from '../common/device-identity.js';
import { filterFromSearch, filterToSearch } from '../common/filter-encoding.js';
import { localeState, t } from '../common/locale.js';
import { navigate, onRouteChange } from '../common/router.js';
import { ScreenController } from '../common/screen-controller.js';
import { session } from '../common/session.js';
import { controlStyles, headerBarStyles } from '../common/tokens.js';
import { WatchController } from '../common/watch-controller.js';
import { supervisorApi } from './supervisor-api.js';
import './sign-in.js';
import '../common/connection-badge.js';
import '../common/freshness.js';
import '../common/language-select.js';
import './kiosks-section.js';
import './machines-section.js';
import './orders-section.js';
import './settings-section.js';
import './templates-section.js';
import './users-section.js';

export type SectionId = 'orders' | 'insight' | 'settings' | 'templates' | 'users' | 'machines' | 'kiosks' | 'integration';

/** The sections, in the tablet's order; `admin` ones need the admin role (the server refuses them to supervisors). */
const tabs: { id: SectionId; label: MessageKey; admin: boolean }[] = [
  { id: 'orders', label: 'admin.tab.orders', admin: false },
  { id: 'insight', label: 'admin.tab.insight', admin: false },
  { id: 'settings', label: 'admin.tab.settings', admin: true },
  { id: 'templates', label: 'admin.tab.templates', admin: true },
  { id: 'users', label: 'admin.tab.users', admin: true },
  { id: 'machines', label: 'admin.tab.machines', admin: true },
  { id: 'kiosks', label: 'admin.tab.kiosks', admin: true },
  { id: 'integration', label: 'admin.tab.integration', admin: true },
];

function tabOf(pathname: string): SectionId {
  const second = pathname.split('/')[2] ?? '';
  // `/admin/pair?code=…` (a screen's pairing QR): the screens tab claims it.
  if (second === 'pair') return 'kiosks';
  return tabs.find((x) => x.id === second)?.id ?? 'orders';
}

const pathOf = (tab: SectionId) => (tab === 'orders' ? '/admin' : `/admin/${tab}`);

type Auth = { state: 'checking' } | { state: 'signed-out'; notice?: string } | { state: 'offline' } | { state: 'ready'; me: Me };

/**
 * The supervisor tablet (`/admin`): asks who is there (sign-in on 401), then shows the orders
 * table and, for admins, every setting. Loaded on demand by the shell, so kiosks never download it.
 */
@customElement('supervisor-view')
export class SupervisorView extends LitElement {
  static override styles = [
    controlStyles,
    headerBarStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        height: 100dvh;
      }
      header {
        gap: 8px 16px;
        padding: 8px 16px;
      }
      h1 {
        font-size: 1.25rem;
      }
      .who {
        display: flex;
        flex-wrap: wrap;
        gap: 10px;
        align-items: center;
      }
      .name {
        color: var(--j-muted);
        font-weight: 600;
      }
      nav {
        display: flex;
        gap: 6px;
        overflow-x: auto;
        padding: 8px 16px 0;
        background: var(--j-surface);
        border-bottom: 2px solid var(--j-border);
        scrollbar-width: thin;
      }
      nav a {
        display: inline-flex;
        align-items: center;
        min-height: 48px;
        padding: 0 18px;
        border-radius: var(--j-radius) var(--j-radius) 0 0;
        color: var(--j-text);
        text-decoration: none;
        font-weight: 700;
        white-space: nowrap;
        border: 2px solid transparent;
        border-bottom: none;
      }
      nav a[aria-current='page'] {
        background: var(--j-bg);
        border-color: var(--j-border);
        color: var(--j-accent);
      }
      main {
        flex: 1;
        min-height: 0;
        overflow: auto;
        padding: 12px 16px 24px;
        /* Fields reached by keyboard or focus stay above the settings' sticky save bar. */
        scroll-padding-bottom: 120px;
      }
      main.orders {
        overflow: hidden;
        display: flex;
        flex-direction: column;
      }
      main.orders > * {
        flex: 1;
        min-height: 0;
      }
      .message {
        max-width: 36rem;
        margin: 8vh auto;
        font-size: 1.2rem;
        text-align: center;
      }
    `,
  ];

  @state() private auth: Auth = { state: 'checking' };
  @state() private tab: SectionId = tabOf(location.pathname);
  @state() private filter: OrderFilter = filterFromSearch(location.search);
  private readonly session = session();
  private readonly api = supervisorApi();
  private screen: ScreenController | null = null;
  private unlisten: (() => void) | null = null;
  private checking = false;

  constructor() {
    super();
    const s = this.session;
    new WatchController(this, [s, s.live, s.pendingActions, localeState]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unlisten = onRouteChange(() => (this.tab = tabOf(location.pathname)));
    void this.check();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
    this.unlisten = null;
  }

  /** Who is there: a supervisor or admin gets the tablet; anyone else the sign-in screen. */
  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const me = await this.api.whoami();
      rememberKnown(true);
      if (me.kind !== 'user' || me.role === 'operator') {
        this.auth = { state: 'signed-out', notice: t('admin.forbidden') };
        return;
      }
      this.auth = { state: 'ready', me };
      this.open();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) rememberKnown(false);
      this.auth = e instanceof ApiError && e.status === 401 ? { state: 'signed-out' } : { state: 'offline' };
    } finally {
      this.checking = false;
    }
  }

  /** Opens (or reopens, after a new sign-in) the page's session: REST, cache and a live socket with the new cookie. */
  private open(): void {
    if (!this.screen) {
      this.screen = new ScreenController(this, this.session, this.filter);
      return;
    }
    this.session.close();
    this.screen.setFilter(this.filter);
  }

  private _onSignedIn = (): void => {
    // The first-start link has served: its token leaves the address.
    if (this.setupToken()) navigate('/admin');
    void this.check();
  };

  /** `/admin/setup?token=…`, the link the server logs on a first start without ADMIN_PASSWORD. */
  private setupToken(): string {
    return location.pathname === '/admin/setup' ? (new URLSearchParams(location.search).get('token') ?? '') : '';
  }

  private _onLogout = async (): Promise<void> => {
    try {
      await this.api.logout();
    } catch {
      /* the cookie is cleared server-side when it answers; we leave the tablet anyway */
    }
    rememberKnown(false);
    this.session.close();
    this.auth = { state: 'signed-out' };
  };

  private _onRetry = (): void => void this.check();

  private _onFilterChange = (e: CustomEvent<OrderFilter>): void => {
    this.filter = e.detail;
    history.replaceState(null, '', `${location.pathname}${filterToSearch(this.filter)}`);
    this.screen?.setFilter(this.filter);
  };

  private _onTab = (e: MouseEvent): void => {
    const tab = (e.currentTarget as HTMLAnchorElement).dataset['tab'] as SectionId;
    e.preventDefault();
    // The orders keep their filter in the address; other sections have none.
    navigate(tab === 'orders' ? `/admin${filterToSearch(this.filter)}` : pathOf(tab));
  };

  override updated(): void {
    // The server stopped knowing us (session expired or ended elsewhere): ask again who is there.
    if (this.auth.state === 'ready' && this.session.needsPairing) {
      this.session.needsPairing = false;
      void this.check();
    }
  }

  private section(tab: SectionId, me: Me) {
    const def = tabs.find((x) => x.id === tab)!;
    if (def.admin && me.role !== 'admin') return html`<p class="message">${t('admin.adminOnly')}</p>`;
    switch (tab) {
      case 'orders':
        return html`<orders-section .filter=${this.filter} @filter-change=${this._onFilterChange}></orders-section>`;
      case 'insight':
        // Loaded when first opened, with its charts: the tablet's other tabs do not wait for them.
        void import('./insight/insight-section.js');
        return html`<insight-section></insight-section>`;
      case 'settings':
        return html`<settings-section></settings-section>`;
      case 'templates':
        return html`<templates-section></templates-section>`;
      case 'users':
        return html`<users-section></users-section>`;
      case 'machines':
        return html`<machines-section></machines-section>`;
      case 'kiosks':
        return html`<kiosks-section></kiosks-section>`;
      case 'integration':
        // Loaded when first opened: an ERP's tokens and webhooks are set up once, not every day.
        void import('./integration/integration-section.js');
        return html`<integration-section></integration-section>`;
    }
  }

  override render() {
    const a = this.auth;
    const title = this.session.store.settings?.workshopName || 'Jalon';
    const header = html`<header>
      <h1>${title} — ${t('app.admin')}</h1>
      <div class="who">
        ${a.state === 'ready'
          ? html`<connection-badge .state=${this.session.live.state} .pending=${this.session.pendingActions.count} .live=${this.session.live}></connection-badge>
              <span class="name">${t('admin.signedInAs', { name: a.me.name, role: t(`role.${a.me.role}`) })}</span>`
          : nothing}
        <language-select></language-select>
        ${a.state === 'ready' ? html`<button class="logout" @click=${this._onLogout}>${t('admin.logout')}</button>` : nothing}
      </div>
    </header>`;
    if (a.state === 'checking') return html`${header}<p class="message">${t('admin.loading')}</p>`;
    if (a.state === 'offline')
      return html`${header}<div class="message"><p role="alert">${t('admin.offline')}</p><button @click=${this._onRetry}>${t('admin.retry')}</button></div>`;
    if (a.state === 'signed-out' || (this.setupToken() && a.state !== 'ready'))
      return html`${header}<main>
        <sign-in .api=${this.api} .notice=${a.state === 'signed-out' ? (a.notice ?? '') : ''} .setupToken=${this.setupToken()} @signed-in=${this._onSignedIn}></sign-in>
      </main>`;
    const visible = tabs.filter((x) => !x.admin || a.me.role === 'admin');
    return html`${header}
      <freshness-alarm .live=${this.session.live} .zone=${this.session.store.settings?.timezone ?? 'Europe/Paris'}></freshness-alarm>
      <nav aria-label=${t('admin.sections')}>
        ${visible.map(
          (x) => html`<a href=${pathOf(x.id)} data-tab=${x.id} aria-current=${x.id === this.tab ? 'page' : 'false'} @click=${this._onTab}>${t(x.label)}</a>`,
        )}
      </nav>
      <main class=${this.tab}>${this.section(this.tab, a.me)}</main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'supervisor-view': SupervisorView;
  }
}
