import type { Settings, SettingsReply } from '../../../shared/schemas/settings.js';

/** What the tablet edits and sends back: the settings without their seq, every optional part explicit. */
export const editable = (s: SettingsReply | Settings): Settings => ({
  steps: s.steps.map((x) => ({ id: x.id, label: x.label, templateId: x.templateId ?? null, autoSend: x.autoSend, wipLimit: x.wipLimit ?? null })),
  finalStepId: s.finalStepId,
  finalStatus: s.finalStatus,
  dueSoonDays: s.dueSoonDays,
  statuses: [...s.statuses],
  timezone: s.timezone,
  ...(s.workshopName !== undefined ? { workshopName: s.workshopName } : {}),
  workingHours: s.workingHours ?? null,
  language: s.language ?? 'fr',
  reworkReasons: (s.reworkReasons ?? []).map((r) => ({ ...r })),
});

let zones: string[] | null = null;
export function timezones(): string[] {
  try {
    zones ??= Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['Europe/Paris'];
  }
  return zones;
}
