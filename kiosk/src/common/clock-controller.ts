import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Every connected clock, ticked by ONE timer: a wall with hundreds of cards arms one timeout a minute, not hundreds. */
const clocks = new Set<ClockController>();
let timer: ReturnType<typeof setTimeout> | null = null;

function tickAll(): void {
  const now = Date.now();
  for (const c of clocks) c.tick(now);
  timer = clocks.size ? setTimeout(tickAll, 60_000 - (now % 60_000) + 50) : null;
}

/**
 * Re-renders its host at the start of every minute, for clocks and "since hh:mm" texts. Put it on
 * the smallest element that shows the time (a card's "depuis 2 h 10"), so only that re-renders.
 */
export class ClockController implements ReactiveController {
  now = Date.now();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    clocks.add(this);
    this.tick(Date.now());
    if (!timer) timer = setTimeout(tickAll, 60_000 - (Date.now() % 60_000) + 50);
  }

  hostDisconnected(): void {
    clocks.delete(this);
    if (!clocks.size && timer) {
      clearTimeout(timer);
      timer = null;
    }
  }

  /** @internal the shared timer's call */
  tick(now: number): void {
    this.now = now;
    this.host.requestUpdate();
  }
}
