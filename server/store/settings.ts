import type { Settings, SettingsReply } from '../../shared/schemas/settings.js';
import { isDuplicateKey } from './driver-errors.js';
import type { Models } from './models.js';

const ID = 'workflow';

function toReply(doc: Record<string, unknown>): SettingsReply {
  const { _id, ...rest } = doc;
  void _id;
  const s = rest as unknown as SettingsReply;
  return {
    steps: s.steps.map((st) => ({
      id: st.id,
      label: st.label,
      templateId: st.templateId ?? null,
      autoSend: Boolean(st.autoSend),
    })),
    finalStepId: s.finalStepId,
    finalStatus: s.finalStatus ?? null,
    dueSoonDays: s.dueSoonDays,
    statuses: [...s.statuses],
    timezone: s.timezone,
    ...(s.workshopName !== undefined ? { workshopName: s.workshopName } : {}),
    seq: s.seq ?? 0,
  };
}

export function settingsRepository({ Settings: Model }: Pick<Models, 'Settings'>) {
  return {
    async get(): Promise<SettingsReply | null> {
      const doc = await Model.findById(ID).lean();
      return doc ? toReply(doc as Record<string, unknown>) : null;
    },
    /** Writes the first workflow unless one exists (first start, or two nodes starting together). */
    async initialise(settings: Settings): Promise<void> {
      try {
        await Model.create({ _id: ID, ...settings, seq: 0 });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    },
    async put(settings: Settings, seq: number): Promise<SettingsReply> {
      const doc = await Model.findOneAndReplace(
        { _id: ID },
        { _id: ID, ...settings, seq },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return toReply(doc as Record<string, unknown>);
    },
  };
}
export type SettingsRepository = ReturnType<typeof settingsRepository>;
