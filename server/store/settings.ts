import type { Settings, SettingsReply } from '../../shared/schemas/settings.js';
import { isDuplicateKey } from './driver-errors.js';
import type { WriteLanes } from './lanes.js';
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
      ...(typeof st.wipLimit === 'number' ? { wipLimit: st.wipLimit } : {}),
    })),
    finalStepId: s.finalStepId,
    finalStatus: s.finalStatus ?? null,
    dueSoonDays: s.dueSoonDays,
    statuses: [...s.statuses],
    timezone: s.timezone,
    ...(s.workshopName !== undefined ? { workshopName: s.workshopName } : {}),
    ...(s.workingHours !== undefined ? { workingHours: s.workingHours } : {}),
    ...(s.language === 'fr' || s.language === 'en' ? { language: s.language } : {}),
    ...(Array.isArray(s.reworkReasons) ? { reworkReasons: s.reworkReasons.map((r) => ({ id: r.id, label: r.label })) } : {}),
    seq: s.seq ?? 0,
  };
}

/** What a conditional save did: saved, or refused because the settings were at another seq. */
export type SettingsSave = { saved: SettingsReply } | { stale: SettingsReply };

export function settingsRepository({ Settings: Model }: Pick<Models, 'Settings'>, lanes: WriteLanes) {
  return {
    async get(): Promise<SettingsReply | null> {
      const doc = await Model.findById(ID).lean();
      return doc ? toReply(doc) : null;
    },
    /** Writes the first workflow unless one exists (first start, or two nodes starting together). */
    async initialise(settings: Settings): Promise<void> {
      try {
        await Model.create({ _id: ID, ...settings, seq: 0 });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    },
    /**
     * Replaces the settings, stamped `seq`. With `expectedSeq`, only if they
     * are still at that seq: the filter makes it atomic on MongoDB, the lane
     * on FerretDB (whose findAndModify is a read then a write).
     */
    async put(settings: Settings, seq: number, expectedSeq?: number): Promise<SettingsSave> {
      return lanes.run(`settings:${ID}`, async () => {
        const conditional = expectedSeq !== undefined;
        const doc = await Model.findOneAndReplace(
          conditional ? { _id: ID, seq: expectedSeq } : { _id: ID },
          { _id: ID, ...settings, seq },
          { upsert: !conditional, returnDocument: 'after' },
        ).lean();
        if (doc) return { saved: toReply(doc) };
        const current = await Model.findById(ID).lean();
        return { stale: toReply((current ?? { ...settings, seq: 0 })) };
      });
    },
  };
}
export type SettingsRepository = ReturnType<typeof settingsRepository>;
