import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Urgency } from '../../../shared/schemas/order.js';
import { t } from './locale.js';

/** The icon beside each urgency's word (none: no pill at all). */
export const urgencyIcons: Record<Urgency, string> = { ok: '✓', soon: '⚠', urgent: '!', none: '' };

/** The urgency as colour AND icon AND word, so colour is never the only signal. */
@customElement('urgency-pill')
export class UrgencyPill extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
    }
    span {
      display: inline-flex;
      align-items: center;
      gap: 0.35em;
      padding: 0.15em 0.6em;
      border-radius: 999px;
      font-weight: 700;
      white-space: nowrap;
    }
    .ok {
      background: var(--j-ok-bg);
      color: var(--j-ok-text);
    }
    .soon {
      background: var(--j-soon-bg);
      color: var(--j-soon-text);
    }
    .urgent {
      background: var(--j-urgent-bg);
      color: var(--j-urgent-text);
    }
    b {
      font-size: 1.05em;
    }
  `;

  @property() urgency: Urgency = 'none';
  /** Icon only (the word for screen readers and as a tooltip): the wall's compact rows, where the company needs the width. */
  @property({ type: Boolean }) short = false;

  override render() {
    if (this.urgency === 'none') return nothing;
    const word = t(`urgency.${this.urgency}`);
    if (this.short) return html`<span class=${this.urgency} role="img" aria-label=${word} title=${word}><b>${urgencyIcons[this.urgency]}</b></span>`;
    return html`<span class=${this.urgency}><b aria-hidden="true">${urgencyIcons[this.urgency]}</b>${word}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'urgency-pill': UrgencyPill;
  }
}
