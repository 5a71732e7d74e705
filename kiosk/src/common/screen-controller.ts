import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { OrderFilter } from '../../../shared/order-filter.js';
import { msUntilNextMidnight } from '../../../shared/urgency.js';
import { ArrivalCue } from './arrival-cue.js';
import type { Session } from './session.js';

/**
 * Opens the session for its host's filter when the host is connected and closes it after; also
 * recomputes urgencies at each midnight of the workshop's timezone (timers run offline too), and
 * chimes when orders arrive (per-screen setting; `chimeByDefault` when nothing was chosen).
 */
export class ScreenController implements ReactiveController {
  private midnightTimer: ReturnType<typeof setTimeout> | null = null;
  private filter: OrderFilter;
  private readonly arrivals: ArrivalCue;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: Session,
    filter: OrderFilter,
    opts: { chimeByDefault?: boolean } = {},
  ) {
    this.filter = filter;
    this.arrivals = new ArrivalCue(session.store, opts.chimeByDefault ?? true);
    host.addController(this);
  }

  hostConnected(): void {
    void this.session.open(this.filter);
    this.arrivals.start();
    this.armMidnight();
  }

  hostDisconnected(): void {
    this.session.close();
    this.arrivals.stop();
    if (this.midnightTimer) clearTimeout(this.midnightTimer);
    this.midnightTimer = null;
  }

  setFilter(filter: OrderFilter): void {
    this.filter = filter;
    void this.session.open(filter);
  }

  private armMidnight(): void {
    const zone = this.session.store.settings?.timezone ?? 'Europe/Paris';
    // A second past midnight, so the new day has surely begun in the zone.
    const wait = msUntilNextMidnight(zone) + 1000;
    this.midnightTimer = setTimeout(() => {
      this.session.store.recomputeUrgency();
      this.host.requestUpdate();
      this.armMidnight();
    }, Math.min(wait, 2 ** 31 - 1));
  }
}
