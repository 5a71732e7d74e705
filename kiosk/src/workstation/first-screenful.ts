import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Cards drawn in the first frame: a screenful. The rest follow in the next task. */
const FIRST_PAINT_CARDS = 8;

/**
 * A long list is drawn in two passes: the first screenful, painted at once, then every card once
 * that frame is out (a frame, then a task), so 200 cards do not delay the first one. The second
 * pass is asked only after the first screenful was really drawn: orders known before the
 * settings that show them would otherwise have the whole list drawn before the first frame.
 */
export class FirstScreenful implements ReactiveController {
  /** Every card is drawn (the second pass is done, or was asked for). */
  all = false;
  private drewPart = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The cards to draw in this render; `listShown`: the list itself is on screen (not a loading line). */
  cards<T>(shown: T[], listShown: boolean): T[] {
    if (this.all) return shown;
    if (listShown && shown.length > FIRST_PAINT_CARDS) this.drewPart = true;
    return shown.slice(0, FIRST_PAINT_CARDS);
  }

  /** Every card now (a scan looks for a card past the first screenful); resolves once drawn. */
  showAll(): Promise<boolean> {
    this.all = true;
    this.host.requestUpdate();
    return this.host.updateComplete;
  }

  hostUpdated(): void {
    if (this.all || !this.drewPart) return;
    this.drewPart = false;
    requestAnimationFrame(() => setTimeout(() => void this.showAll()));
  }
}
