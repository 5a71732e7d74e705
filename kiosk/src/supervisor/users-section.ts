import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { Role, User, UserInput } from '../../../shared/schemas/people.js';
import { formatLongDate, t } from '../common/locale.js';
import { CatalogSection, field, resultLine, rowSubmit, submitted } from './catalog-section.js';
import { tabletStyles } from './tablet-styles.js';

const roles: Role[] = ['operator', 'supervisor', 'admin'];

/**
 * People: name, role and username, a password to sign in on the tablet and a PIN to sign the
 * arrows on a kiosk (the access-control API: PUT /api/auth/users/:id/password and /pin).
 * Removing someone still assigned to orders is refused by the server, which says how many.
 */
@customElement('users-section')
export class UsersSection extends CatalogSection<User> {
  static override styles = [
    tabletStyles,
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

  protected fetch(): Promise<User[]> {
    return this.api.users();
  }

  private input(form: HTMLFormElement): UserInput {
    const username = field(form, 'username').trim();
    return { name: field(form, 'name'), role: field(form, 'role') as Role, ...(username ? { username } : {}) };
  }

  private _onCreate = async (e: Event): Promise<void> => {
    const form = submitted(e);
    const password = field(form, 'password');
    await this.create(form, async () => {
      const user = await this.api.createUser(this.input(form));
      if (password) await this.api.setPassword(user.id, password);
    });
  };

  private _onSave = async (e: Event): Promise<void> => {
    const { form, id } = rowSubmit(e);
    if (await this.act(id, () => this.api.saveUser(id, this.input(form)), t('admin.saved'))) await this.changed();
  };

  /** A row's password or PIN form: sent, then emptied, so that the secret does not stay on screen. */
  private async sendSecret(e: Event, name: 'password' | 'pin', send: (id: string, secret: string) => Promise<unknown>, done: string): Promise<void> {
    const { form, id } = rowSubmit(e);
    await this.act(
      id,
      async () => {
        await send(id, field(form, name));
        form.reset();
      },
      done,
    );
  }

  private _onPassword = (e: Event): Promise<void> => this.sendSecret(e, 'password', (id, p) => this.api.setPassword(id, p), t('users.passwordSet'));

  private _onPin = (e: Event): Promise<void> => this.sendSecret(e, 'pin', (id, p) => this.api.setPin(id, p), t('users.pinSet'));

  private async removePin(u: User): Promise<void> {
    await this.act(u.id, () => this.api.removePin(u.id), t('users.pinRemoved'));
  }

  private async removeUser(u: User): Promise<void> {
    if (!(await this.confirm.ask(t('users.confirmRemove', { name: u.name }), t('action.remove')))) return;
    if (await this.act(u.id, () => this.api.removeUser(u.id))) await this.changed();
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
          ${u.pinLocked ? html`<p class="help" data-pin-locked>${t('users.pinLocked', { at: formatLongDate(u.pinLocked.at) })}</p>` : nothing}
          <form class="row" data-id=${u.id} @submit=${this._onPin}>
            <label class="field"
              ><span>${t('users.pin')} <span class="muted">(${t('users.pinHelp')})</span></span
              ><input name="pin" type="password" inputmode="numeric" autocomplete="off" required
            /></label>
            <button type="submit">${t('users.setPin')}</button>
            <button type="button" @click=${() => this.removePin(u)}>${t('users.removePin')}</button>
          </form>
          ${resultLine(this.results[u.id])}
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
        ${resultLine(this.created, 'status')}
      </section>
      <ul class="list">
        ${this.items.length ? nothing : html`<li class="muted">${t('users.none')}</li>`} ${this.items.map((u) => this.user(u))}
      </ul>
      <confirm-dialog></confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'users-section': UsersSection;
  }
}
