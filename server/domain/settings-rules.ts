import { IANAZone } from 'luxon';
import type { Settings } from '../../shared/schemas/settings.js';
import { workingHoursProblem } from '../../shared/working-hours.js';
import { badRequest } from '../errors.js';

/**
 * Checks what the schema cannot: unique step ids, non-blank labels, a final
 * step that exists, a final status that is offered, templates that exist, a
 * real timezone. Returns the settings with labels and statuses trimmed.
 */
export function normaliseSettings(input: Settings, templateIds: ReadonlySet<string>): Settings {
  const steps = input.steps.map((s) => ({
    id: s.id,
    label: s.label.trim(),
    templateId: s.templateId ?? null,
    autoSend: s.autoSend,
    ...(s.wipLimit !== undefined ? { wipLimit: s.wipLimit } : {}),
  }));
  const seen = new Set<string>();
  for (const s of steps) {
    if (seen.has(s.id)) throw badRequest('duplicate_step', `Two steps have the id "${s.id}"`);
    seen.add(s.id);
    if (!s.label) throw badRequest('empty_label', `Step "${s.id}" needs a label`);
    if (s.templateId && !templateIds.has(s.templateId)) {
      throw badRequest('unknown_template', `Step "${s.label}" uses template "${s.templateId}", which does not exist`);
    }
    if (s.autoSend && !s.templateId) {
      throw badRequest('autosend_without_template', `Step "${s.label}" sends a message automatically but has no template`);
    }
  }
  const labels = new Set(steps.map((s) => s.label.toLocaleLowerCase('fr')));
  if (labels.size !== steps.length) throw badRequest('duplicate_label', 'Two steps have the same label');
  if (!seen.has(input.finalStepId)) {
    throw badRequest('unknown_final_step', `The final step "${input.finalStepId}" is not one of the steps`);
  }
  const statuses = input.statuses.map((s) => s.trim());
  if (statuses.some((s) => !s)) throw badRequest('empty_status', 'A status cannot be blank');
  if (new Set(statuses).size !== statuses.length) throw badRequest('duplicate_status', 'Two statuses are the same');
  const finalStatus = input.finalStatus?.trim() || null;
  if (finalStatus && !statuses.includes(finalStatus)) {
    throw badRequest('unknown_status', `The final status "${finalStatus}" is not one of the statuses`);
  }
  if (!IANAZone.isValidZone(input.timezone)) {
    throw badRequest('unknown_timezone', `"${input.timezone}" is not a known timezone (e.g. Europe/Paris)`);
  }
  const hoursProblem = input.workingHours ? workingHoursProblem(input.workingHours) : null;
  if (hoursProblem) throw badRequest('invalid_working_hours', hoursProblem);
  const reworkReasons = input.reworkReasons?.map((r) => ({ id: r.id, label: r.label.trim() }));
  if (reworkReasons) {
    if (reworkReasons.some((r) => !r.label)) throw badRequest('empty_reason_label', 'A rework reason needs a label');
    if (new Set(reworkReasons.map((r) => r.id)).size !== reworkReasons.length) throw badRequest('duplicate_reason', 'Two rework reasons have the same id');
    if (new Set(reworkReasons.map((r) => r.label.toLocaleLowerCase('fr'))).size !== reworkReasons.length) {
      throw badRequest('duplicate_reason', 'Two rework reasons have the same label');
    }
  }
  return {
    steps,
    finalStepId: input.finalStepId,
    finalStatus,
    dueSoonDays: input.dueSoonDays,
    statuses,
    timezone: input.timezone,
    ...(input.workshopName !== undefined ? { workshopName: input.workshopName.trim() } : {}),
    ...(reworkReasons ? { reworkReasons } : {}),
    ...(input.language !== undefined ? { language: input.language } : {}),
    ...(input.workingHours !== undefined ? { workingHours: input.workingHours && { ...input.workingHours, days: [...input.workingHours.days].sort((a, b) => a - b) } } : {}),
  };
}

/** Step ids present before and gone after: the orders at these steps block the change. */
export function removedStepIds(before: Pick<Settings, 'steps'>, after: Pick<Settings, 'steps'>): string[] {
  const kept = new Set(after.steps.map((s) => s.id));
  return before.steps.map((s) => s.id).filter((id) => !kept.has(id));
}
