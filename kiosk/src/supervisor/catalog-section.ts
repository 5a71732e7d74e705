import { LitElement, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { localeState, t } from '../common/locale.js';
import { session } from '../common/session.js';
import { WatchController } from '../common/watch-controller.js';
import type { ConfirmDialog } from './confirm-dialog.js';
import { refusalText } from './refusals.js';
import { supervisorApi } from './supervisor-api.js';
import './confirm-dialog.js';

/** How the last action went, said under the form it came from. */
export type Result = { text: string; ok: boolean } | null;

/** A result line; a refusal is an alert unless `role` says otherwise. */
export function resultLine(r: Result, role?: 'status' | 'alert') {
  return r ? html`<p class=${r.ok ? 'ok' : 'error'} role=${role ?? (r.ok ? 'status' : 'alert')}>${r.text}</p>` : nothing;
}

/** A form's text field, as typed ('' when absent). */
export function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}

/** The form that was submitted, the page not reloaded. */
export function submitted(e: Event): HTMLFormElement {
  e.preventDefault();
  return e.target as HTMLFormElement;
}

/** A row's form that was submitted: its `data-id` names the item. */
export function rowSubmit(e: Event): { form: HTMLFormElement; id: string } {
  const form = submitted(e);
  return { form, id: form.dataset['id']! };
}

/**
 * What the catalogue screens (people, workstations, screens) share: the list read from the
 * server, a "new" form whose outcome is `created`, one result line per row, and the confirm
 * dialog (the subclass renders `<confirm-dialog>`).
 */
export abstract class CatalogSection<T> extends LitElement {
  @state() protected items: T[] = [];
  @state() protected results: Record<string, Result> = {};
  @state() protected created: Result = null;
  @query('confirm-dialog') protected confirm!: ConfirmDialog;
  protected readonly session = session();
  protected readonly api = supervisorApi();

  /** Reads the list from the server. */
  protected abstract fetch(): Promise<T[]>;

  constructor() {
    super();
    new WatchController(this, [localeState]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      this.items = await this.fetch();
    } catch (e) {
      this.created = { text: refusalText(e), ok: false };
    }
  }

  /** The page's lists (filters, forms) follow the change. */
  protected async changed(): Promise<void> {
    await this.load();
    void this.session.refresh();
  }

  protected say(id: string, r: Result): void {
    this.results = { ...this.results, [id]: r };
  }

  /** Runs one row's action: its line says `done` (when given) or the server's refusal. True when it went through. */
  protected async act(id: string, action: () => Promise<unknown>, done?: string): Promise<boolean> {
    try {
      await action();
      if (done) this.say(id, { text: done, ok: true });
      return true;
    } catch (err) {
      this.say(id, { text: refusalText(err), ok: false });
      return false;
    }
  }

  /** The "new" form: on success it is emptied, says saved, and the lists follow; otherwise it says the refusal. */
  protected async create(form: HTMLFormElement, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      form.reset();
      this.created = { text: t('admin.saved'), ok: true };
      await this.changed();
    } catch (err) {
      this.created = { text: refusalText(err), ok: false };
    }
  }
}
