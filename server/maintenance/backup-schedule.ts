import type { FastifyBaseLogger } from 'fastify';

export interface BackupSchedule {
  /** The next planned backup. */
  next(): Date;
  stop(): Promise<void>;
}

/** The next instant, after `now`, at one of `hours` o'clock local time. */
export function nextBackupAt(hours: number[], now: Date): Date {
  for (let day = 0; day < 2; day++) {
    for (const h of hours) {
      const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + day, h, 0, 0, 0);
      if (at.getTime() > now.getTime()) return at;
    }
  }
  throw new Error('no backup hour given');
}

/**
 * Runs `backup` every day at each of `hours` (local time of the server).
 * A timer is re-planned from the clock after each run, so it follows
 * daylight-saving changes and never drifts.
 */
export function scheduleBackups(hours: number[], log: FastifyBaseLogger, backup: () => Promise<void>): BackupSchedule {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let at = nextBackupAt(hours, new Date());
  let stopped = false;

  function plan(): void {
    if (stopped) return;
    at = nextBackupAt(hours, new Date());
    // setTimeout takes at most ~24.8 days; a day is far below.
    timer = setTimeout(() => {
      running = backup()
        .catch((err: unknown) => log.error({ err }, 'scheduled backup failed'))
        .finally(() => {
          running = null;
          plan();
        });
    }, at.getTime() - Date.now());
    timer.unref();
  }
  plan();

  return {
    next: () => at,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
