import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../common/api.js';
import { t } from '../common/locale.js';
import { controlStyles } from '../common/tokens.js';
import type { SupervisorApi } from './supervisor-api.js';
import { tabletStyles } from './tablet-styles.js';

/**
 * The sign-in screen of the supervisor tablet, shown when the server answers 401 (or when this
 * browser is a kiosk or an operator). The server sets the session cookie; the view then reloads.
 * @fires signed-in - the session cookie is set
 */
@customElement('sign-in')
export class SignIn extends LitElement {
  static override styles = [
    controlStyles,
    tabletStyles,
    css`
      form {
        max-width: 28rem;
        margin: 6vh auto;
        padding: 24px;
        display: grid;
        gap: 4px;
        background: var(--j-surface);
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
      }
      button[type='submit'] {
        min-height: 60px;
        font-size: 1.2rem;
      }
      .error {
        min-height: 1.5em;
      }
    `,
  ];

  @property({ attribute: false }) api!: SupervisorApi;
  /** Why the sign-in is asked again (e.g. signed in as an operator). */
  @property() notice = '';
  /** The one-time token of the first-start link (`/admin/setup?token=…`): choose the admin's password instead. */
  @property() setupToken = '';
  @state() private confirm = '';
  @state() private username = '';
  @state() private password = '';
  @state() private error = '';
  @state() private busy = false;

  private _onUser = (e: Event): void => {
    this.username = (e.target as HTMLInputElement).value;
    this.error = '';
  };
  private _onPassword = (e: Event): void => {
    this.password = (e.target as HTMLInputElement).value;
    this.error = '';
  };

  private _onConfirm = (e: Event): void => {
    this.confirm = (e.target as HTMLInputElement).value;
    this.error = '';
  };

  private _onSetup = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (this.busy) return;
    if (this.password.length < 8) return void (this.error = t('setup.tooShort'));
    if (this.password !== this.confirm) return void (this.error = t('setup.mismatch'));
    this.busy = true;
    try {
      await this.api.setup(this.setupToken, this.password);
      this.password = this.confirm = '';
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = !(err instanceof ApiError)
        ? t('admin.offline')
        : err.code === 'already_set_up'
          ? t('setup.done')
          : err.status === 401
            ? t('setup.invalid')
            : err.status === 429
              ? t('signin.limited')
              : t('admin.refused', { message: err.message });
    } finally {
      this.busy = false;
    }
  };

  private setupForm() {
    return html`<form @submit=${this._onSetup} aria-labelledby="title">
      <h2 id="title">${t('setup.title')}</h2>
      <p class="help">${t('setup.explain')}</p>
      <label class="field"
        ><span>${t('setup.password')}</span
        ><input name="password" type="password" autocomplete="new-password" required .value=${this.password} @input=${this._onPassword}
      /></label>
      <label class="field"
        ><span>${t('setup.confirm')}</span
        ><input name="confirm" type="password" autocomplete="new-password" required .value=${this.confirm} @input=${this._onConfirm}
      /></label>
      <p class="error" role="alert">${this.error || nothing}</p>
      <button type="submit" class="primary" ?disabled=${this.busy || !this.password || !this.confirm}>${t('setup.submit')}</button>
    </form>`;
  }

  private _onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (this.busy || !this.username.trim() || !this.password) return;
    this.busy = true;
    try {
      await this.api.login(this.username.trim().toLowerCase(), this.password);
      this.password = '';
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = !(err instanceof ApiError)
        ? t('admin.offline')
        : err.status === 429
          ? t('signin.limited')
          : err.status === 401
            ? t('signin.invalid')
            : t('admin.refused', { message: err.message });
    } finally {
      this.busy = false;
    }
  };

  override render() {
    if (this.setupToken) return this.setupForm();
    return html`<form @submit=${this._onSubmit} aria-labelledby="title">
      <h2 id="title">${t('signin.title')}</h2>
      <p class="help">${this.notice || t('signin.explain')}</p>
      <label class="field"
        ><span>${t('signin.username')}</span
        ><input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required .value=${this.username} @input=${this._onUser}
      /></label>
      <label class="field"
        ><span>${t('signin.password')}</span
        ><input name="password" type="password" autocomplete="current-password" required .value=${this.password} @input=${this._onPassword}
      /></label>
      <p class="error" role="alert">${this.error || nothing}</p>
      <button type="submit" class="primary" ?disabled=${this.busy || !this.username.trim() || !this.password}>${t('signin.submit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sign-in': SignIn;
  }
}
