import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { Settings, SettingsReply, Step } from '../../../shared/schemas/settings.js';
import type { Template } from '../../../shared/schemas/template.js';
import { ApiError } from '../common/api.js';
import { localeState, t, tn } from '../common/locale.js';
import { session } from '../common/session.js';
import { WatchController } from '../common/watch-controller.js';
import type { ConfirmDialog } from './confirm-dialog.js';
import { refusalExtra, refusalText } from './refusals.js';
import { supervisorApi } from './supervisor-api.js';
import { tabletStyles } from './tablet-styles.js';
import './confirm-dialog.js';
import './rework-reasons-field.js';
import { editable, timezones } from './settings-draft.js';
import './step-list.js';
import './working-hours-field.js';
import './workshop-language-field.js';

/**
 * The reference's "Paramètres de l'extension": steps (order, message, auto-send), final step,
 * final order status, days before due, statuses, timezone, each explained in the reference's
 * words. Edits are a draft saved in one PUT; removing a step saves at once and is refused by the
 * server, with its count, while orders are still at that step.
 */
@customElement('settings-section')
export class SettingsSection extends LitElement {
  static override styles = [
    tabletStyles,
    css`
      .callout {
        border-left: 8px solid var(--j-accent);
        background: var(--j-surface-2);
        padding: 10px 14px;
        border-radius: 8px;
        margin: 8px 0 0;
        line-height: 1.45;
      }
      .statuses {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        list-style: none;
        margin: 0 0 10px;
        padding: 0;
      }
      .statuses li {
        display: flex;
        align-items: center;
        gap: 6px;
        border: 2px solid var(--j-border);
        border-radius: 999px;
        padding: 0 0 0 14px;
        background: var(--j-surface-2);
        font-weight: 600;
      }
      .statuses button {
        border-radius: 999px;
      }
      .swatches {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin: 6px 0 0;
      }
      .swatch {
        border-radius: 999px;
        padding: 4px 12px;
        font-weight: 700;
      }
      .swatch.ok {
        background: var(--j-ok-bg);
        color: var(--j-ok-text);
      }
      .swatch.soon {
        background: var(--j-soon-bg);
        color: var(--j-soon-text);
      }
      .swatch.urgent {
        background: var(--j-urgent-bg);
        color: var(--j-urgent-text);
      }
      .narrow {
        max-width: 12rem;
      }
      .bar {
        position: sticky;
        bottom: 0;
        z-index: 2;
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        align-items: center;
        padding: 12px 16px;
        background: var(--j-surface);
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        box-shadow: 0 -4px 16px rgb(0 0 0 / 0.08);
      }
      .bar p {
        flex: 1 1 16rem;
      }
      .bar .primary {
        min-height: 56px;
      }
      .add {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
      }
      .add input {
        flex: 1 1 12rem;
        width: auto;
      }
    `,
  ];

  @state() private draft: Settings | null = null;
  @state() private dirty = false;
  @state() private saving = false;
  @state() private templates: Template[] = [];
  @state() private result: { text: string; ok: boolean } | null = null;
  @state() private stepErrors: Record<string, string> = {};
  @state() private newStatus = '';
  @query('confirm-dialog') private confirm!: ConfirmDialog;
  private readonly session = session();
  private readonly api = supervisorApi();
  /** The seq of the settings the draft was taken from: a newer one means another screen saved. */
  private baseSeq = -1;

  constructor() {
    super();
    new WatchController(this, [this.session.store, localeState]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.api.templates().then(
      (list) => (this.templates = list),
      () => undefined,
    );
  }

  override willUpdate(): void {
    const live = this.session.store.settings;
    if (!live || live.seq === this.baseSeq) return;
    if (this.draft && this.dirty) {
      this.result = { text: t('settings.changedElsewhere'), ok: false };
    } else {
      this.draft = editable(live);
    }
    this.baseSeq = live.seq;
  }

  private change(patch: Partial<Settings>): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, ...patch };
    this.dirty = true;
    this.result = null;
    this.stepErrors = {};
  }

  private async save(next: Settings): Promise<boolean> {
    this.saving = true;
    this.result = null;
    this.stepErrors = {};
    try {
      const saved = await this.api.saveSettings(next, this.baseSeq);
      this.session.applySettings(saved);
      this.baseSeq = saved.seq;
      this.draft = editable(saved);
      this.dirty = false;
      this.result = { text: t('settings.saved'), ok: true };
      return true;
    } catch (e) {
      this.result = { text: this.refusal(e), ok: false };
      return false;
    } finally {
      this.saving = false;
    }
  }

  /**
   * The server's refusal; "step in use" is said with its count and the steps' names, on their rows too.
   * Settings saved elsewhere since the draft was taken: the screen takes the current ones; an
   * edited draft stays, based on them, so that a second Save replaces them knowingly.
   */
  private refusal(e: unknown): string {
    if (e instanceof ApiError && e.code === 'stale_settings') {
      const current = refusalExtra<{ settings: SettingsReply }>(e).settings;
      if (current) this.session.applySettings(current);
      if (current && this.dirty) this.baseSeq = current.seq;
      return t('settings.staleRefused');
    }
    if (e instanceof ApiError && e.code === 'step_in_use') {
      const extra = refusalExtra<{ count: number; stepIds: string[] }>(e);
      const ids = extra.stepIds ?? [];
      const labels = (this.session.store.settings?.steps ?? []).filter((s) => ids.includes(s.id)).map((s) => s.label);
      const text = tn('settings.stepInUse', extra.count ?? 1, { steps: labels.join(', ') || ids.join(', ') });
      this.stepErrors = Object.fromEntries(ids.map((id) => [id, text]));
      return text;
    }
    return refusalText(e);
  }

  private _onSteps = (e: CustomEvent<Step[]>): void => this.change({ steps: e.detail });

  private _onRemoveStep = async (e: CustomEvent<{ stepId: string }>): Promise<void> => {
    const d = this.draft;
    const step = d?.steps.find((s) => s.id === e.detail.stepId);
    if (!d || !step) return;
    if (!(await this.confirm.ask(t('settings.confirmRemove', { step: step.label }), t('action.remove')))) return;
    const before = d;
    const ok = await this.save({ ...d, steps: d.steps.filter((s) => s.id !== step.id) });
    if (!ok) {
      // Refused: the step stays, with the server's reason on its row.
      this.draft = before;
      if (!this.stepErrors[step.id]) this.stepErrors = { [step.id]: this.result?.text ?? '' };
    }
  };

  private _onSave = (): void => {
    if (this.draft) void this.save(this.draft);
  };

  private _onDiscard = (): void => {
    const live = this.session.store.settings;
    if (live) this.draft = editable(live);
    this.dirty = false;
    this.result = null;
    this.stepErrors = {};
  };

  private _onAddStatus = (e: Event): void => {
    e.preventDefault();
    const v = this.newStatus.trim();
    if (!v || !this.draft || this.draft.statuses.includes(v)) return;
    this.newStatus = '';
    this.change({ statuses: [...this.draft.statuses, v] });
  };

  private removeStatus(v: string): void {
    const d = this.draft!;
    this.change({ statuses: d.statuses.filter((s) => s !== v), finalStatus: d.finalStatus === v ? null : d.finalStatus });
  }

  override render() {
    const d = this.draft;
    if (!d) return html`<p class="muted">${t('admin.loading')}</p>`;
    const days = d.dueSoonDays;
    return html`<h2>${t('settings.title')}</h2>
      <section aria-labelledby="steps-title">
        <h3 id="steps-title">${t('settings.steps')}</h3>
        <p class="help">${t('settings.stepsHelp')} ${t('settings.templateHelp')}</p>
        <step-list
          .steps=${d.steps}
          .templates=${this.templates}
          .finalStepId=${d.finalStepId}
          .errors=${this.stepErrors}
          @steps-change=${this._onSteps}
          @step-remove=${this._onRemoveStep}
        ></step-list>
      </section>

      <section aria-labelledby="final-title">
        <h3 id="final-title">${t('settings.finalStep')} · ${t('settings.finalStatus')}</h3>
        <div class="grid2">
          <label class="field">
            <span>${t('settings.finalStep')}</span>
            <select name="finalStepId" @change=${(e: Event) => this.change({ finalStepId: (e.target as HTMLSelectElement).value })}>
              ${d.steps.map((s) => html`<option value=${s.id} ?selected=${s.id === d.finalStepId}>${s.label}</option>`)}
            </select>
            <span class="help">${t('settings.finalStepHelp')}</span>
          </label>
          <label class="field">
            <span>${t('settings.finalStatus')}</span>
            <select name="finalStatus" @change=${(e: Event) => this.change({ finalStatus: (e.target as HTMLSelectElement).value || null })}>
              <option value="" ?selected=${!d.finalStatus}>${t('settings.noFinalStatus')}</option>
              ${d.statuses.map((s) => html`<option value=${s} ?selected=${s === d.finalStatus}>${s}</option>`)}
            </select>
            <span class="help">${t('settings.finalStatusHelp')}</span>
          </label>
        </div>
        <p class="callout" data-explain="status-vs-step">${t('settings.statusVsStep')}</p>
      </section>

      <section aria-labelledby="days-title">
        <h3 id="days-title">${t('settings.dueSoonDays')}</h3>
        <label class="field narrow">
          <span class="visually-hidden">${t('settings.dueSoonDays')}</span>
          <input
            name="dueSoonDays"
            type="number"
            inputmode="numeric"
            min="0"
            max="365"
            .value=${String(days)}
            @change=${(e: Event) => this.change({ dueSoonDays: Number.parseInt((e.target as HTMLInputElement).value, 10) })}
          />
        </label>
        <p class="help">${t('settings.dueSoonDaysHelp')}</p>
        ${Number.isInteger(days)
          ? html`<div class="swatches">
              <span class="swatch ok">✓ ${t('urgency.ok')} : ${t('settings.swatchOk', { n: days + 1 })}</span>
              ${days >= 1 ? html`<span class="swatch soon">⚠ ${t('urgency.soon')} : ${t('settings.swatchSoon', { n: days })}</span>` : nothing}
              <span class="swatch urgent">! ${t('urgency.urgent')} : ${t('settings.swatchUrgent')}</span>
            </div>`
          : nothing}
      </section>

      <section aria-labelledby="statuses-title">
        <h3 id="statuses-title">${t('settings.statuses')}</h3>
        <p class="help">${t('settings.statusesHelp')}</p>
        <ul class="statuses">
          ${d.statuses.map(
            (s) => html`<li data-status=${s}>
              ${s}<button class="remove-status" aria-label=${t('settings.removeStatus', { status: s })} @click=${() => this.removeStatus(s)}>✕</button>
            </li>`,
          )}
        </ul>
        <form class="add" @submit=${this._onAddStatus}>
          <input
            name="newStatus"
            maxlength="80"
            placeholder=${t('settings.newStatus')}
            aria-label=${t('settings.newStatus')}
            .value=${this.newStatus}
            @input=${(e: Event) => (this.newStatus = (e.target as HTMLInputElement).value)}
          />
          <button type="submit" ?disabled=${!this.newStatus.trim()}>+ ${t('settings.addStatus')}</button>
        </form>
      </section>

      <section aria-labelledby="zone-title">
        <h3 id="zone-title">${t('settings.timezone')} · ${t('settings.workshopName')}</h3>
        <div class="grid2">
          <label class="field">
            <span>${t('settings.timezone')}</span>
            <input
              name="timezone"
              list="zones"
              autocomplete="off"
              .value=${d.timezone}
              @change=${(e: Event) => this.change({ timezone: (e.target as HTMLInputElement).value.trim() })}
            />
            <datalist id="zones">${timezones().map((z) => html`<option value=${z}></option>`)}</datalist>
            <span class="help">${t('settings.timezoneHelp')}</span>
          </label>
          <label class="field">
            <span>${t('settings.workshopName')}</span>
            <input
              name="workshopName"
              maxlength="120"
              .value=${d.workshopName ?? ''}
              @change=${(e: Event) => this.change({ workshopName: (e.target as HTMLInputElement).value })}
            />
          </label>
        </div>
        <workshop-language-field .language=${d.language ?? 'fr'} @language-change=${(e: CustomEvent<'fr' | 'en'>) => this.change({ language: e.detail })}></workshop-language-field>
        <working-hours-field .hours=${d.workingHours ?? null} @hours-change=${(e: CustomEvent<Settings['workingHours']>) => this.change({ workingHours: e.detail })}></working-hours-field>
      </section>

      <rework-reasons-field .reasons=${d.reworkReasons ?? []} @reasons-change=${(e: CustomEvent<Settings['reworkReasons']>) => this.change({ reworkReasons: e.detail })}></rework-reasons-field>
      <div class="bar">
        <p class=${this.result ? (this.result.ok ? 'ok' : 'error') : 'muted'} role=${this.result && !this.result.ok ? 'alert' : 'status'} data-result>
          ${this.result ? this.result.text : this.dirty ? t('settings.unsaved') : ''}
        </p>
        <button class="discard" ?disabled=${!this.dirty || this.saving} @click=${this._onDiscard}>${t('settings.discard')}</button>
        <button class="primary save" ?disabled=${!this.dirty || this.saving} @click=${this._onSave}>${t('settings.save')}</button>
      </div>
      <confirm-dialog></confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'settings-section': SettingsSection;
  }
}
