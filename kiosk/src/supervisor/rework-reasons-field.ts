import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ReworkReason } from '../../../shared/schemas/settings.js';
import { t } from '../common/locale.js';
import { stepIdFor } from './step-list.js';
import { tabletStyles } from './tablet-styles.js';

/**
 * The workshop's rework reasons (Settings.reworkReasons), offered as chips when an order goes back:
 * add, rename, remove. A reason's id is made once from its first label and never changes, so a
 * rename keeps the statistics and the history entries that name it.
 * @fires reasons-change - the edited list; detail: ReworkReason[]
 */
@customElement('rework-reasons-field')
export class ReworkReasonsField extends LitElement {
  static override styles = [
    tabletStyles,
    css`
      ol {
        list-style: none;
        margin: 0 0 12px;
        padding: 0;
        display: grid;
        gap: 8px;
      }
      li {
        display: flex;
        gap: 10px;
        align-items: center;
      }
      li input,
      .add input {
        flex: 1 1 14rem;
        width: auto;
      }
      .add {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
      }
    `,
  ];

  @property({ attribute: false }) reasons: ReworkReason[] = [];
  @state() private newLabel = '';

  private emit(reasons: ReworkReason[]): void {
    this.dispatchEvent(new CustomEvent<ReworkReason[]>('reasons-change', { detail: reasons, bubbles: true, composed: true }));
  }

  private _onAdd = (e: Event): void => {
    e.preventDefault();
    const label = this.newLabel.trim();
    if (!label) return;
    this.newLabel = '';
    this.emit([...this.reasons, { id: stepIdFor(label, new Set(this.reasons.map((r) => r.id))), label }]);
  };

  override render() {
    return html`<section aria-labelledby="reasons-title">
      <h3 id="reasons-title">${t('reasons.title')}</h3>
      <p class="help">${t('reasons.help')}</p>
      ${this.reasons.length ? nothing : html`<p class="muted" data-no-reasons>${t('reasons.empty')}</p>`}
      <ol>
        ${repeat(
          this.reasons,
          (r) => r.id,
          (r, i) => html`<li data-reason=${r.id}>
            <input
              name="reasonLabel"
              maxlength="80"
              required
              .value=${r.label}
              aria-label=${t('reasons.label', { n: i + 1 })}
              @change=${(e: Event) => {
                const label = (e.target as HTMLInputElement).value.trim();
                // An emptied label is put back: removing is the ✕ button's job.
                if (!label) (e.target as HTMLInputElement).value = r.label;
                else this.emit(this.reasons.map((x) => (x.id === r.id ? { ...x, label } : x)));
              }}
            />
            <button class="danger remove" aria-label=${t('reasons.remove', { label: r.label })} @click=${() => this.emit(this.reasons.filter((x) => x.id !== r.id))}>
              ✕
            </button>
          </li>`,
        )}
      </ol>
      <form class="add" @submit=${this._onAdd}>
        <input
          name="newReason"
          maxlength="80"
          placeholder=${t('reasons.newLabel')}
          aria-label=${t('reasons.newLabel')}
          .value=${this.newLabel}
          @input=${(e: Event) => (this.newLabel = (e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="add-reason" ?disabled=${!this.newLabel.trim()}>+ ${t('reasons.add')}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rework-reasons-field': ReworkReasonsField;
  }
}
