import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localeState, t } from '../../common/locale.js';
import { WatchController } from '../../common/watch-controller.js';
import { tabletStyles } from '../tablet-styles.js';
import './tokens-panel.js';
import './webhooks-panel.js';

/** Intégration (admins): the ERP's API tokens and the webhooks that tell it what moved. */
@customElement('integration-section')
export class IntegrationSection extends LitElement {
  static override styles = [tabletStyles];
  constructor() {
    super();
    new WatchController(this, [localeState]);
  }
  override render() {
    return html`<h2>${t('integration.title')}</h2>
      <p class="help">${t('integration.explain')}</p>
      <tokens-panel></tokens-panel>
      <webhooks-panel></webhooks-panel>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'integration-section': IntegrationSection;
  }
}
