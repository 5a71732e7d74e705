import { css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Order } from '../../../shared/schemas/order.js';
import type { Machine, User } from '../../../shared/schemas/people.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { ApiError } from '../common/api.js';
import { AskingDialog } from '../common/asking-dialog.js';
import { t } from '../common/locale.js';
import {
  createBody,
  fieldError,
  fieldsOf,
  patchBody,
  type FieldMessage,
  type OrderFieldName,
  type OrderFields,
} from './order-fields.js';
import { refusalText } from './refusals.js';
import type { SupervisorApi } from './supervisor-api.js';
import { tabletStyles } from './tablet-styles.js';

interface FormContext {
  settings: SettingsReply;
  users: User[];
  machines: Machine[];
}

/**
 * Creates or edits an order. The server's schemas are the rules: the form sends what was typed
 * and shows each refusal next to its field, in the supervisor's language. An edit carries the
 * version it was filled from, so an edit made meanwhile elsewhere is never overwritten.
 * `open(order | null, context)` resolves with the saved order, or null when cancelled.
 */
@customElement('order-form')
export class OrderForm extends AskingDialog<Order | null> {
  static override styles = [
    tabletStyles,
    css`
      dialog {
        width: min(52rem, 96vw);
      }
      fieldset {
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        margin: 0 0 12px;
        padding: 8px 14px 0;
      }
      legend {
        font-weight: 700;
        padding: 0 6px;
      }
      .required::after {
        content: ' *';
        color: var(--j-urgent-bg);
      }
      .field .error {
        font-size: 0.95rem;
      }
      .summary {
        margin: 8px 0 0;
      }
    `,
  ];

  @property({ attribute: false }) api!: SupervisorApi;
  @state() private order: Order | null = null;
  @state() private fields: OrderFields = fieldsOf(null);
  @state() private errors: Partial<Record<OrderFieldName, FieldMessage>> = {};
  @state() private general = '';
  @state() private busy = false;
  @state() private ctx: FormContext | null = null;
  protected readonly cancelled = null;

  async open(order: Order | null, ctx: FormContext): Promise<Order | null> {
    this.supersede();
    this.order = order;
    this.ctx = ctx;
    this.fields = fieldsOf(order, { stepId: ctx.settings.steps[0]?.id ?? '' });
    this.errors = {};
    this.general = '';
    return this.wait(() => this.renderRoot.querySelector<HTMLInputElement>(order ? '[name="name"]' : '[name="company"]')?.focus());
  }

  private _onInput = (e: Event): void => {
    const el = e.target as HTMLInputElement | HTMLSelectElement;
    const name = el.name as OrderFieldName;
    this.fields = { ...this.fields, [name]: el.value };
    if (this.errors[name]) {
      const { [name]: _gone, ...rest } = this.errors;
      void _gone;
      this.errors = rest;
    }
  };


  private _onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (this.busy) return;
    this.errors = {};
    this.general = '';
    const before = this.order;
    let saved: Order;
    this.busy = true;
    try {
      if (before) {
        const patch = patchBody(before, this.fields);
        if (!patch) return this.finish(before);
        saved = await this.api.editOrder(before.id, patch);
      } else {
        saved = await this.api.createOrder(createBody(this.fields));
      }
    } catch (err) {
      this.refused(err);
      return;
    } finally {
      this.busy = false;
    }
    this.finish(saved);
  };

  private refused(err: unknown): void {
    if (err instanceof ApiError && err.code === 'stale_version') {
      const current = (err.body as { order?: Order } | null)?.order;
      if (current) {
        this.order = current;
        this.fields = fieldsOf(current);
      }
      this.general = t('form.stale');
      return;
    }
    const f = err instanceof ApiError ? fieldError(err) : null;
    if (f) {
      this.errors = { [f.field]: f.message };
      this.general = t('form.fix');
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[name="${f.field}"]`)?.focus());
    } else {
      this.general = refusalText(err);
    }
  }

  private message(m: FieldMessage): string {
    return 'key' in m ? t(m.key, m.params) : m.text;
  }

  private input(name: OrderFieldName, label: string, opts: { type?: string; required?: boolean; mode?: string; auto?: string } = {}): TemplateResult {
    const err = this.errors[name];
    return html`<label class="field">
      <span class=${opts.required ? 'required' : ''}>${label}</span>
      <input
        name=${name}
        type=${opts.type ?? 'text'}
        inputmode=${opts.mode ?? nothing}
        autocomplete=${opts.auto ?? 'off'}
        .value=${this.fields[name]}
        aria-invalid=${err ? 'true' : 'false'}
        aria-describedby=${err ? `${name}-error` : nothing}
        @input=${this._onInput}
      />
      ${err ? html`<span class="error" id="${name}-error">${this.message(err)}</span>` : nothing}
    </label>`;
  }

  private select(name: OrderFieldName, label: string, options: { value: string; label: string }[]): TemplateResult {
    const err = this.errors[name];
    const v = this.fields[name];
    const list = v && !options.some((o) => o.value === v) ? [...options, { value: v, label: v }] : options;
    return html`<label class="field">
      <span>${label}</span>
      <select name=${name} aria-invalid=${err ? 'true' : 'false'} @change=${this._onInput}>
        ${list.map((o) => html`<option value=${o.value} ?selected=${o.value === v}>${o.label}</option>`)}
      </select>
      ${err ? html`<span class="error" id="${name}-error">${this.message(err)}</span>` : nothing}
    </label>`;
  }

  override render() {
    const ctx = this.ctx;
    const o = this.order;
    const none = { value: '', label: t('form.none') };
    return html`<dialog aria-labelledby="title" @close=${this._onClose}>
      <form novalidate @submit=${this._onSubmit}>
        <h2 id="title">${o ? t('form.editTitle', { number: o.number }) : t('form.newTitle')}</h2>
        ${ctx
          ? html`<fieldset>
                <legend>${t('form.contact')}</legend>
                <div class="grid2">
                  ${this.input('company', t('order.company'), { auto: 'organization' })}
                  ${this.input('name', t('order.contact'), { required: true, auto: 'name' })}
                  ${this.input('contactId', t('form.contactId'))}
                  ${this.input('email', t('form.email'), { type: 'email', auto: 'email' })}
                  ${this.input('postalCode', t('order.postalCode'), { auto: 'postal-code' })}
                </div>
              </fieldset>
              <fieldset>
                <legend>${t('form.order')}</legend>
                <div class="grid2">
                  ${o ? nothing : this.input('number', t('form.number'), { mode: 'numeric' })}
                  ${this.input('date', t('order.date'), { type: 'date' })}
                  ${this.input('nature', t('order.nature'))}
                  ${this.input('customerRef', t('order.ref'))}
                  ${this.input('externalRef', t('form.externalRef'))}
                  ${this.select('status', t('order.status'), [
                    { value: '', label: t('order.noStatus') },
                    ...ctx.settings.statuses.map((s) => ({ value: s, label: s })),
                  ])}
                  ${this.input('dueDate', t('order.due'), { type: 'date' })}
                  ${this.select('assigneeId', t('form.assignee'), [none, ...ctx.users.map((u) => ({ value: u.id, label: u.name }))])}
                  ${this.select('machineId', t('form.machine'), [none, ...ctx.machines.map((m) => ({ value: m.id, label: m.name }))])}
                  ${o ? nothing : this.select('stepId', t('form.startStep'), ctx.settings.steps.map((s) => ({ value: s.id, label: s.label })))}
                </div>
              </fieldset>`
          : nothing}
        <p class="error summary" role="alert">${this.general || nothing}</p>
        <div class="buttons">
          <button type="button" class="cancel" @click=${this._onCancel}>${t('action.cancel')}</button>
          <button type="submit" class="primary save" ?disabled=${this.busy}>${o ? t('action.save') : t('action.create')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'order-form': OrderForm;
  }
}
