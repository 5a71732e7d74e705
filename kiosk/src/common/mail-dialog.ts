import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { OutboxMessage } from '../../../shared/schemas/mail.js';
import type { Order } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { ApiError, type Api, type MailDraft } from './api.js';
import { dialogStyles } from './dialog-styles.js';
import { t } from './locale.js';
import { newOpId } from './op-id.js';
import { controlStyles } from './tokens.js';

/** While a message is on its way, the envelope re-reads its state this often (only while open). */
const STATE_POLL_MS = 2000;

/**
 * Whether an order at `stepId` offers the envelope: its step has a message template, and the
 * server has not said (`mail-unavailable`) that there is no message for it.
 */
export function envelopeShown(settings: Pick<SettingsReply, 'steps'>, stepId: string, noMail: ReadonlySet<string>): boolean {
  return !!settings.steps.find((s) => s.id === stepId)?.templateId && !noMail.has(stepId);
}

type Load = { state: 'loading' } | { state: 'none' } | { state: 'offline' } | { state: 'done'; draft: MailDraft };

/**
 * The envelope [enveloppe]: the message prefilled with the current step's template, editable, sent
 * through the server's outbox (which retries and never blocks a step change). It shows the state
 * of the order's last message (queued, sent, failed…). Sending needs the supervisor role: on a
 * workstation the message is shown to read and copy.
 * @fires mail-unavailable - the server has no message for this step; detail: { stepId }
 */
@customElement('mail-dialog')
export class MailDialog extends LitElement {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      dialog {
        width: min(46rem, 94vw);
        max-height: 92vh;
        box-sizing: border-box;
      }
      h2 {
        margin: 0 0 12px;
      }
      dl {
        margin: 0;
        display: grid;
        gap: 8px;
      }
      dt {
        color: var(--j-muted);
        font-size: 0.9rem;
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
      pre {
        white-space: pre-wrap;
        font: inherit;
        background: var(--j-surface-2);
        padding: 12px;
        border-radius: 8px;
        margin: 0;
      }
      label {
        display: grid;
        gap: 4px;
        margin-bottom: 10px;
        font-weight: 600;
      }
      input,
      textarea {
        box-sizing: border-box;
        width: 100%;
        min-height: var(--j-touch);
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        background: var(--j-surface-2);
        padding: 6px 10px;
        font-size: 1.05rem;
        font-weight: 400;
      }
      textarea {
        min-height: 12rem;
        resize: vertical;
        line-height: 1.4;
      }
      .hint {
        color: var(--j-muted);
        font-weight: 400;
        font-size: 0.9rem;
      }
      .state {
        margin: 12px 0 0;
        padding: 8px 12px;
        border-radius: 8px;
        background: var(--j-surface-2);
        font-weight: 600;
      }
      .state.failed {
        background: var(--j-warn-bg);
        border: 2px solid var(--j-warn-border);
      }
      .error {
        color: var(--j-urgent-bg);
        font-weight: 700;
        margin: 8px 0 0;
      }
      .buttons button {
        min-height: 56px;
      }
      .send {
        background: var(--j-accent);
        color: var(--j-accent-text);
        border-color: var(--j-accent);
        font-weight: 800;
        min-width: 10rem;
      }
    `,
  ];

  @state() private load: Load = { state: 'loading' };
  @state() private number = 0;
  @state() private copied = false;
  @state() private canSend = false;
  @state() private to = '';
  @state() private subject = '';
  @state() private body = '';
  @state() private sending = false;
  @state() private error = '';
  /** The message this dialog queued, or the order's latest one. */
  @state() private last: OutboxMessage | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  private orderId = '';
  private api: Api | null = null;
  /** One id per opened envelope: a double tap or a retry after a lost answer queues the message once. */
  private opId = '';
  private poll: ReturnType<typeof setTimeout> | null = null;

  async show(order: Order, api: Api, opts: { canSend?: boolean } = {}): Promise<void> {
    this.number = order.number;
    this.orderId = order.id;
    this.api = api;
    this.canSend = !!opts.canSend;
    this.load = { state: 'loading' };
    this.copied = false;
    this.error = '';
    this.last = null;
    this.opId = newOpId();
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    try {
      const draft = await api.mail(order.id);
      this.to = draft.to;
      this.subject = draft.subject;
      this.body = draft.body;
      this.last = draft.messages?.[0] ?? null;
      this.load = { state: 'done', draft };
      this.followState();
    } catch (e) {
      this.load = e instanceof ApiError ? { state: 'none' } : { state: 'offline' };
      // No message for this step (409 no_template), or the order is gone (404).
      if (e instanceof ApiError && (e.status === 404 || e.code === 'no_template')) {
        this.dispatchEvent(new CustomEvent('mail-unavailable', { detail: { stepId: order.stepId }, bubbles: true, composed: true }));
      }
    }
  }

  private _onClose = (): void => this.dialog.close();

  private _onClosed = (): void => this.stopPolling();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopPolling();
  }

  private stopPolling(): void {
    if (this.poll) clearTimeout(this.poll);
    this.poll = null;
  }

  /** Queued or sending: read the state again shortly, until it settles or the envelope closes. */
  private followState(): void {
    this.stopPolling();
    const m = this.last;
    if (!m || (m.state !== 'queued' && m.state !== 'sending') || !this.api || !this.dialog?.open) return;
    const api = this.api;
    const orderId = this.orderId;
    this.poll = setTimeout(() => void this.readState(api, orderId, m.id), STATE_POLL_MS);
  }

  /** One reading of the message's state; the next one is planned while it is still on its way. */
  private async readState(api: Api, orderId: string, messageId: string): Promise<void> {
    this.poll = null;
    try {
      const fresh = (await api.mail(orderId)).messages ?? [];
      if (orderId !== this.orderId || !this.dialog.open) return;
      this.last = fresh.find((x) => x.id === messageId) ?? this.last;
    } catch {
      /* unreachable for now: keep the last known state, try again */
    }
    this.followState();
  }

  private _onCopy = async (): Promise<void> => {
    if (this.load.state !== 'done') return;
    try {
      await navigator.clipboard.writeText(`${this.subject}\n\n${this.body}`);
      this.copied = true;
    } catch {
      /* clipboard refused (not a secure context or no permission): the text stays selectable */
    }
  };

  private _onSend = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!this.api || this.sending) return;
    this.sending = true;
    this.error = '';
    try {
      const to = this.to.trim();
      this.last = await this.api.sendMail(this.orderId, { ...(to ? { to } : {}), subject: this.subject, body: this.body, opId: this.opId });
      this.followState();
    } catch (err) {
      this.error = err instanceof ApiError ? t('admin.refused', { message: err.message }) : t('admin.offline');
    } finally {
      this.sending = false;
    }
  };

  private field = (name: 'to' | 'subject' | 'body') => (e: Event) => {
    this[name] = (e.target as HTMLInputElement | HTMLTextAreaElement).value;
    // A changed message is a new message: it gets its own operation id.
    this.opId = newOpId();
  };

  private stateLine() {
    const m = this.last;
    if (!m) return nothing;
    const key = `mail.state.${m.state}` as const;
    return html`<p class="state ${m.state}" role="status" data-mail-state=${m.state}>
      ${t('mail.last', { subject: m.subject, state: t(key) })}${m.reason ? html`<br />${t('mail.reason', { reason: m.reason })}` : nothing}
    </p>`;
  }

  private editor() {
    return html`<form id="send" @submit=${this._onSend}>
      <label>${t('mail.to')} <span class="hint">${t('mail.toHelp')}</span>
        <input name="to" type="email" autocomplete="email" .value=${this.to} @input=${this.field('to')} /></label>
      <label>${t('mail.subject')}<input name="subject" required maxlength="300" .value=${this.subject} @input=${this.field('subject')} /></label>
      <label>${t('mail.body')}<textarea name="body" required maxlength="20000" .value=${this.body} @input=${this.field('body')}></textarea></label>
    </form>`;
  }

  private reader(d: MailDraft) {
    return html`<dl>
        <dt>${t('mail.to')}</dt>
        <dd>${d.to}</dd>
        <dt>${t('mail.subject')}</dt>
        <dd>${d.subject}</dd>
        <dt>${t('mail.body')}</dt>
        <dd><pre>${d.body}</pre></dd>
      </dl>
      <p>${t('mail.supervisorSends')}</p>`;
  }

  override render() {
    const l = this.load;
    return html`<dialog aria-labelledby="title" @close=${this._onClosed}>
      <h2 id="title">${t('action.mailOf', { number: this.number })}</h2>
      ${l.state === 'loading'
        ? html`<p>${t('mail.loading')}</p>`
        : l.state === 'none'
          ? html`<p>${t('mail.unavailable')}</p>`
          : l.state === 'offline'
            ? html`<p>${t('admin.offline')}</p>`
            : this.canSend
              ? this.editor()
              : this.reader(l.draft)}
      ${this.stateLine()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="buttons">
        <button class="close" @click=${this._onClose}>${t('action.close')}</button>
        ${l.state === 'done'
          ? this.canSend
            ? html`<button class="send" type="submit" form="send" ?disabled=${this.sending || !this.subject.trim() || !this.body.trim()}>
                ✉ ${this.sending ? t('mail.sending') : t('mail.send')}
              </button>`
            : html`<button @click=${this._onCopy}>${this.copied ? t('action.copied') : t('action.copy')}</button>`
          : nothing}
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mail-dialog': MailDialog;
  }
}
