import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { activeSteps } from '../../../shared/workflow.js';
import type { WorkingHours } from '../../../shared/working-hours.js';
import { ClockController } from '../common/clock-controller.js';
import { filterFromSearch } from '../common/filter-encoding.js';
import { formatTime, localeState, t, tn } from '../common/locale.js';
import type { ShownOrder } from '../common/order-store.js';
import { ScreenController } from '../common/screen-controller.js';
import { session } from '../common/session.js';
import { WatchController } from '../common/watch-controller.js';
import { WakeLockController } from './wake-lock-controller.js';
import '../common/chime-toggle.js';
import '../common/connection-badge.js';
import '../common/freshness.js';
import { atRisk } from '../common/time-in-step.js';
import './day-strip.js';
import './wall-column.js';
import '../common/pair-screen.js';

/**
 * The wall screen: every active order by step, dark, large, never touched. It keeps the screen
 * awake, shows a clock, and says plainly since when its data may be stale.
 */
@customElement('wall-view')
export class WallView extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      height: 100vh;
      box-sizing: border-box;
      padding: 16px;
      gap: 12px;
      overflow: hidden;
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 24px;
    }
    h1 {
      margin: 0;
      font-size: clamp(2rem, 2vw, 4rem);
    }
    .total {
      color: var(--j-muted);
      font-size: clamp(1.4rem, 1.3vw, 2.6rem);
    }
    .clock {
      font-size: clamp(2.6rem, 3vw, 6rem);
      font-weight: 800;
      font-variant-numeric: tabular-nums;
    }
    connection-badge {
      font-size: clamp(1.2rem, 1vw, 2rem);
    }
    .note {
      color: var(--j-muted);
      font-size: clamp(1rem, 0.8vw, 1.6rem);
      max-width: 24em;
    }
    freshness-alarm {
      font-size: clamp(1.3rem, 1.2vw, 2.4rem);
    }
    /* The board is the page's main landmark (screen readers, axe): it takes what the header leaves. */
    main {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .columns {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-auto-flow: column;
      grid-auto-columns: minmax(0, 1fr);
      gap: 12px;
    }
    day-strip {
      flex: none;
    }
    .loading {
      font-size: 2rem;
    }
  `;

  private readonly session = session();
  private readonly clock = new ClockController(this);
  private readonly wakeLock: WakeLockController;
  /** The day's strip is on unless this wall's address says `strip=off` (a per-screen choice, like its filter). */
  private readonly strip = new URLSearchParams(location.search).get('strip') !== 'off';

  constructor() {
    super();
    // The wall is read from across the room, often beside kiosks that chime already: silent unless chosen.
    // The server sends a wall the day's figures (insight:today, for the strip) whatever it subscribes
    // to: the wall asks only for the active orders its columns show, not the finished ones too.
    new ScreenController(this, this.session, filterFromSearch(location.search), { chimeByDefault: false });
    this.wakeLock = new WakeLockController(this, () => ({
      hours: this.session.store.settings?.workingHours,
      zone: this.session.store.settings?.timezone ?? 'Europe/Paris',
    }));
    const s = this.session;
    new WatchController(this, [s, s.store, s.live, s.pendingActions, localeState]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.dataset['theme'] = 'dark';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    delete document.documentElement.dataset['theme'];
  }

  /** Why the screen may sleep: outside working hours (as set), or a browser that cannot keep it on. */
  private wakeLockNote(hours: WorkingHours | null | undefined) {
    if (!this.wakeLock.available) {
      return html`<span class="note" data-no-wake-lock>${t(window.isSecureContext ? 'wall.noWakeLock' : 'wall.wakeLockNeedsHttps')}</span>`;
    }
    if (this.wakeLock.resting && hours) {
      return html`<span class="note" data-resting>${t('wall.restingHours', { start: hours.start, end: hours.end })}</span>`;
    }
    return nothing;
  }

  override render() {
    const { store, live, pendingActions } = this.session;
    const settings = store.settings;
    const zone = settings?.timezone ?? 'Europe/Paris';
    const columns = new Map<string, ShownOrder[]>();
    if (settings) for (const step of activeSteps(settings)) columns.set(step.id, []);
    // shown() is already most urgent first: grouping keeps that order in every column.
    for (const s of store.shown()) columns.get(s.order.stepId)?.push(s);
    let total = 0;
    let risky = 0;
    for (const list of columns.values()) {
      total += list.length;
      for (const s of list) if (atRisk(s.order)) risky++;
    }
    return html`<header>
        <div>
          <h1>${settings?.workshopName || t('wall.title')}</h1>
          <span class="total">${tn('order.count', total)}</span>
        </div>
        <connection-badge .state=${live.state} .pending=${pendingActions.count} .live=${live}></connection-badge>
        <chime-toggle .byDefault=${false}></chime-toggle>
        ${this.wakeLockNote(settings?.workingHours)}
        <time class="clock" datetime=${new Date(this.clock.now).toISOString()}>${formatTime(this.clock.now, zone)}</time>
      </header>
      <freshness-alarm .live=${live} .zone=${zone} lost></freshness-alarm>
      <main>
        ${this.strip && settings ? html`<day-strip .today=${live.today} .atRisk=${risky}></day-strip>` : nothing}
        ${this.session.needsPairing && store.source === 'none'
          ? html`<pair-screen .api=${this.session.api} .reachable=${true}></pair-screen>`
          : settings
          ? html`<div class="columns">
              ${activeSteps(settings).map((step) => html`<wall-column .label=${step.label} .limit=${step.wipLimit ?? null} .orders=${columns.get(step.id) ?? []} data-step=${step.id}></wall-column>`)}
            </div>`
          : html`<p class="loading">${t('order.loading')}</p>`}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wall-view': WallView;
  }
}
