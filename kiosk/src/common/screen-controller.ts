import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { OrderFilter } from '../../../shared/order-filter.js';
import { msUntilNextMidnight } from '../../../shared/urgency.js';
import type { Session } from './session.js';

/**
 * Opens the session for its host's filter when the host is connected and closes it after; also
 * recomputes urgencies at each midnight of the workshop's timezone (timers run offline too).
 */
export class ScreenController implements ReactiveController {
  private midnightTimer: ReturnType<typeof setTimeout> | null = null;
  private filter: OrderFilter;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: Session,
    filter: OrderFilter,
  ) {
    this.filter = filter;
    host.addController(this);
  }

  hostConnected(): void {
    void this.session.open(this.filter);
    this.armMidnight();
  }

  hostDisconnected(): void {
    this.session.close();
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
