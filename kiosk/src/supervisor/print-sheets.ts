import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localeState, t, tn } from '../common/locale.js';
import { WatchController } from '../common/watch-controller.js';
import { tabletStyles } from './tablet-styles.js';

/** As many sheets as GET /api/orders/travellers.pdf takes at once. */
export const MAX_SHEETS = 200;

/** The address of the selected orders' traveller sheets, in the order given, in the tablet's language. */
export function travellersHref(ids: readonly string[], label: boolean, locale: string): string {
  const q = new URLSearchParams({ ids: ids.join(','), lang: locale });
  if (label) q.set('format', 'label');
  return `/api/orders/travellers.pdf?${q.toString()}`;
}

/**
 * The table's selection, and printing it: how many are selected, the label format, and
 * "Imprimer les fiches", a link the browser opens in a new tab (the session cookie goes
 * with it), so the PDF is the browser's own to print or save.
 * @fires selection-clear - "Tout désélectionner" was pressed
 */
@customElement('print-sheets')
export class PrintSheets extends LitElement {
  static override styles = [
    tabletStyles,
    css`
      :host {
        display: contents;
      }
      /* A link that looks and touches like the toolbar's buttons. */
      a.print {
        display: inline-flex;
        align-items: center;
        min-height: var(--j-touch);
        padding: 0 16px;
        border: 2px solid var(--j-accent);
        border-radius: var(--j-radius);
        text-decoration: none;
      }
      .picked {
        font-weight: 700;
        margin: 0;
      }
    `,
  ];

  /** The selected orders, in the table's order. */
  @property({ attribute: false }) ids: readonly string[] = [];
  @state() private label = false;

  constructor() {
    super();
    new WatchController(this, [localeState]);
  }

  private _onLabel = (e: Event): void => {
    this.label = (e.currentTarget as HTMLInputElement).checked;
  };

  private _onClear = (): void => {
    this.dispatchEvent(new CustomEvent('selection-clear', { bubbles: true, composed: true }));
  };

  override render() {
    const n = this.ids.length;
    if (!n) return nothing;
    const over = n - MAX_SHEETS;
    return html`<p class="picked" aria-live="polite">${tn('print.selected', n)}</p>
      ${over > 0
        ? html`<p class="error" role="alert">${t('print.tooMany', { max: MAX_SHEETS, extra: over })}</p>`
        : html`<a class="button primary print" href=${travellersHref(this.ids, this.label, localeState.locale)} target="_blank" rel="noopener"
            >${t('print.button')}</a
          >`}
      <label class="check"><input type="checkbox" class="label-format" .checked=${this.label} @change=${this._onLabel} />${t('print.label')}</label>
      <button class="clear" @click=${this._onClear}>${t('print.clear')}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'print-sheets': PrintSheets;
  }
}
