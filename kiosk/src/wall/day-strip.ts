import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../common/locale.js';

/**
 * The wall's strip of the day: "Terminées aujourd’hui N · En retard N · En retard prévu N".
 * Finished and late come from the server's `insight:today` (they count orders that left the
 * screen); at risk is counted on the active orders shown. Unknown figures are not drawn as 0.
 */
@customElement('day-strip')
export class DayStrip extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 6px 16px;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 32px;
      background: var(--j-surface);
      border-radius: var(--j-radius);
      font-size: clamp(1.3rem, 1.3vw, 2.6rem);
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    li {
      white-space: nowrap;
    }
    .late b,
    .risk b {
      color: var(--j-urgent-text);
      background: var(--j-urgent-bg);
      border-radius: 8px;
      padding: 0 0.3em;
    }
    .risk b {
      color: var(--j-text);
      background: none;
      border: 2px dashed var(--j-urgent-bg);
    }
  `;

  /** From `insight:today`; null until the server said. */
  @property({ attribute: false }) today: { finished: number; late: number } | null = null;
  @property({ type: Number }) atRisk = 0;

  /** "Terminées aujourd’hui 12" with the figure emphasised: the message's words around it. */
  private item(cls: string, key: 'strip.finished' | 'strip.late' | 'strip.atRisk', count: number) {
    const [before, after = ''] = t(key, { count: '\u0000' }).split('\u0000');
    return html`<li class=${cls} data-figure=${cls}>${before}<b>${count}</b>${after}</li>`;
  }

  override render() {
    const d = this.today;
    return html`<ul aria-label=${t('strip.label')}>
      ${d ? this.item('finished', 'strip.finished', d.finished) : ''} ${d ? this.item('late', 'strip.late', d.late) : ''}
      ${this.item('risk', 'strip.atRisk', this.atRisk)}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'day-strip': DayStrip;
  }
}
