import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OrderFilter } from '../../../shared/order-filter.js';
import type { Machine, User } from '../../../shared/schemas/people.js';
import type { Step } from '../../../shared/schemas/settings.js';
import { t } from './locale.js';
import { controlStyles } from './tokens.js';

const TEXT_DELAY_MS = 350;

/**
 * The reference's filters: user, step, machine, free text, and "tout voir". On a narrow or zoomed
 * screen they fold behind a "Filtres" button that counts the filters in force.
 * @fires filter-change - detail: the new OrderFilter
 */
@customElement('filter-bar')
export class FilterBar extends LitElement {
  static override styles = [
    controlStyles,
    css`
      .toggle {
        display: none;
        min-height: var(--j-touch);
        font-weight: 700;
        font-size: 1.05rem;
        gap: 8px;
        align-items: center;
      }
      .toggle[aria-expanded='true'] {
        border-color: var(--j-accent);
      }
      /*
       * Narrow or short viewports (a phone, a 1024×600 industrial panel, or a kiosk at 200 % zoom:
       * 1280×800 becomes 640×400): the filters fold behind one button so that the orders keep the screen.
       */
      @media (max-width: 760px), (max-height: 700px) {
        .toggle {
          display: inline-flex;
        }
        form:not(.open) {
          display: none;
        }
        form {
          margin-top: 10px;
        }
        select,
        input[type='search'] {
          min-width: 0;
          width: 100%;
          box-sizing: border-box;
        }
        label {
          flex: 1 1 12rem;
        }
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 10px 14px;
        align-items: end;
      }
      label {
        display: grid;
        gap: 4px;
        font-size: 0.9rem;
        font-weight: 600;
        color: var(--j-muted);
      }
      select,
      input[type='search'] {
        min-height: var(--j-touch);
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        background: var(--j-surface);
        color: var(--j-text);
        padding: 0 10px;
        font-size: 1.05rem;
        min-width: 9rem;
      }
      input[type='search'] {
        min-width: 14rem;
      }
      .all {
        display: flex;
        align-items: center;
        gap: 10px;
        min-height: var(--j-touch);
        padding: 0 12px;
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        background: var(--j-surface);
        color: var(--j-text);
        font-size: 1.05rem;
      }
      .all input {
        width: 28px;
        height: 28px;
      }
    `,
  ];

  @property({ attribute: false }) filter: OrderFilter = {};
  @property({ attribute: false }) steps: Step[] = [];
  @property({ attribute: false }) users: User[] = [];
  @property({ attribute: false }) machines: Machine[] = [];
  /** Fields fixed by the screen's own scope (a paired kiosk's machine or person): not offered. */
  @property({ attribute: false }) locked: { machine?: boolean; assignee?: boolean } = {};
  /** Unfolded by the "Filtres" button (only shown on narrow or zoomed screens). */
  @state() private open = false;
  private textTimer: ReturnType<typeof setTimeout> | null = null;

  private emit(patch: Partial<OrderFilter>): void {
    const next: OrderFilter = { ...this.filter, ...patch };
    for (const k of Object.keys(next) as (keyof OrderFilter)[]) if (!next[k]) delete next[k];
    this.dispatchEvent(new CustomEvent<OrderFilter>('filter-change', { detail: next, bubbles: true, composed: true }));
  }

  private _onUser = (e: Event): void => this.emit({ assigneeId: (e.target as HTMLSelectElement).value });
  private _onStep = (e: Event): void => this.emit({ stepId: (e.target as HTMLSelectElement).value });
  private _onMachine = (e: Event): void => this.emit({ machineId: (e.target as HTMLSelectElement).value });
  private _onAll = (e: Event): void => this.emit({ all: (e.target as HTMLInputElement).checked });
  private _onText = (e: Event): void => {
    const q = (e.target as HTMLInputElement).value;
    if (this.textTimer) clearTimeout(this.textTimer);
    // Waits for a pause in typing: each query reloads the list from the server.
    this.textTimer = setTimeout(() => this.emit({ q }), TEXT_DELAY_MS);
  };
  private _onSubmit = (e: Event): void => e.preventDefault();
  private _onToggle = (): void => {
    this.open = !this.open;
  };

  /** Filters in force beyond the screen's own scope, counted on the folded button. */
  private activeCount(): number {
    const f = this.filter;
    return [f.assigneeId && !this.locked.assignee, f.stepId, f.machineId && !this.locked.machine, f.q?.trim(), f.all].filter(Boolean).length;
  }

  private options(items: { id: string; name: string }[], selected: string | undefined) {
    const list = selected && !items.some((i) => i.id === selected) ? [...items, { id: selected, name: selected }] : items;
    return html`<option value="" ?selected=${!selected}>${t('filter.any')}</option>
      ${list.map((i) => html`<option value=${i.id} ?selected=${i.id === selected}>${i.name}</option>`)}`;
  }

  override render() {
    const f = this.filter;
    const active = this.activeCount();
    return html`<button type="button" class="toggle" data-filters-toggle aria-expanded=${this.open ? 'true' : 'false'} aria-controls="filters" @click=${this._onToggle}>
        <span aria-hidden="true">${this.open ? '▴' : '▾'}</span>${active ? t('filter.toggleCount', { count: active }) : t('filter.toggle')}
      </button>
      <form id="filters" class=${this.open ? 'open' : ''} role="search" aria-label=${t('filter.label')} @submit=${this._onSubmit}>
      ${this.locked.assignee
        ? nothing
        : html`<label>${t('filter.user')}<select name="assignee" @change=${this._onUser}>${this.options(this.users, f.assigneeId)}</select></label>`}
      <label>${t('filter.step')}<select name="step" @change=${this._onStep}>${this.options(
        this.steps.map((s) => ({ id: s.id, name: s.label })),
        f.stepId,
      )}</select></label>
      ${this.locked.machine
        ? nothing
        : html`<label>${t('filter.machine')}<select name="machine" @change=${this._onMachine}>${this.options(this.machines, f.machineId)}</select></label>`}
      <label>${t('filter.search')}<input
          type="search"
          name="q"
          .value=${f.q ?? ''}
          placeholder=${t('filter.searchPlaceholder')}
          @input=${this._onText}
      /></label>
      <label class="all"><input type="checkbox" name="all" .checked=${!!f.all} @change=${this._onAll} />${t('filter.all')}</label>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'filter-bar': FilterBar;
  }
}
