import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { HistoryEntry, Order } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { stepLabel } from '../../../shared/workflow.js';
import type { Api } from './api.js';
import { dialogStyles } from './dialog-styles.js';
import { formatInstant, t } from './locale.js';
import { controlStyles } from './tokens.js';

const MAIL_STATES = ['queued', 'sending', 'retrying', 'sent', 'written', 'failed'] as const;
type MailStateWord = (typeof MAIL_STATES)[number];

/** The outbox state a mail entry records; an unknown one (a newer server) reads as queued rather than as sent. */
function mailState(state: string): MailStateWord {
  return (MAIL_STATES as readonly string[]).includes(state) ? (state as MailStateWord) : 'queued';
}

type Load = { state: 'loading' } | { state: 'offline' } | { state: 'done'; entries: HistoryEntry[] };

/**
 * The order's history [suivi]: every step change, who, when, and the comments; each message with
 * the state the outbox recorded (queued, retrying, sent, written, failed) and why it failed.
 * Needs the server.
 */
@customElement('history-dialog')
export class HistoryDialog extends LitElement {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      dialog {
        width: min(44rem, 94vw);
        max-height: 85vh;
      }
      h2 {
        margin: 0 0 12px;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 10px;
      }
      li {
        border-left: 6px solid var(--j-border);
        padding: 6px 12px;
        background: var(--j-surface-2);
        border-radius: 6px;
      }
      li.regressed {
        border-left-color: var(--j-urgent-bg);
      }
      li.advanced {
        border-left-color: var(--j-ok-bg);
      }
      .when {
        color: var(--j-muted);
        font-size: 0.95rem;
      }
      .what {
        font-weight: 700;
      }
      /* Only a delivered message is green: a demo file ("written") never left the machine. */
      li.mail-sent {
        border-left-color: var(--j-ok-bg);
      }
      li.mail-retrying,
      li.mail-queued,
      li.mail-sending {
        border-left-color: var(--j-soon-bg);
      }
      li.mail-failed {
        border-left-color: var(--j-urgent-bg);
      }
      .mail,
      .reason {
        margin: 4px 0 0;
        overflow-wrap: anywhere;
      }
      .rework {
        margin: 4px 0 0;
        font-weight: 700;
      }
      .comment {
        margin: 4px 0 0;
        font-style: italic;
        white-space: pre-wrap;
      }
      .close {
        margin-top: 16px;
        min-height: 56px;
        width: 100%;
      }
    `,
  ];

  @state() private load: Load = { state: 'loading' };
  @state() private number = 0;
  @query('dialog') private dialog!: HTMLDialogElement;
  private settings: SettingsReply | null = null;

  async show(order: Order, api: Api, settings: SettingsReply): Promise<void> {
    this.number = order.number;
    this.settings = settings;
    this.load = { state: 'loading' };
    await this.updateComplete;
    this.dialog.showModal();
    try {
      const full = await api.order(order.id);
      this.load = { state: 'done', entries: [...(full.history ?? [])].reverse() };
    } catch {
      this.load = { state: 'offline' };
    }
  }

  private _onClose = (): void => this.dialog.close();

  private entry(h: HistoryEntry) {
    const s = this.settings!;
    const zone = s.timezone;
    const steps =
      h.fromStepId || h.toStepId
        ? `${h.fromStepId ? stepLabel(s, h.fromStepId) : ''}${h.fromStepId && h.toStepId ? ' → ' : ''}${h.toStepId ? stepLabel(s, h.toStepId) : ''}`
        : '';
    const status = h.kind === 'status' ? `${h.fromStatus ?? t('order.noStatus')} → ${h.toStatus ?? t('order.noStatus')}` : '';
    const mail = h.kind === 'mail' && h.mail ? h.mail : null;
    return html`<li class="${h.kind}${mail ? ` mail-${mailState(mail.state)}` : ''}" data-kind=${h.kind} data-mail-state=${mail?.state ?? nothing}>
      <div class="when">${formatInstant(h.at, zone)} · ${t('history.by', { actor: h.actor })}</div>
      <div class="what">${t(`history.${h.kind}`)}${h.via ? ` (${t(`erp.via.${h.via}`)})` : ''}${steps ? html` : ${steps}` : ''}${status ? html` : ${status}` : ''}</div>
      ${mail
        ? html`<p class="mail">${t('history.mailLine', { subject: mail.subject, to: mail.to, state: t(`mail.state.${mailState(mail.state)}`) })}</p>
            ${mail.reason ? html`<p class="reason">${t('mail.reason', { reason: mail.reason })}</p>` : nothing}`
        : nothing}
      ${h.reasonCode
        ? html`<p class="rework" data-reason=${h.reasonCode}>
            ${t('history.reason', { reason: s.reworkReasons?.find((r) => r.id === h.reasonCode)?.label ?? h.reasonCode })}
          </p>`
        : nothing}
      ${h.comment ? html`<p class="comment">« ${h.comment} »</p>` : ''}
    </li>`;
  }

  override render() {
    const l = this.load;
    return html`<dialog aria-labelledby="title">
      <h2 id="title">${t('history.title', { number: this.number })}</h2>
      ${l.state === 'loading'
        ? html`<p>${t('history.loading')}</p>`
        : l.state === 'offline'
          ? html`<p>${t('history.offline')}</p>`
          : l.entries.length
            ? html`<ol>${l.entries.map((h) => this.entry(h))}</ol>`
            : html`<p>${t('history.empty')}</p>`}
      <button class="close" @click=${this._onClose} autofocus>${t('action.close')}</button>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-dialog': HistoryDialog;
  }
}
