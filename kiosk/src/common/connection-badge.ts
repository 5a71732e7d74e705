import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LiveConnection, LiveState } from './live-connection.js';
import { t, tn } from './locale.js';
import './freshness.js';

/** Connection state and queued actions, on every view. A status region so screen readers hear changes. */
@customElement('connection-badge')
export class ConnectionBadge extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 10px;
      font-weight: 600;
    }
    .dot {
      width: 14px;
      height: 14px;
      border-radius: 50%;
      background: var(--j-muted);
      flex: none;
    }
    .live .dot {
      background: #2fbf71;
    }
    .offline .dot {
      background: #e5484d;
    }
    .unpaired .dot {
      background: var(--j-pending);
    }
    .state {
      display: inline-flex;
      align-items: center;
      gap: 8px;
    }
    .pending {
      background: var(--j-pending);
      color: #fff;
      border-radius: 999px;
      padding: 4px 12px;
    }
    .synced {
      color: var(--j-ok-bg);
    }
  `;

  @property() state: LiveState = 'connecting';
  @property({ type: Number }) pending = 0;
  @property({ type: Boolean }) synced = false;
  /** The live link, for "up to date" / "last news 2 min ago" beside the state. */
  @property({ attribute: false }) live: LiveConnection | null = null;

  override render() {
    const labels: Record<LiveState, string> = {
      live: t('conn.live'),
      offline: t('conn.offline'),
      connecting: t('conn.connecting'),
      unpaired: t('conn.unpaired'),
    };
    return html`<span role="status" aria-live="polite" class="state ${this.state}" data-state=${this.state}
        ><span class="dot" aria-hidden="true"></span>${labels[this.state]}</span
      >${this.live ? html`<freshness-label .live=${this.live}></freshness-label>` : nothing}${this.pending > 0
        ? html`<span class="pending" data-pending=${this.pending}>${tn('pending.count', this.pending)}</span>`
        : this.synced
          ? html`<span class="synced">✓ ${t('conn.synced')}</span>`
          : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'connection-badge': ConnectionBadge;
  }
}
