import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { Machine } from '../../../shared/schemas/people.js';
import { adminApi } from '../app/admin-api.js';
import { refusalText } from '../app/admin-errors.js';
import { localeState, t } from '../app/locale.js';
import { session } from '../app/session.js';
import { WatchController } from '../app/watch-controller.js';
import type { AdminConfirmDialog } from '../ui/admin-confirm-dialog.js';
import { adminStyles } from '../ui/admin-styles.js';
import { controlStyles } from '../ui/tokens.js';
import '../ui/admin-confirm-dialog.js';

type Result = { text: string; ok: boolean } | null;

/** Workstations [machines]: add, rename, remove (refused by the server while orders are linked to it). */
@customElement('admin-machines')
export class AdminMachines extends LitElement {
  static override styles = [controlStyles, adminStyles];

  @state() private machines: Machine[] = [];
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
      this.machines = await this.api.machines();
    } catch (e) {
      this.created = { text: refusalText(e), ok: false };
    }
  }

  private async changed(): Promise<void> {
    await this.load();
    void this.session.refresh();
  }

  private _onCreate = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    try {
      await this.api.createMachine({ name: String(new FormData(form).get('name') ?? '') });
      form.reset();
      this.created = { text: t('admin.saved'), ok: true };
      await this.changed();
    } catch (err) {
      this.created = { text: refusalText(err), ok: false };
    }
  };

  private _onRename = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const id = form.dataset['id']!;
    try {
      await this.api.saveMachine(id, { name: String(new FormData(form).get('name') ?? '') });
      this.results = { ...this.results, [id]: { text: t('admin.saved'), ok: true } };
      await this.changed();
    } catch (err) {
      this.results = { ...this.results, [id]: { text: refusalText(err), ok: false } };
    }
  };

  private async removeMachine(m: Machine): Promise<void> {
    if (!(await this.confirm.ask(t('machines.confirmRemove', { name: m.name }), t('action.remove')))) return;
    try {
      await this.api.removeMachine(m.id);
      await this.changed();
    } catch (err) {
      this.results = { ...this.results, [m.id]: { text: refusalText(err), ok: false } };
    }
  }

  override render() {
    return html`<h2>${t('machines.title')}</h2>
      <p class="help">${t('machines.explain')}</p>
      <section aria-labelledby="new-machine">
        <h3 id="new-machine">${t('machines.new')}</h3>
        <form class="row" @submit=${this._onCreate}>
          <label class="field"><span>${t('machines.name')}</span><input name="name" required maxlength="120" /></label>
          <button type="submit" class="primary">+ ${t('action.add')}</button>
        </form>
        ${this.created ? html`<p class=${this.created.ok ? 'ok' : 'error'} role="status">${this.created.text}</p>` : nothing}
      </section>
      <ul class="list">
        ${this.machines.length ? nothing : html`<li class="muted">${t('machines.none')}</li>`}
        ${this.machines.map((m) => {
          const r = this.results[m.id];
          return html`<li data-machine=${m.id}>
            <form class="row" data-id=${m.id} @submit=${this._onRename}>
              <label class="field"><span>${t('machines.name')}</span><input name="name" required maxlength="120" .value=${m.name} /></label>
              <button type="submit">${t('kiosks.rename')}</button>
              <button type="button" class="danger" @click=${() => this.removeMachine(m)}>${t('action.remove')}</button>
            </form>
            ${r ? html`<p class=${r.ok ? 'ok' : 'error'} role=${r.ok ? 'status' : 'alert'}>${r.text}</p>` : nothing}
          </li>`;
        })}
      </ul>
      <admin-confirm-dialog></admin-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-machines': AdminMachines;
  }
}
