import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ClockController } from './clock-controller.js';
import { localeState, t } from './locale.js';
import { visuallyHidden } from './tokens.js';
import { durationText, longerThanUsual, shortSinceText, sinceText, timeInStep } from './time-in-step.js';

/**
 * "depuis 2 h 10" on a card, row or table cell, and once the order has stayed longer than its
 * step's usual time (the p90), the WORD "plus long que d’habitude" on a warning background, so
 * that colour is never the only signal. Its own clock re-renders only this element each minute.
 * `data-long` is set on the host while the warning shows.
 */
@customElement('step-since')
export class StepSince extends LitElement {
  static override styles = [
    visuallyHidden,
    css`
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.2em 0.5em;
      min-width: 0;
    }
    .since {
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .long {
      display: inline-flex;
      align-items: center;
      gap: 0.3em;
      padding: 0.05em 0.5em;
      border-radius: 999px;
      border: 2px solid var(--j-warn-border);
      background: var(--j-warn-bg);
      color: var(--j-text);
      font-weight: 700;
      white-space: nowrap;
    }
    :host([short]) .long {
      padding: 0 0.35em;
    }
  `,
  ];

  /** When the order entered its step (Order.stepSince). */
  @property() since: string | undefined;
  /** The step's usual time in seconds (Order.stepUsualSeconds). */
  @property({ type: Number }) usual: number | null | undefined;
  /** The time without its "depuis" and the warning as an icon (both in full for screen readers and as tooltips): the wall's compact rows. */
  @property({ type: Boolean, reflect: true }) short = false;

  private readonly clock = new ClockController(this);

  override render() {
    const spent = timeInStep({ stepSince: this.since }, this.clock.now);
    if (spent === null) return nothing;
    const long = longerThanUsual({ stepSince: this.since, stepUsualSeconds: this.usual }, this.clock.now);
    this.toggleAttribute('data-long', long);
    const word = t('since.long');
    const title = long && typeof this.usual === 'number' ? t('since.longTitle', { usual: durationText(localeState.locale, this.usual) }) : '';
    const full = sinceText(localeState.locale, spent);
    const since = this.short
      ? html`<span class="since" title=${full}><span class="visually-hidden">${full}</span><span aria-hidden="true">${shortSinceText(localeState.locale, spent)}</span></span>`
      : html`<span class="since" title=${t('since.label')}>${full}</span>`;
    return html`${since}${long
        ? this.short
          ? html`<span class="long" role="img" aria-label=${word} title=${title}>⏱</span>`
          : html`<span class="long" title=${title}><span aria-hidden="true">⏱</span>${word}</span>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'step-since': StepSince;
  }
}
