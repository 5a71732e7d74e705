import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { Role, User, UserInput } from '../../../shared/schemas/people.js';
import { adminApi } from '../app/admin-api.js';
import { refusalText } from '../app/admin-errors.js';
import { localeState, t } from '../app/locale.js';
import { session } from '../app/session.js';
import { WatchController } from '../app/watch-controller.js';
import type { AdminConfirmDialog } from '../ui/admin-confirm-dialog.js';
import { adminStyles } from '../ui/admin-styles.js';
import { controlStyles } from '../ui/tokens.js';
import '../ui/admin-confirm-dialog.js';

const roles: Role[] = ['operator', 'supervisor', 'admin'];

type Result = { text: string; ok: boolean } | null;

/**
 * People: name, role and username, a password to sign in on the tablet and a PIN to sign the
 * arrows on a kiosk (the access-control API: PUT /api/auth/users/:id/password and /pin).
 * Removing someone still assigned to orders is refused by the server, which says how many.
 */
@customElement('admin-users')
export class AdminUsers extends LitElement {
  static override styles = [
    controlStyles,
    adminStyles,
    css`
      .list > li {
        border: none;
        padding: 0;
        background: none;
      }
      details {
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        background: var(--j-surface-2);
      }
      details[open] {
        background: var(--j-surface);
      }
      summary {
        min-height: 48px;
        display: flex;
        align-items: center;
        gap: 12px;
        padding: 4px 14px;
        cursor: pointer;
        font-weight: 700;
        list-style: none;
      }
      summary::before {
        content: '▸';
      }
      details[open] summary::before {
        content: '▾';
      }
      .body {
        padding: 0 14px 14px;
        display: grid;
        gap: 12px;
      }
      .role {
        color: var(--j-muted);
        font-weight: 400;
      }
      form.row button {
        min-height: 48px;
      }
    `,
  ];

  @state() private users: User[] = [];
  @state() private results: Record<string, Result> = {};
  @state() private created: Result = null;
  @query('admin-confirm-dialog') private confirm!: AdminConfirmDialog;
  private readonly session = session();
  private readonly api = adminApi();

  constructor() {
    super();
    new WatchController(this, [localeState]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.users = await this.api.users();
    } catch (e) {
      this.created = { text: refusalText(e), ok: false };
    }
  }

  /** The page's lists (filters, forms) follow the change. */
  private async changed(): Promise<void> {
    await this.load();
    void this.session.refresh();
  }

  private say(id: string, r: Result): void {
    this.results = { ...this.results, [id]: r };
  }

  private input(form: HTMLFormElement): UserInput {
    const data = new FormData(form);
    const username = String(data.get('username') ?? '').trim();
    return { name: String(data.get('name') ?? ''), role: String(data.get('role')) as Role, ...(username ? { username } : {}) };
  }

  private _onCreate = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const password = String(new FormData(form).get('password') ?? '');
    try {
      const user = await this.api.createUser(this.input(form));
      if (password) await this.api.setPassword(user.id, password);
      form.reset();
      this.created = { text: t('admin.saved'), ok: true };
      await this.changed();
    } catch (err) {
      this.created = { text: refusalText(err), ok: false };
    }
  };

  private _onSave = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const id = form.dataset['id']!;
    try {
      await this.api.saveUser(id, this.input(form));
      this.say(id, { text: t('admin.saved'), ok: true });
      await this.changed();
    } catch (err) {
      this.say(id, { text: refusalText(err), ok: false });
    }
  };

  private _onPassword = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const id = form.dataset['id']!;
    try {
      await this.api.setPassword(id, String(new FormData(form).get('password') ?? ''));
      form.reset();
      this.say(id, { text: t('users.passwordSet'), ok: true });
    } catch (err) {
      this.say(id, { text: refusalText(err), ok: false });
    }
  };

  private _onPin = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const id = form.dataset['id']!;
    try {
      await this.api.setPin(id, String(new FormData(form).get('pin') ?? ''));
      form.reset();
      this.say(id, { text: t('users.pinSet'), ok: true });
    } catch (err) {
      this.say(id, { text: refusalText(err), ok: false });
    }
  };

  private async removePin(u: User): Promise<void> {
    try {
      await this.api.removePin(u.id);
      this.say(u.id, { text: t('users.pinRemoved'), ok: true });
    } catch (err) {
      this.say(u.id, { text: refusalText(err), ok: false });
    }
  }

  private async removeUser(u: User): Promise<void> {
    if (!(await this.confirm.ask(t('users.confirmRemove', { name: u.name }), t('action.remove')))) return;
    try {
      await this.api.removeUser(u.id);
      await this.changed();
    } catch (err) {
      this.say(u.id, { text: refusalText(err), ok: false });
    }
  }

  private roleSelect(selected: Role) {
    return html`<label class="field"
      ><span>${t('users.role')}</span
      ><select name="role">
        ${roles.map((r) => html`<option value=${r} ?selected=${r === selected}>${t(`role.${r}`)}</option>`)}
      </select></label
    >`;
  }

  private user(u: User) {
    const r = this.results[u.id];
    return html`<li data-user=${u.id}>
      <details>
        <summary>${u.name} <span class="role">${t(`role.${u.role}`)}${u.username ? ` · ${u.username}` : ''}</span></summary>
        <div class="body">
          <form class="row" data-id=${u.id} @submit=${this._onSave}>
            <label class="field"><span>${t('users.name')}</span><input name="name" required maxlength="120" .value=${u.name} /></label>
            ${this.roleSelect(u.role)}
            <label class="field"
              ><span>${t('users.username')} <span class="muted">(${t('users.usernameHelp')})</span></span
              ><input name="username" autocapitalize="none" spellcheck="false" maxlength="40" .value=${u.username ?? ''}
            /></label>
            <button type="submit">${t('action.save')}</button>
          </form>
          <form class="row" data-id=${u.id} @submit=${this._onPassword}>
            <label class="field"
              ><span>${t('users.password')} <span class="muted">(${t('users.passwordHelp')})</span></span
              ><input name="password" type="password" autocomplete="new-password" required
            /></label>
            <button type="submit">${t('users.setPassword')}</button>
          </form>
          <form class="row" data-id=${u.id} @submit=${this._onPin}>
            <label class="field"
              ><span>${t('users.pin')} <span class="muted">(${t('users.pinHelp')})</span></span
              ><input name="pin" type="password" inputmode="numeric" autocomplete="off" required
            /></label>
            <button type="submit">${t('users.setPin')}</button>
            <button type="button" @click=${() => this.removePin(u)}>${t('users.removePin')}</button>
          </form>
          ${r ? html`<p class=${r.ok ? 'ok' : 'error'} role=${r.ok ? 'status' : 'alert'}>${r.text}</p>` : nothing}
          <div><button class="danger remove" @click=${() => this.removeUser(u)}>${t('action.remove')}</button></div>
        </div>
      </details>
    </li>`;
  }

  override render() {
    return html`<h2>${t('users.title')}</h2>
      <p class="help">${t('users.explain')}</p>
      <section aria-labelledby="new-user">
        <h3 id="new-user">${t('users.new')}</h3>
        <form class="row" @submit=${this._onCreate}>
          <label class="field"><span>${t('users.name')}</span><input name="name" required maxlength="120" /></label>
          ${this.roleSelect('operator')}
          <label class="field"
            ><span>${t('users.username')} <span class="muted">(${t('users.usernameHelp')})</span></span
            ><input name="username" autocapitalize="none" spellcheck="false" maxlength="40"
          /></label>
          <label class="field"
            ><span>${t('signin.password')} <span class="muted">(${t('users.passwordHelp')})</span></span
            ><input name="password" type="password" autocomplete="new-password"
          /></label>
          <button type="submit" class="primary">+ ${t('action.add')}</button>
        </form>
        ${this.created ? html`<p class=${this.created.ok ? 'ok' : 'error'} role="status">${this.created.text}</p>` : nothing}
      </section>
      <ul class="list">
        ${this.users.length ? nothing : html`<li class="muted">${t('users.none')}</li>`} ${this.users.map((u) => this.user(u))}
      </ul>
      <admin-confirm-dialog></admin-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-users': AdminUsers;
  }
}
