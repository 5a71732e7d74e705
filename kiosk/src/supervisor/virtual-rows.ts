import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Rows drawn beyond the view on each side, so that a quick scroll never shows a blank. */
const OVERSCAN = 8;

/** The rows drawn, and the heights that stand for the others above and below. */
export interface RowWindow<T> {
  first: number;
  slice: T[];
  top: number;
  bottom: number;
}

/**
 * Virtual scrolling for a list of rows of one fixed height: which rows are in the scroller's view
 * (plus OVERSCAN on each side), following the scroll and the scroller's size. The host draws
 * `window(rows).slice` between two spacers of `top` and `bottom` pixels, and re-renders when the
 * window moves.
 */
export class VirtualRows implements ReactiveController {
  private first = 0;
  private visible = 30;
  private scroller: HTMLElement | null = null;
  private resize: ResizeObserver | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly rowHeight: number,
  ) {
    host.addController(this);
  }

  /** Starts following `scroller` (once it is rendered). */
  observe(scroller: HTMLElement): void {
    this.scroller = scroller;
    this.resize = new ResizeObserver(() => this.measure());
    this.resize.observe(scroller);
    this.measure();
  }

  hostDisconnected(): void {
    this.resize?.disconnect();
    this.resize = null;
  }

  /** The scroller's `scroll` listener. */
  readonly onScroll = (): void => {
    const top = this.scroller?.scrollTop ?? 0;
    this.setFirst(Math.max(0, Math.floor(top / this.rowHeight) - OVERSCAN));
  };

  /** Back to the first row (after a new filter or sort). */
  scrollToTop(): void {
    if (this.scroller) this.scroller.scrollTop = 0;
    this.setFirst(0);
  }

  /** The rows drawn: from `first`, as many as fit plus a margin on both sides. */
  window<T>(rows: readonly T[]): RowWindow<T> {
    const first = Math.min(this.first, Math.max(0, rows.length - this.visible));
    const slice = rows.slice(first, first + this.visible);
    const h = this.rowHeight;
    return { first, slice, top: first * h, bottom: Math.max(0, (rows.length - first - slice.length) * h) };
  }

  private measure(): void {
    const h = this.scroller?.clientHeight ?? 0;
    const visible = Math.max(10, Math.ceil(h / this.rowHeight) + 2 * OVERSCAN);
    if (visible !== this.visible) {
      this.visible = visible;
      this.host.requestUpdate();
    }
    this.onScroll();
  }

  private setFirst(first: number): void {
    if (first === this.first) return;
    this.first = first;
    this.host.requestUpdate();
  }
}
