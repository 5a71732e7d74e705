import { LitElement, css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LiveConnection } from './live-connection.js';
import { formatTime, t } from './locale.js';

/** Below this age the screen says "up to date": the server's heartbeat comes every 25 s. */
const FRESH_MS = 35_000;
/** Without news for this long, the screen alarms (a test may shorten it, see alarmAfterMs). */
const ALARM_MS = 60_000;
const ALARM_KEY = 'jalon.freshnessAlarmSeconds';

/** The alarm's threshold: 60 s, or the seconds stored under `jalon.freshnessAlarmSeconds` on this device. */
export function alarmAfterMs(): number {
  try {
    const seconds = Number(localStorage.getItem(ALARM_KEY));
    if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  } catch {
    /* no storage: the default */
  }
  return ALARM_MS;
}

export interface Freshness {
  /** Since when the screen has had no news (the last news, or its start when none came yet); null before it starts. */
  since: number | null;
  ageMs: number;
  fresh: boolean;
  /** No news for longer than the alarm's threshold while the screen should have some. */
  stale: boolean;
}

/** How fresh a screen's data is at `now`. An unpaired screen has nothing to be fresh about: never stale. */
export function freshnessOf(live: Pick<LiveConnection, 'newsAt' | 'startedAt' | 'state'>, now: number, alarmMs: number): Freshness {
  const since = live.newsAt ?? live.startedAt;
  const ageMs = since === null ? 0 : Math.max(0, now - since);
  return { since, ageMs, fresh: live.newsAt !== null && ageMs < FRESH_MS, stale: since !== null && live.state !== 'unpaired' && ageMs >= alarmMs };
}

/** "40 s", "2 min", "1 h 05": how long ago, short enough for a header. */
export function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return t('fresh.seconds', { n: s });
  const min = Math.floor(s / 60);
  if (min < 60) return t('fresh.minutes', { n: min });
  return t('fresh.hours', { h: Math.floor(min / 60), min: String(min % 60).padStart(2, '0') });
}

/** Re-renders its host every second and whenever news arrives. */
class FreshnessController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | null = null;
  private live: LiveConnection | null = null;
  private readonly onNews = (): void => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  follow(live: LiveConnection | null): void {
    if (live === this.live) return;
    this.live?.removeEventListener('news', this.onNews);
    this.live = live;
    if (this.timer) live?.addEventListener('news', this.onNews);
  }

  hostConnected(): void {
    this.timer = setInterval(() => this.host.requestUpdate(), 1000);
    this.live?.addEventListener('news', this.onNews);
  }

  hostDisconnected(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.live?.removeEventListener('news', this.onNews);
  }
}

/** "À jour" or "il y a 2 min": how fresh the screen is, in its header. */
@customElement('freshness-label')
export class FreshnessLabel extends LitElement {
  static override styles = css`
    :host {
      color: var(--j-muted);
      font-weight: 600;
      white-space: nowrap;
    }
    .stale {
      color: var(--j-urgent-bg);
      font-weight: 800;
    }
  `;

  @property({ attribute: false }) live: LiveConnection | null = null;
  private readonly ticker = new FreshnessController(this);

  override render() {
    this.ticker.follow(this.live);
    if (!this.live || this.live.state === 'unpaired') return nothing;
    const f = freshnessOf(this.live, Date.now(), alarmAfterMs());
    if (this.live.newsAt === null) return nothing;
    return html`<span class=${f.stale ? 'stale' : ''} data-fresh=${f.fresh ? 'yes' : 'no'}
      >${f.fresh ? t('fresh.upToDate') : t('fresh.ago', { age: formatAge(f.ageMs) })}</span
    >`;
  }
}

/** The plain alarm when the screen has had no news for too long: what it shows may be old. */
@customElement('freshness-alarm')
export class FreshnessAlarm extends LitElement {
  static override styles = css`
    p {
      margin: 0;
      padding: 12px 18px;
      border-radius: var(--j-radius);
      background: var(--j-urgent-bg);
      color: var(--j-urgent-text);
      font-size: 1.3em;
      font-weight: 800;
    }
  `;

  @property({ attribute: false }) live: LiveConnection | null = null;
  @property() zone = 'Europe/Paris';
  /** Also say since when the connection is lost before the alarm (the wall: the workstation has its own banner). */
  @property({ type: Boolean }) lost = false;
  private readonly ticker = new FreshnessController(this);

  override render() {
    this.ticker.follow(this.live);
    if (!this.live) return nothing;
    const f = freshnessOf(this.live, Date.now(), alarmAfterMs());
    if (f.stale && f.since !== null) {
      return html`<p class="banner" role="alert" data-alarm data-stale="yes">⚠ ${t('fresh.alarm', { time: formatTime(f.since, this.zone), age: formatAge(f.ageMs) })}</p>`;
    }
    const lostAt = this.live.state === 'offline' ? this.live.lostAt : null;
    return this.lost && lostAt !== null ? html`<p class="banner" role="alert" data-alarm>⚠ ${t('conn.lostSince', { time: formatTime(lostAt, this.zone) })}</p>` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'freshness-label': FreshnessLabel;
    'freshness-alarm': FreshnessAlarm;
  }
}
