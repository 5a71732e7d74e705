import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { PLACEHOLDERS, placeholderProblems, placeholderValues, replacePlaceholders, type Placeholder } from '../../../shared/mail-template.js';
import type { Order } from '../../../shared/schemas/order.js';
import type { Template, TemplateInput } from '../../../shared/schemas/template.js';
import { localeState, t } from '../common/locale.js';
import { session } from '../common/session.js';
import { WatchController } from '../common/watch-controller.js';
import type { ConfirmDialog } from './confirm-dialog.js';
import { refusalText } from './refusals.js';
import { supervisorApi } from './supervisor-api.js';
import { tabletStyles } from './tablet-styles.js';
import './confirm-dialog.js';

/** Orders offered for the preview: the most recent ones (a select of 2,000 helps nobody). */
const PREVIEW_ORDERS_MAX = 300;

type Draft = { id: string | null; name: string; subject: string; body: string };
const blank: Draft = { id: null, name: '', subject: '', body: '' };

/**
 * Message templates [messages-type]: the list, and an editor with the placeholder list (one touch
 * inserts at the cursor), the placeholders checked as you type, and a live preview on a chosen
 * order rendered by the same functions as the server's mail (shared/mail-template.ts).
 */
@customElement('templates-section')
export class TemplatesSection extends LitElement {
  static override styles = [
    tabletStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(14rem, 20rem) 1fr;
        gap: 16px;
        align-items: start;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      .list {
        margin-top: 12px;
      }
      .list > li {
        border: none;
        padding: 0;
        background: none;
      }
      .list button.pick {
        width: 100%;
        text-align: left;
        display: grid;
        gap: 2px;
        padding: 8px 12px;
      }
      .list button[aria-current='true'] {
        border-color: var(--j-accent);
        background: var(--j-surface);
      }
      .list .steps {
        color: var(--j-muted);
        font-size: 0.9rem;
        font-weight: 400;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        list-style: none;
        margin: 0 0 12px;
        padding: 0;
      }
      .chips button {
        border-radius: 999px;
        display: grid;
        text-align: left;
        line-height: 1.15;
        padding: 4px 14px;
      }
      .chips code {
        font-size: 0.8rem;
        color: var(--j-muted);
      }
      .preview {
        border: 2px dashed var(--j-border);
        border-radius: var(--j-radius);
        padding: 12px;
        background: var(--j-surface-2);
      }
      .preview .subject {
        font-weight: 700;
        margin: 0 0 8px;
      }
      .preview pre {
        white-space: pre-wrap;
        font: inherit;
        margin: 0;
      }
      .problems {
        margin: 0 0 12px;
      }
    `,
  ];

  @state() private templates: Template[] = [];
  @state() private draft: Draft | null = null;
  @state() private dirty = false;
  @state() private result: { text: string; ok: boolean } | null = null;
  @state() private previewOrders: Order[] = [];
  @state() private previewId = '';
  @state() private busy = false;
  @query('confirm-dialog') private confirm!: ConfirmDialog;
  private readonly session = session();
  private readonly api = supervisorApi();
  /** Where a placeholder chip inserts: the field last focused, at its cursor. */
  private target: HTMLInputElement | HTMLTextAreaElement | null = null;

  constructor() {
    super();
    new WatchController(this, [this.session.store, localeState]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.api.allOrders().then(
      ({ orders }) => {
        this.previewOrders = [...orders].sort((a, b) => b.number - a.number).slice(0, PREVIEW_ORDERS_MAX);
        this.previewId ||= this.previewOrders[0]?.id ?? '';
      },
      () => undefined,
    );
  }

  private async load(selectId?: string): Promise<void> {
    try {
      this.templates = await this.api.templates();
      const pick = this.templates.find((x) => x.id === (selectId ?? this.draft?.id)) ?? (this.draft ? null : this.templates[0]);
      if (pick && !this.dirty) this.draft = { ...pick };
    } catch (e) {
      this.result = { text: refusalText(e), ok: false };
    }
  }

  private usedBy(id: string): string[] {
    return (this.session.store.settings?.steps ?? []).filter((s) => s.templateId === id).map((s) => s.label);
  }

  private _onPick = (e: Event): void => {
    const id = (e.currentTarget as HTMLButtonElement).dataset['id'];
    const tp = this.templates.find((x) => x.id === id);
    if (!tp) return;
    this.draft = { ...tp };
    this.dirty = false;
    this.result = null;
  };

  private _onNew = (): void => {
    this.draft = { ...blank };
    this.dirty = false;
    this.result = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[name="name"]')?.focus());
  };

  private edit(field: 'name' | 'subject' | 'body', value: string): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, [field]: value };
    this.dirty = true;
    this.result = null;
  }

  private _onField = (e: Event): void => {
    const el = e.target as HTMLInputElement | HTMLTextAreaElement;
    this.edit(el.name as 'name' | 'subject' | 'body', el.value);
  };

  private _onFocus = (e: FocusEvent): void => {
    const el = e.target as HTMLInputElement | HTMLTextAreaElement;
    if (el.name === 'subject' || el.name === 'body') this.target = el;
  };

  private _onInsert = (e: Event): void => {
    const name = (e.currentTarget as HTMLButtonElement).dataset['ph'] as Placeholder;
    const el = this.target ?? this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
    if (!el || !this.draft) return;
    const token = `{{${name}}}`;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    const value = el.value.slice(0, start) + token + el.value.slice(end);
    this.edit(el.name as 'subject' | 'body', value);
    void this.updateComplete.then(() => {
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };

  private _onSave = async (e: Event): Promise<void> => {
    e.preventDefault();
    const d = this.draft;
    if (!d || this.busy) return;
    const input: TemplateInput = { name: d.name, subject: d.subject, body: d.body };
    this.busy = true;
    try {
      const saved = d.id ? await this.api.saveTemplate(d.id, input) : await this.api.createTemplate(input);
      this.draft = { ...saved };
      this.dirty = false;
      this.result = { text: t('admin.saved'), ok: true };
      await this.load(saved.id);
    } catch (err) {
      this.result = { text: refusalText(err), ok: false };
    } finally {
      this.busy = false;
    }
  };

  private _onRemove = async (): Promise<void> => {
    const d = this.draft;
    if (!d?.id) return;
    if (!(await this.confirm.ask(t('templates.confirmRemove', { name: d.name }), t('action.remove')))) return;
    try {
      await this.api.removeTemplate(d.id);
      this.draft = null;
      this.dirty = false;
      this.result = { text: t('admin.saved'), ok: true };
      await this.load();
    } catch (err) {
      this.result = { text: refusalText(err), ok: false };
    }
  };

  private preview(d: Draft) {
    const settings = this.session.store.settings;
    const order = this.previewOrders.find((o) => o.id === this.previewId);
    if (!settings || !order) return html`<p class="muted">${t('templates.noOrder')}</p>`;
    // French, like the messages the server sends; placeholders it does not know stay as typed.
    const values = placeholderValues(order, settings, 'fr');
    return html`<div class="preview" aria-live="polite" data-preview>
      <p class="subject">${replacePlaceholders(d.subject, values)}</p>
      <pre>${replacePlaceholders(d.body, values)}</pre>
    </div>`;
  }

  private editor(d: Draft) {
    const problems = [...placeholderProblems(d.subject), ...placeholderProblems(d.body)];
    return html`<form @submit=${this._onSave} @focusin=${this._onFocus}>
      <label class="field"><span>${t('templates.name')}</span><input name="name" maxlength="120" required .value=${d.name} @input=${this._onField} /></label>
      <label class="field"><span>${t('templates.subject')}</span><input name="subject" maxlength="300" required .value=${d.subject} @input=${this._onField} /></label>
      <p class="label" id="ph-title">${t('templates.placeholders')}</p>
      <ul class="chips" aria-labelledby="ph-title">
        ${PLACEHOLDERS.map(
          (p) => html`<li>
            <button type="button" data-ph=${p} @click=${this._onInsert}>${t(`ph.${p}`)}<code>{{${p}}}</code></button>
          </li>`,
        )}
      </ul>
      <label class="field"><span>${t('templates.body')}</span><textarea name="body" maxlength="20000" required .value=${d.body} @input=${this._onField}></textarea></label>
      ${problems.length
        ? html`<div class="problems error" role="alert">
            ${t('templates.problems')}
            ${problems.map((p) => html`<div>${t(p.kind === 'unknown' ? 'templates.unknown' : 'templates.malformed', { text: p.text })}</div>`)}
          </div>`
        : nothing}
      <h3>${t('templates.preview')}</h3>
      <label class="field">
        <span>${t('templates.previewOn')}</span>
        <select name="previewOrder" @change=${(e: Event) => (this.previewId = (e.target as HTMLSelectElement).value)}>
          ${this.previewOrders.map(
            (o) => html`<option value=${o.id} ?selected=${o.id === this.previewId}>${o.number} — ${o.contact.company || o.contact.name}</option>`,
          )}
        </select>
      </label>
      ${this.preview(d)}
      <p class=${this.result?.ok ? 'ok' : 'error'} role="status" data-result>${this.result?.text ?? ''}</p>
      <div class="buttons">
        ${d.id ? html`<button type="button" class="danger remove" @click=${this._onRemove}>${t('action.remove')}</button>` : html`<span></span>`}
        <button type="submit" class="primary save" ?disabled=${this.busy || !this.dirty || !d.name.trim() || !d.subject.trim() || !d.body.trim() || problems.length > 0}>
          ${t('action.save')}
        </button>
      </div>
    </form>`;
  }

  override render() {
    const d = this.draft;
    return html`<h2>${t('templates.title')}</h2>
      <div class="layout">
        <section>
          <button class="primary new" @click=${this._onNew}>+ ${t('templates.new')}</button>
          <ul class="list" aria-label=${t('templates.title')}>
            ${this.templates.length ? nothing : html`<li class="muted">${t('templates.none')}</li>`}
            ${this.templates.map((tp) => {
              const used = this.usedBy(tp.id);
              return html`<li>
                <button class="pick" data-id=${tp.id} aria-current=${d?.id === tp.id ? 'true' : 'false'} @click=${this._onPick}>
                  <strong>${tp.name}</strong>
                  <span class="steps">${used.length ? t('templates.usedBy', { steps: used.join(', ') }) : t('templates.unused')}</span>
                </button>
              </li>`;
            })}
          </ul>
        </section>
        <section>${d ? this.editor(d) : html`<p class="muted">${t('templates.choose')}</p>`}</section>
      </div>
      <confirm-dialog></confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'templates-section': TemplatesSection;
  }
}
