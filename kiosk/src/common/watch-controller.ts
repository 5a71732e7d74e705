import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host when any of the given EventTargets says `change`, while the host is connected.
 * This is how views follow the store, the live link, the pending actions and the language without a global store.
 */
export class WatchController implements ReactiveController {
  private readonly onChange = (): void => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly targets: EventTarget[],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const t of this.targets) t.addEventListener('change', this.onChange);
  }

  hostDisconnected(): void {
    for (const t of this.targets) t.removeEventListener('change', this.onChange);
  }
}
