import { html, nothing } from 'lit';
import type { KioskScope } from '../../../shared/schemas/auth.js';
import { t } from '../common/locale.js';
import { field } from './catalog-section.js';

/** What a screen shows: one machine's orders, one person's, or the wall. */
export type ScopeKind = 'machine' | 'user' | 'wall';

type Named = { id: string; name: string };

/**
 * The part of a form that says what a screen shows (Screens tab's "new screen" and the dialog
 * that claims a waiting screen): the kind, the machine or person, and whether its arrows ask a PIN
 * (a wall has no arrows). Read back with `scopeFromForm`.
 */
export function scopeFields(kind: ScopeKind, lists: { machines: Named[]; users: Named[] }, onKind: (k: ScopeKind) => void) {
  const targets = kind === 'machine' ? lists.machines : kind === 'user' ? lists.users : [];
  return html`<fieldset>
      <legend>${t('kiosks.scope')}</legend>
      ${(['machine', 'user', 'wall'] as const).map(
        (k) => html`<label class="check"
          ><input type="radio" name="scope" value=${k} .checked=${kind === k} @change=${() => onKind(k)} />${t(
            k === 'machine' ? 'kiosks.scopeMachine' : k === 'user' ? 'kiosks.scopeUser' : 'kiosks.scopeWall',
          )}</label
        >`,
      )}
    </fieldset>
    ${kind !== 'wall'
      ? html`<label class="field"
            ><span>${t(kind === 'machine' ? 'form.machine' : 'form.assignee')}</span
            ><select name="target">
              <option value="">${t('form.none')}</option>
              ${targets.map((x) => html`<option value=${x.id}>${x.name}</option>`)}
            </select></label
          >
          <label class="check"><input type="checkbox" name="requirePin" />${t('kiosks.requirePin')}</label>`
      : nothing}`;
}

/** The scope and PIN rule the fields say, or the sentence asking for the missing machine or person. */
export function scopeFromForm(form: HTMLFormElement, kind: ScopeKind): { scope: KioskScope; requirePin: boolean } | { missing: string } {
  const requirePin = new FormData(form).get('requirePin') === 'on';
  if (kind === 'wall') return { scope: { wall: true }, requirePin };
  const target = field(form, 'target');
  if (!target) return { missing: t(kind === 'machine' ? 'kiosks.chooseMachine' : 'kiosks.chooseUser') };
  return { scope: kind === 'machine' ? { machineId: target } : { assigneeId: target }, requirePin };
}
