import { html, nothing } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { TOKEN_SCOPES } from '../../../../shared/integration-names.js';
import type { ApiToken, TokenScope } from '../../../../shared/schemas/integration-access.js';
import { formatInstant, t } from '../../common/locale.js';
import { CatalogSection, field, resultLine, submitted } from '../catalog-section.js';
import { refusalText } from '../refusals.js';
import { tabletStyles } from '../tablet-styles.js';
import { integrationApi } from './integration-api.js';
import type { SecretDialog } from './secret-dialog.js';
import './secret-dialog.js';

/**
 * API tokens: create one with a name and its scopes (the secret is then shown once, with a
 * copy button), list them with their last use, revoke one after one confirmation.
 */
@customElement('tokens-panel')
export class TokensPanel extends CatalogSection<ApiToken> {
  static override styles = [tabletStyles];
  private readonly integration = integrationApi();
  @query('secret-dialog') private secretDialog!: SecretDialog;

  protected fetch(): Promise<ApiToken[]> {
    return this.integration.tokens();
  }

  private _onCreate = async (e: Event): Promise<void> => {
    const form = submitted(e);
    const data = new FormData(form);
    const scopes = TOKEN_SCOPES.filter((s) => data.get(`scope-${s}`) === 'on');
    if (!scopes.length) {
      this.created = { text: t('integration.needScope'), ok: false };
      return;
    }
    try {
      const made = await this.integration.createToken({ name: field(form, 'name'), scopes });
      form.reset();
      this.created = null;
      await this.load();
      await this.secretDialog.open(t('integration.secretTitle'), t('integration.secretWarning'), made.secret);
    } catch (err) {
      this.created = { text: refusalText(err), ok: false };
    }
  };

  private async revoke(tok: ApiToken): Promise<void> {
    if (!(await this.confirm.ask(t('integration.revokeConfirm', { name: tok.name }), t('integration.revoke')))) return;
    if (await this.act(tok.id, () => this.integration.revokeToken(tok.id))) {
      this.created = { text: t('integration.revoked'), ok: true };
      await this.load();
    }
  }

  private token(tok: ApiToken) {
    const zone = this.session.store.settings?.timezone ?? 'Europe/Paris';
    return html`<li data-token=${tok.id}>
      <div class="row">
        <strong>${tok.name}</strong>
        <span>${tok.scopes.map((s) => t(`integration.scope.${s}`)).join(' · ')}</span>
        <button type="button" class="danger revoke" @click=${() => this.revoke(tok)}>${t('integration.revoke')}</button>
      </div>
      <p class="meta muted">${tok.lastUsedAt ? t('integration.lastUsed', { when: formatInstant(tok.lastUsedAt, zone) }) : t('integration.neverUsed')}</p>
      ${resultLine(this.results[tok.id])}
    </li>`;
  }

  override render() {
    return html`<section aria-labelledby="tokens-title">
      <h3 id="tokens-title">${t('integration.tokens')}</h3>
      <form class="new-token" @submit=${this._onCreate}>
        <label class="field"><span>${t('integration.tokenName')}</span><input name="name" required maxlength="100" /></label>
        <fieldset style="border: none; padding: 0; margin: 0 0 12px">
          <legend>${t('integration.scopes')}</legend>
          ${TOKEN_SCOPES.map(
            (s: TokenScope) => html`<label class="check"><input type="checkbox" name=${`scope-${s}`} />${t(`integration.scope.${s}`)}</label>`,
          )}
        </fieldset>
        <div class="buttons"><span></span><button type="submit" class="primary create-token">${t('integration.createToken')}</button></div>
      </form>
      ${resultLine(this.created)}
      <ul class="list tokens">
        ${this.items.length ? nothing : html`<li class="muted">${t('integration.noTokens')}</li>`} ${this.items.map((x) => this.token(x))}
      </ul>
      <secret-dialog></secret-dialog>
      <confirm-dialog></confirm-dialog>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tokens-panel': TokensPanel;
  }
}
