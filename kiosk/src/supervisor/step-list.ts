import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Step } from '../../../shared/schemas/settings.js';
import type { Template } from '../../../shared/schemas/template.js';
import { t } from '../common/locale.js';
import { tabletStyles } from './tablet-styles.js';

/** A step id from its label: "Contrôle qualité" → "controle-qualite", made unique among `taken`. */
export function stepIdFor(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'etape';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * The workflow's steps, in order: label, message template and auto-send per step, up/down
 * buttons to reorder (one touch each, no drag needed), remove, and a field to add a step.
 * @fires steps-change - the edited list; detail: Step[]
 * @fires step-remove - remove asked (the view confirms and saves); detail: { stepId }
 */
@customElement('step-list')
export class StepList extends LitElement {
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
        display: grid;
        grid-template-columns: 2.2rem minmax(10rem, 1.4fr) minmax(9rem, 1fr) auto auto auto;
        gap: 8px 10px;
        align-items: center;
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        padding: 8px 10px;
        background: var(--j-surface-2);
      }
      li.final {
        border-color: var(--j-accent);
      }
      li.inactive {
        opacity: 0.8;
        border-style: dashed;
      }
      .label-field {
        margin: 0;
      }
      .pos {
        font-weight: 800;
        font-size: 1.1rem;
        text-align: center;
      }
      .tools {
        display: flex;
        gap: 6px;
      }
      .tools button {
        min-width: 48px;
        padding: 0 10px;
      }
      /* Label and field on one line, so that the row keeps the height of its other controls. */
      .wip {
        margin: 0;
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .wip span {
        white-space: nowrap;
      }
      .wip input {
        width: 5.5rem;
        box-sizing: border-box;
      }
      li .error {
        grid-column: 1 / -1;
      }
      .add {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
      }
      .add input {
        flex: 1 1 14rem;
        width: auto;
      }
      @media (max-width: 900px) {
        li {
          grid-template-columns: 2.2rem 1fr 1fr;
        }
        li > .check {
          grid-column: 2;
        }
        .tools {
          grid-column: 3;
          justify-content: flex-end;
        }
      }
    `,
  ];

  @property({ attribute: false }) steps: Step[] = [];
  @property({ attribute: false }) templates: Template[] = [];
  @property() finalStepId = '';
  /** A refusal about one step (e.g. still used by orders), shown on its row. */
  @property({ attribute: false }) errors: Record<string, string> = {};
  @state() private newLabel = '';
  /** A WIP limit typed wrong (not a whole number ≥ 1), per step: said on its row, not saved. */
  @state() private wipErrors: Record<string, string> = {};

  private _onWip(i: number, s: Step, input: HTMLInputElement): void {
    const raw = input.value.trim();
    const n = Number(raw);
    const ok = raw === '' || (Number.isInteger(n) && n >= 1 && n <= 10_000);
    const { [s.id]: _, ...others } = this.wipErrors;
    this.wipErrors = ok ? others : { ...others, [s.id]: t('settings.wipInvalid', { step: s.label }) };
    if (ok) this.patch(i, { wipLimit: raw === '' ? null : n });
  }

  private emit(steps: Step[]): void {
    this.dispatchEvent(new CustomEvent<Step[]>('steps-change', { detail: steps, bubbles: true, composed: true }));
  }

  private patch(i: number, change: Partial<Step>): void {
    this.emit(this.steps.map((s, j) => (j === i ? { ...s, ...change } : s)));
  }

  private move(i: number, by: -1 | 1): void {
    const j = i + by;
    if (j < 0 || j >= this.steps.length) return;
    const next = [...this.steps];
    [next[i], next[j]] = [next[j], next[i]];
    this.emit(next);
    // The moved step keeps the focus, on the same button when it is still usable.
    void this.updateComplete.then(() => {
      const sel = `li[data-step="${CSS.escape(next[j].id)}"] button.${by < 0 ? 'up' : 'down'}`;
      const btn = this.renderRoot.querySelector<HTMLButtonElement>(sel);
      (btn && !btn.disabled ? btn : this.renderRoot.querySelector<HTMLButtonElement>(`li[data-step="${CSS.escape(next[j].id)}"] input`))?.focus();
    });
  }

  private _onAdd = (e: Event): void => {
    e.preventDefault();
    const label = this.newLabel.trim();
    if (!label) return;
    const id = stepIdFor(label, new Set(this.steps.map((s) => s.id)));
    this.newLabel = '';
    this.emit([...this.steps, { id, label, templateId: null, autoSend: false }]);
  };

  override render() {
    const finalIndex = this.steps.findIndex((s) => s.id === this.finalStepId);
    return html`<p class="help" id="wip-help">${t('settings.wipHelp')}</p>
      <ol>
        ${repeat(
          this.steps,
          (s) => s.id,
          (s, i) => {
            const err = this.errors[s.id] ?? this.wipErrors[s.id];
            const isFinal = s.id === this.finalStepId;
            return html`<li
              data-step=${s.id}
              class="${isFinal ? 'final' : ''} ${finalIndex >= 0 && i > finalIndex ? 'inactive' : ''}"
              aria-label=${t('settings.position', { n: i + 1 })}
            >
              <span class="pos" aria-hidden="true">${i + 1}</span>
              <label class="field label-field"
                ><span class="visually-hidden">${t('settings.stepLabel')}</span
                ><input
                  name="label"
                  maxlength="80"
                  .value=${s.label}
                  aria-label=${t('settings.stepLabel')}
                  aria-invalid=${err ? 'true' : 'false'}
                  @change=${(e: Event) => this.patch(i, { label: (e.target as HTMLInputElement).value })}
              /></label>
              <select
                name="template"
                aria-label=${t('settings.template')}
                @change=${(e: Event) => {
                  const v = (e.target as HTMLSelectElement).value || null;
                  this.patch(i, { templateId: v, autoSend: v ? s.autoSend : false });
                }}
              >
                <option value="" ?selected=${!s.templateId}>${t('settings.noTemplate')}</option>
                ${this.templates.map((tp) => html`<option value=${tp.id} ?selected=${tp.id === s.templateId}>${tp.name}</option>`)}
              </select>
              <label class="check"
                ><input
                  type="checkbox"
                  name="autoSend"
                  .checked=${s.autoSend}
                  ?disabled=${!s.templateId}
                  @change=${(e: Event) => this.patch(i, { autoSend: (e.target as HTMLInputElement).checked })}
                />${t('settings.autoSend')}</label
              >
              <label class="field wip"
                ><span>${t('settings.wipLimit')}</span
                ><input
                  name="wipLimit"
                  type="number"
                  inputmode="numeric"
                  min="1"
                  step="1"
                  .value=${s.wipLimit == null ? '' : String(s.wipLimit)}
                  aria-label=${t('settings.wipLimitOf', { step: s.label })}
                  aria-describedby="wip-help"
                  aria-invalid=${this.wipErrors[s.id] ? 'true' : 'false'}
                  @change=${(e: Event) => this._onWip(i, s, e.target as HTMLInputElement)}
              /></label>
              <span class="tools">
                <button class="up" ?disabled=${i === 0} aria-label=${t('settings.up', { step: s.label })} @click=${() => this.move(i, -1)}>▲</button>
                <button class="down" ?disabled=${i === this.steps.length - 1} aria-label=${t('settings.down', { step: s.label })} @click=${() => this.move(i, 1)}>▼</button>
                <button
                  class="danger remove"
                  ?disabled=${isFinal || this.steps.length < 2}
                  title=${isFinal ? t('settings.finalStepLocked') : ''}
                  aria-label=${t('settings.removeStep', { step: s.label })}
                  @click=${() => this.dispatchEvent(new CustomEvent('step-remove', { detail: { stepId: s.id }, bubbles: true, composed: true }))}
                >
                  ✕
                </button>
              </span>
              ${err ? html`<p class="error" role="alert">${err}</p>` : nothing}
            </li>`;
          },
        )}
      </ol>
      <form class="add" @submit=${this._onAdd}>
        <input
          name="newStep"
          maxlength="80"
          placeholder=${t('settings.newStep')}
          aria-label=${t('settings.newStep')}
          .value=${this.newLabel}
          @input=${(e: Event) => (this.newLabel = (e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="add-step" ?disabled=${!this.newLabel.trim()}>+ ${t('settings.addStep')}</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'step-list': StepList;
  }
}
