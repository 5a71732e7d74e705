import { html, nothing, type TemplateResult } from 'lit';
import type { Order } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { nextStep, previousStep, stepLabel } from '../../../shared/workflow.js';
import { formatShortDate, t } from '../common/locale.js';
import { envelopeShown } from '../common/mail-dialog.js';
import type { ShownOrder } from '../common/order-store.js';
import { urgencyIcons } from '../common/urgency-pill.js';
import '../common/at-risk-pill.js';
import '../common/step-since.js';

/**
 * One order as a row of the supervisor's table, in the columns' order. The buttons carry a
 * `data-action` (menu, previous, next, mail) that the table turns into its events; the box
 * (`data-select`) selects the row for printing.
 */
export function orderRow(s: ShownOrder, index: number, w: SettingsReply, noMail: ReadonlySet<string>, selected: boolean): TemplateResult {
  const o: Order = s.order;
  const prev = previousStep(w, o.stepId);
  const next = nextStep(w, o.stepId);
  const mailable = envelopeShown(w, o.stepId, noMail);
  const c = o.contact;
  const u = o.urgency;
  return html`<tr
    class="row ${u} ${s.fresh ? 'fresh' : ''}"
    data-id=${o.id}
    data-order=${o.number}
    data-step=${o.stepId}
    data-urgency=${u}
    aria-rowindex=${index + 2}
  >
    <td class="id">
      <div class="idcell">
        <label class="pick"><input type="checkbox" data-select .checked=${selected} aria-label=${t('print.select', { number: o.number })} /></label>
        <button class="menu" data-action="menu" aria-haspopup="menu" aria-label=${t('table.menuOf', { number: o.number })}>⋮</button>
        <span class="num">${o.number}</span>
        ${u !== 'none' ? html`<span class="urg ${u}"><b aria-hidden="true">${urgencyIcons[u]}</b>${t(`urgency.${u}`)}</span>` : nothing}
        <at-risk-pill short .order=${o}></at-risk-pill>
      </div>
    </td>
    <td>${formatShortDate(o.date)}</td>
    <td>${c.id ?? ''}</td>
    <td title=${c.company ?? ''}>${c.company ?? ''}</td>
    <td title=${c.name}>${c.name}</td>
    <td title=${o.nature ?? ''}>${o.nature ?? ''}</td>
    <td>${o.customerRef ?? ''}</td>
    <td class="status">${o.status ?? html`<span class="nostatus">${t('order.noStatus')}</span>`}</td>
    <td class="step">
      ${stepLabel(w, o.stepId)}${s.pending ? html` <span class="pending" title=${t('order.pending')}>⟳</span>` : nothing}
      ${o.stepSince ? html`<br /><step-since short .since=${o.stepSince} .usual=${o.stepUsualSeconds}></step-since>` : nothing}
    </td>
    <td class="tool">
      <button class="prev" data-action="previous" ?disabled=${!prev} aria-label=${prev ? t('action.previousTo', { step: prev.label }) : t('action.previous')}>◀</button>
    </td>
    <td class="tool">
      <button class="next" data-action="next" ?disabled=${!next} aria-label=${next ? t('action.nextTo', { step: next.label }) : t('action.atFinal')}>▶</button>
    </td>
    <td class="tool">
      ${mailable ? html`<button class="mail" data-action="mail" aria-label=${t('action.mailOf', { number: o.number })}>✉</button>` : nothing}
    </td>
    <td>${c.postalCode ?? ''}</td>
    <td class="due">${o.dueDate ? formatShortDate(o.dueDate) : ''}</td>
  </tr>`;
}
