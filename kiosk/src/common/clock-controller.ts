import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Re-renders its host at the start of every minute, for clocks and "since hh:mm" texts. */
export class ClockController implements ReactiveController {
  now = Date.now();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.tick();
  }

  hostDisconnected(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private tick(): void {
    this.now = Date.now();
    this.host.requestUpdate();
    this.timer = setTimeout(() => this.tick(), 60_000 - (this.now % 60_000) + 50);
  }
}
