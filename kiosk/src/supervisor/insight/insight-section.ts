import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { DateTime } from 'luxon';
import { todayIn } from '../../../../shared/urgency.js';
import { t } from '../../common/locale.js';
import { session } from '../../common/session.js';
import { WatchController } from '../../common/watch-controller.js';
import { refusalText } from '../refusals.js';
import { tabletStyles } from '../tablet-styles.js';
import { InsightApi, exportHref, type DayFigures, type InsightQuery, type Overview, type StepFigures, type WipDays } from './insight-api.js';
import { leadTimeBlock, reworkBlock, stepsBlock, throughputBlock, wipBlock } from './insight-blocks.js';

interface Figures {
  steps: StepFigures[];
  days: DayFigures[];
  overview: Overview;
  wip: WipDays;
}

/** The last 30 days, today included, in the workshop's timezone. */
export function defaultRange(zone: string, now = Date.now()): { from: string; to: string } {
  const to = todayIn(zone, now);
  return { from: DateTime.fromISO(to, { zone }).minus({ days: 29 }).toISODate() ?? to, to };
}

/**
 * "Pilotage": where orders wait and why they come back. Lead time and on-time rate, time per step
 * (median and p90), orders started/finished/late per day, WIP per step over 30 days, rework per
 * step and machine with its top reasons, for a date range (last 30 days by default) and
 * optionally one machine or one person; and the step visits as CSV. Supervisors and admins.
 */
@customElement('insight-section')
export class InsightSection extends LitElement {
  static override styles = [
    tabletStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 12px 16px;
        align-items: end;
      }
      form .field {
        margin: 0;
        flex: 1 1 10rem;
        max-width: 16rem;
      }
      form button {
        min-height: var(--j-touch);
      }
      .export {
        display: inline-flex;
        align-items: center;
        min-height: var(--j-touch);
        font-weight: 600;
        color: var(--j-accent);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 34rem), 1fr));
        gap: 0 16px;
      }
      .block {
        min-width: 0;
      }
      .figure {
        margin: 4px 0 10px;
        font-size: 1.05rem;
      }
      h4 {
        margin: 16px 0 6px;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        margin: 8px 0 0;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: left;
        padding: 4px 8px;
        border-bottom: 1px solid var(--j-border);
      }
      thead th {
        color: var(--j-muted);
        font-size: 0.9rem;
      }
      details summary {
        min-height: var(--j-touch);
        display: flex;
        align-items: center;
        cursor: pointer;
        font-weight: 600;
      }
      .error {
        color: var(--j-urgent-bg);
        font-weight: 700;
      }
    `,
  ];

  private readonly session = session();
  private readonly api = new InsightApi();
  @state() private query: InsightQuery = defaultRange(this.session.store.settings?.timezone ?? 'Europe/Paris');
  @state() private figures: Figures | null = null;
  @state() private loading = false;
  @state() private error = '';
  /** The answers of an older query are dropped when a newer one was asked meanwhile. */
  private asked = 0;

  constructor() {
    super();
    new WatchController(this, [this.session, this.session.store]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const q = this.query;
    const n = ++this.asked;
    this.loading = true;
    this.error = '';
    try {
      const [steps, throughput, overview, wip] = await Promise.all([this.api.steps(q), this.api.throughput(q), this.api.overview(q), this.api.wip(30)]);
      if (n !== this.asked) return;
      this.figures = { steps: steps.steps, days: throughput.days, overview, wip };
    } catch (e) {
      if (n === this.asked) this.error = t('insight.failed', { message: refusalText(e) });
    } finally {
      if (n === this.asked) this.loading = false;
    }
  }

  private _onSubmit = (e: Event): void => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const get = (k: string): string => {
      const v = f.get(k);
      return typeof v === 'string' ? v : '';
    };
    this.query = {
      from: get('from') || this.query.from,
      to: get('to') || this.query.to,
      // One machine or one person: choosing one clears the other (see _onPick).
      ...(get('machine') ? { machine: get('machine') } : get('assignee') ? { assignee: get('assignee') } : {}),
    };
    void this.load();
  };

  /** A machine and a person cannot be combined (the server says filter_combination): picking one clears the other. */
  private _onPick = (e: Event): void => {
    const sel = e.target as HTMLSelectElement;
    const other = this.renderRoot.querySelector<HTMLSelectElement>(`select[name="${sel.name === 'machine' ? 'assignee' : 'machine'}"]`);
    if (sel.value && other) other.value = '';
  };

  private machineName = (id: string): string => this.session.machines.find((m) => m.id === id)?.name ?? t('insight.unknownMachine', { id });

  override render() {
    const s = this.session.store.settings;
    const q = this.query;
    const f = this.figures;
    return html`<h2>${t('insight.title')}</h2>
      <section aria-labelledby="filters-title">
        <h3 id="filters-title">${t('insight.filters')}</h3>
        <form @submit=${this._onSubmit}>
          <label class="field"><span>${t('insight.from')}</span><input type="date" name="from" required .value=${q.from} max=${q.to} /></label>
          <label class="field"><span>${t('insight.to')}</span><input type="date" name="to" required .value=${q.to} /></label>
          <label class="field"
            ><span>${t('insight.machine')}</span
            ><select name="machine" @change=${this._onPick}>
              <option value="">${t('insight.any')}</option>
              ${this.session.machines.map((m) => html`<option value=${m.id} ?selected=${m.id === q.machine}>${m.name}</option>`)}
            </select></label
          >
          <label class="field"
            ><span>${t('insight.person')}</span
            ><select name="assignee" @change=${this._onPick}>
              <option value="">${t('insight.anyone')}</option>
              ${this.session.users.map((u) => html`<option value=${u.id} ?selected=${u.id === q.assignee}>${u.name}</option>`)}
            </select></label
          >
          <button type="submit" class="primary" ?disabled=${this.loading}>${t('insight.show')}</button>
          <a class="export" href=${exportHref(q)} download data-export>${t('insight.export')}</a>
        </form>
        <p role="status" class=${this.error ? 'error' : 'help'}>${this.error || (this.loading ? t('insight.loading') : '')}</p>
      </section>
      ${f && s
        ? html`<div class="grid">
            ${leadTimeBlock(f.overview)} ${stepsBlock(f.steps, s)} ${throughputBlock(f.days)} ${wipBlock(f.wip, s)}
            ${reworkBlock(f.overview, s, this.machineName)}
          </div>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'insight-section': InsightSection;
  }
}
