import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../common/locale.js';
import { tabletStyles } from './tablet-styles.js';

/**
 * The workshop's language, for what Jalon writes by itself: CSV exports (French: `;` and a
 * decimal comma, as French Excel reads them) and the traveller sheets' words. Each screen keeps
 * its own display language. Emits `language-change` with 'fr' or 'en'.
 */
@customElement('workshop-language-field')
export class WorkshopLanguageField extends LitElement {
  static override styles = [tabletStyles];

  @property() language: 'fr' | 'en' = 'fr';

  override render() {
    return html`<label class="field">
      <span>${t('settings.workshopLanguage')}</span>
      <select
        name="workshopLanguage"
        .value=${this.language}
        @change=${(e: Event) =>
          this.dispatchEvent(new CustomEvent('language-change', { detail: (e.target as HTMLSelectElement).value === 'en' ? 'en' : 'fr', bubbles: true, composed: true }))}
      >
        <option value="fr" ?selected=${this.language === 'fr'}>Français</option>
        <option value="en" ?selected=${this.language === 'en'}>English</option>
      </select>
      <span class="help">${t('settings.workshopLanguageHelp')}</span>
    </label>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workshop-language-field': WorkshopLanguageField;
  }
}
