import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment };

/**
 * A screen's dialogs (comment, history, mail, PIN, camera), drawn only once its first cards are
 * (`ready`), when the page is idle: none of them shows before a tap, and drawing five dialogs
 * with their shadow roots cost the first paint of a warm kiosk. Asked for before that (a tap,
 * a scan), they are drawn at once and the caller waits one update.
 */
export class LazyDialogs implements ReactiveController {
  /** Whether the host renders its dialogs. */
  drawn = false;
  private scheduled = false;

  constructor(
    private readonly host: Host,
    private readonly ready: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.drawn || this.scheduled || !this.ready()) return;
    this.scheduled = true;
    const draw = () => this.draw();
    if ('requestIdleCallback' in window) requestIdleCallback(draw, { timeout: 1500 });
    else setTimeout(draw, 300);
  }

  /** The dialog `tag` of the host, drawn first if it was not yet. */
  async get<K extends keyof HTMLElementTagNameMap>(tag: K): Promise<HTMLElementTagNameMap[K]> {
    this.draw();
    await this.host.updateComplete;
    const el = this.host.renderRoot.querySelector(tag);
    if (!el) throw new Error(`no ${tag} on this screen`);
    return el;
  }

  private draw(): void {
    if (this.drawn) return;
    this.drawn = true;
    this.host.requestUpdate();
  }
}
