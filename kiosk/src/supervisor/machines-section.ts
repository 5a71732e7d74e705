import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { Machine } from '../../../shared/schemas/people.js';
import { t } from '../common/locale.js';
import { CatalogSection, field, resultLine, rowSubmit, submitted } from './catalog-section.js';
import { tabletStyles } from './tablet-styles.js';

/** Workstations [machines]: add, rename, remove (refused by the server while orders are linked to it). */
@customElement('machines-section')
export class MachinesSection extends CatalogSection<Machine> {
  static override styles = tabletStyles;

  protected fetch(): Promise<Machine[]> {
    return this.api.machines();
  }

  private _onCreate = async (e: Event): Promise<void> => {
    const form = submitted(e);
    await this.create(form, () => this.api.createMachine({ name: field(form, 'name') }));
  };

  private _onRename = async (e: Event): Promise<void> => {
    const { form, id } = rowSubmit(e);
    if (await this.act(id, () => this.api.saveMachine(id, { name: field(form, 'name') }), t('admin.saved'))) await this.changed();
  };

  private async removeMachine(m: Machine): Promise<void> {
    if (!(await this.confirm.ask(t('machines.confirmRemove', { name: m.name }), t('action.remove')))) return;
    if (await this.act(m.id, () => this.api.removeMachine(m.id))) await this.changed();
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
        ${resultLine(this.created, 'status')}
      </section>
      <ul class="list">
        ${this.items.length ? nothing : html`<li class="muted">${t('machines.none')}</li>`}
        ${this.items.map(
          (m) => html`<li data-machine=${m.id}>
            <form class="row" data-id=${m.id} @submit=${this._onRename}>
              <label class="field"><span>${t('machines.name')}</span><input name="name" required maxlength="120" .value=${m.name} /></label>
              <button type="submit">${t('kiosks.rename')}</button>
              <button type="button" class="danger" @click=${() => this.removeMachine(m)}>${t('action.remove')}</button>
            </form>
            ${resultLine(this.results[m.id])}
          </li>`,
        )}
      </ul>
      <confirm-dialog></confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'machines-section': MachinesSection;
  }
}
