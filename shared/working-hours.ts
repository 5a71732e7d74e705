import { DateTime } from 'luxon';

/**
 * When the workshop works, so a wall keeps its screen lit only then: on the
 * given ISO weekdays (1 = Monday … 7 = Sunday), from `start` to `end`
 * (HH:MM, the workshop's timezone). An `end` at or before `start` is a night
 * shift that ends the next morning; its weekday is the day it starts.
 */
export interface WorkingHours {
  days: number[];
  start: string;
  end: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Whether `at` (ms since the epoch) falls within the working hours; no hours set = always. */
export function isWorkingTime(hours: WorkingHours | null | undefined, at: number, zone: string): boolean {
  if (!hours) return true;
  const local = DateTime.fromMillis(at, { zone });
  if (!local.isValid) return true;
  const now = local.hour * 60 + local.minute;
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  const worksOn = (weekday: number) => hours.days.includes(weekday);
  if (end > start) return worksOn(local.weekday) && now >= start && now < end;
  // A night shift: the evening part belongs to today, the morning part to the shift that began yesterday.
  const yesterday = local.weekday === 1 ? 7 : local.weekday - 1;
  return (worksOn(local.weekday) && now >= start) || (worksOn(yesterday) && now < end);
}

/** Checks the schema cannot make: null when fine, else a message. */
export function workingHoursProblem(hours: WorkingHours): string | null {
  if (hours.days.length === 0) return 'Working hours need at least one day';
  if (new Set(hours.days).size !== hours.days.length) return 'A day appears twice in the working hours';
  if (hours.start === hours.end) return 'Working hours cannot start and end at the same time';
  return null;
}
