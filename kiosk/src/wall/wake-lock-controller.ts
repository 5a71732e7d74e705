import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps the screen awake while its host is shown (Screen Wake Lock, where the browser has it).
 * The lock is released by the browser whenever the page is hidden, so it is asked again on return.
 */
export class WakeLockController implements ReactiveController {
  private sentinel: WakeLockSentinel | null = null;
  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') void this.acquire();
  };

  constructor(host: ReactiveControllerHost) {
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
    void this.acquire();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisible);
    void this.sentinel?.release().catch(() => undefined);
    this.sentinel = null;
  }

  private async acquire(): Promise<void> {
    if (!('wakeLock' in navigator) || this.held) return;
    try {
      this.sentinel = await navigator.wakeLock.request('screen');
    } catch {
      // Refused (no user activation, power saving, or not supported here): the wall still works.
      this.sentinel = null;
    }
  }
}
