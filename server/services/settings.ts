import type { SettingsReply, SettingsUpdate } from '../../shared/schemas/settings.js';
import { defaultSettings } from '../../shared/defaults.js';
import { normaliseSettings, removedStepIds } from '../domain/settings-rules.js';
import { conflict } from '../errors.js';
import type { CounterRepository } from '../store/counters.js';
import type { OrderRepository } from '../store/orders.js';
import type { SettingsRepository } from '../store/settings.js';
import type { ChangeFeed } from './change-feed.js';

export interface SettingsServiceDeps {
  settings: SettingsRepository;
  orders: OrderRepository;
  counters: CounterRepository;
  templateIds: () => Promise<Set<string>>;
  feed: ChangeFeed;
}

/**
 * Every request needs the workflow, so it is kept in memory for a second:
 * this node's own changes replace it at once; another node's change is seen
 * within CACHE_MS (its transitions are still guarded by expectedStepId).
 */
const CACHE_MS = 1000;

export function settingsService({ settings, orders, counters, templateIds, feed }: SettingsServiceDeps) {
  let cached: { value: SettingsReply; at: number } | null = null;

  async function load(): Promise<SettingsReply> {
    const s = await settings.get();
    if (s) return s;
    // Settings are seeded at start; a database emptied by hand gets the defaults back.
    await settings.initialise(defaultSettings);
    return (await settings.get())!;
  }

  async function get(): Promise<SettingsReply> {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
    const value = await load();
    cached = { value, at: Date.now() };
    return value;
  }

  const stale = (current: SettingsReply) =>
    conflict('stale_settings', 'The settings were changed by someone else meanwhile; check them and try again', {
      settings: current,
    });

  async function put({ expectedSeq, ...input }: SettingsUpdate): Promise<SettingsReply> {
    const before = await load();
    if (expectedSeq !== undefined && before.seq !== expectedSeq) throw stale(before);
    // A screen that predates a setting sends none: it keeps its value rather than being erased.
    let kept = input.workingHours === undefined && before.workingHours !== undefined ? { ...input, workingHours: before.workingHours } : input;
    if (kept.reworkReasons === undefined && before.reworkReasons !== undefined) kept = { ...kept, reworkReasons: before.reworkReasons };
    if (kept.language === undefined && before.language !== undefined) kept = { ...kept, language: before.language };
    // Likewise a step's WIP limit: a screen that sends the step without the field keeps its limit.
    kept = { ...kept, steps: kept.steps.map((st) => (st.wipLimit === undefined && before.steps.find((b) => b.id === st.id)?.wipLimit !== undefined ? { ...st, wipLimit: before.steps.find((b) => b.id === st.id)!.wipLimit } : st)) };
    const next = normaliseSettings(kept, await templateIds());
    const removed = removedStepIds(before, next);
    if (removed.length) {
      const inUse = await orders.countWhere({ stepId: { $in: removed } });
      if (inUse > 0) {
        const labels = before.steps.filter((s) => removed.includes(s.id)).map((s) => s.label);
        throw conflict(
          'step_in_use',
          `${inUse} order${inUse > 1 ? 's are' : ' is'} still at ${labels.join(', ')}: move ${inUse > 1 ? 'them' : 'it'} to another step before removing ${labels.length > 1 ? 'these steps' : 'this step'}`,
          { count: inUse, stepIds: removed },
        );
      }
    }
    const seq = await counters.next('seq');
    const result = await settings.put(next, seq, expectedSeq);
    if ('stale' in result) throw stale(result.stale);
    const saved = result.saved;
    cached = { value: saved, at: Date.now() };
    feed.emit('settings:changed', { settings: saved, before });
    return saved;
  }

  return { get, put };
}
export type SettingsService = ReturnType<typeof settingsService>;
