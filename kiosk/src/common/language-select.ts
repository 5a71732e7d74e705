import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { isLocale, locales } from '../../../shared/i18n/index.js';
import { localeState, t } from './locale.js';
import { controlStyles } from './tokens.js';
import { WatchController } from './watch-controller.js';

const names = { fr: 'Français', en: 'English' } as const;

/** Language menu: French by default, English available; the choice is remembered on the device. */
@customElement('language-select')
export class LanguageSelect extends LitElement {
  static override styles = [
    controlStyles,
    css`
      select {
        min-height: var(--j-touch);
        border-radius: var(--j-radius);
        border: 2px solid var(--j-border);
        background: var(--j-surface);
        color: var(--j-text);
        padding: 0 8px;
      }
    `,
  ];

  constructor() {
    super();
    new WatchController(this, [localeState]);
  }

  private _onChange = (e: Event): void => {
    const v = (e.target as HTMLSelectElement).value;
    if (isLocale(v)) localeState.set(v);
  };

  override render() {
    return html`<select aria-label=${t('app.language')} @change=${this._onChange}>
      ${locales.map((l) => html`<option value=${l} ?selected=${l === localeState.locale} lang=${l}>${names[l]}</option>`)}
    </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'language-select': LanguageSelect;
  }
}
