import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { WorkingHours } from '../../../shared/working-hours.js';
import { isWorkingTime } from '../../../shared/working-hours.js';

/** The workshop's working hours and timezone, read when the schedule is checked (the settings can change live). */
export type WakeSchedule = () => { hours: WorkingHours | null | undefined; zone: string };

const CHECK_MS = 30_000;

/**
 * Keeps the screen awake while its host is shown (Screen Wake Lock, where the browser has it),
 * during the workshop's working hours only, so a wall is not lit all night. The lock is released
 * by the browser whenever the page is hidden, so it is asked again on return.
 */
export class WakeLockController implements ReactiveController {
  private sentinel: WakeLockSentinel | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Outside working hours: the screen is allowed to sleep. */
  resting = false;
  private asked = false;
  private readonly onVisible = (): void => {
    if (document.visibilityState !== 'visible') return;
    this.asked = false;
    this.check();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly schedule: WakeSchedule = () => ({ hours: null, zone: 'UTC' }),
  ) {
    host.addController(this);
  }

  /** The browser can keep this screen awake: it has the API, and only gives it to a secure page (https or localhost). */
  get available(): boolean {
    return window.isSecureContext && 'wakeLock' in navigator;
  }

  get held(): boolean {
    return !!this.sentinel && !this.sentinel.released;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisible);
    this.timer = setInterval(() => this.check(), CHECK_MS);
    this.asked = false;
    this.check();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisible);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.release();
  }

  /** Before each render (the settings may just have arrived or changed): the schedule as it stands. */
  hostUpdate(): void {
    this.apply();
  }

  /** Holds or lets go of the lock as the schedule says now; the host re-renders when that changes. */
  check(): void {
    if (this.apply()) this.host.requestUpdate();
  }

  /** Whether `resting` changed. */
  private apply(): boolean {
    const { hours, zone } = this.schedule();
    const resting = !isWorkingTime(hours, Date.now(), zone);
    const changed = resting !== this.resting;
    this.resting = resting;
    if (resting) this.release();
    else if (changed || !this.asked) void this.acquire();
    return changed;
  }

  private release(): void {
    void this.sentinel?.release().catch(() => undefined);
    this.sentinel = null;
  }

  private async acquire(): Promise<void> {
    if (!('wakeLock' in navigator) || this.held || document.visibilityState !== 'visible') return;
    // Asked once per working period and on each return to the page, not on every render.
    this.asked = true;
    try {
      this.sentinel = await navigator.wakeLock.request('screen');
      // The working day may have ended while the browser was answering.
      if (this.resting) this.release();
    } catch {
      // Refused (no user activation, power saving, or not supported here): the wall still works.
      this.sentinel = null;
    }
  }
}
