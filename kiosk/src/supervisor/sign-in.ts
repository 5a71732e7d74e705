import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../common/api.js';
import { t } from '../common/locale.js';
import { standaloneFormStyles } from '../common/tokens.js';
import type { SupervisorApi } from './supervisor-api.js';
import { tabletStyles } from './tablet-styles.js';

/** Why the server refused a sign-in or the first password, in a sentence. */
function refusal(err: unknown, wrong: 'signin.invalid' | 'setup.invalid'): string {
  if (!(err instanceof ApiError)) return t('admin.offline');
  // Only the first-start link meets this one: someone chose the admin's password meanwhile.
  if (err.code === 'already_set_up') return t('setup.done');
  if (err.status === 401) return t(wrong);
  if (err.status === 429) return t('signin.limited');
  return t('admin.refused', { message: err.message });
}

/**
 * The sign-in screen of the supervisor tablet, shown when the server answers 401 (or when this
 * browser is a kiosk or an operator). The server sets the session cookie; the view then reloads.
 * @fires signed-in - the session cookie is set
 */
@customElement('sign-in')
export class SignIn extends LitElement {
  static override styles = [
    tabletStyles,
    standaloneFormStyles,
    css`
      form {
        max-width: 28rem;
        margin: 6vh auto;
        gap: 4px;
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
    await this.send(() => this.api.setup(this.setupToken, this.password), 'setup.invalid');
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
    await this.send(() => this.api.login(this.username.trim().toLowerCase(), this.password), 'signin.invalid');
  };

  /** Sends the credentials: the server sets the session cookie and `signed-in` fires, or the refusal is said. */
  private async send(request: () => Promise<unknown>, wrong: 'signin.invalid' | 'setup.invalid'): Promise<void> {
    this.busy = true;
    try {
      await request();
      this.password = this.confirm = '';
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = refusal(err, wrong);
    } finally {
      this.busy = false;
    }
  }

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
