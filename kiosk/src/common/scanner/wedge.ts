/**
 * A USB/Bluetooth barcode scanner in keyboard-wedge mode "types" what it reads: a burst of key
 * presses a few milliseconds apart, then Enter. A person types tens of milliseconds apart at the
 * very fastest. This decoder tells the two apart from the keys' times alone (no DOM: unit-tested),
 * so a screen can catch a scan without ever eating what a person types in a field.
 *
 * The first key of a burst cannot be told from a person's key: it goes through (`pass`). Every
 * key that follows within `maxGapMs` is held back (`hold`: the screen stops it reaching the
 * field). Enter after at least `minLength` such keys is a scan. Anything else gives the held keys
 * back (`release`, in order, before the current key), so a quick pair of keys from a person still
 * reaches the field, only a few milliseconds late.
 */
export interface WedgeOptions {
  /** Shortest scan (characters before Enter). */
  minLength: number;
  /** Longest pause between two keys of one burst. */
  maxGapMs: number;
}

export const WEDGE_DEFAULTS: WedgeOptions = { minLength: 4, maxGapMs: 35 };

export type WedgeStep =
  /** The key goes on to the page as usual, after the `release`d characters are typed for it. */
  | { action: 'pass'; release: string }
  /** The key is held back: it may be part of a scan. */
  | { action: 'hold'; release: '' }
  /** Enter closed a scan: `text` was read; the burst's first key (which went through) is to be taken back. */
  | { action: 'scan'; release: ''; text: string };

export class WedgeDecoder {
  private readonly opts: WedgeOptions;
  /** The burst so far: its first character (passed) then the held ones. */
  private burst = '';
  private lastAt = -Infinity;

  constructor(opts: Partial<WedgeOptions> = {}) {
    this.opts = { ...WEDGE_DEFAULTS, ...opts };
  }

  /** Characters held back right now (what `expire` would give back). */
  get held(): string {
    return this.burst.slice(1);
  }

  /** A printable character (`key.length === 1`) pressed at `at` ms. */
  char(key: string, at: number): WedgeStep {
    if (this.burst && at - this.lastAt <= this.opts.maxGapMs) {
      this.burst += key;
      this.lastAt = at;
      return { action: 'hold', release: '' };
    }
    // A pause: whatever was held was not a scan; this key may start one.
    const release = this.held;
    this.burst = key;
    this.lastAt = at;
    return { action: 'pass', release };
  }

  /**
   * Enter pressed at `at`. A scanner sends it right after the last character; twice the gap is
   * allowed, as some scanners pause a little before their suffix.
   */
  enter(at: number): WedgeStep {
    const text = this.burst;
    const quick = at - this.lastAt <= this.opts.maxGapMs * 2;
    const release = this.held;
    this.reset();
    if (text.length >= this.opts.minLength && quick) return { action: 'scan', release: '', text };
    return { action: 'pass', release };
  }

  /** Any other key (Tab, arrows, Backspace, a shortcut): the burst ends and what was held is given back. */
  /** Keys are being held back (a possible scan under way). */
  get holding(): boolean {
    return this.held.length > 0;
  }

  other(): WedgeStep {
    const release = this.held;
    this.reset();
    return { action: 'pass', release };
  }

  /**
   * Called when no key came for a while (`expiresIn` after the last): a burst that never ended
   * with Enter was a person's quick keys; they are given back. Returns what to type.
   */
  expire(at: number): string {
    if (!this.burst || at - this.lastAt <= this.opts.maxGapMs) return '';
    const release = this.held;
    this.reset();
    return release;
  }

  /** How long after the last key `expire` should be called. */
  get expiresIn(): number {
    return this.opts.maxGapMs * 2 + 1;
  }

  private reset(): void {
    this.burst = '';
    this.lastAt = -Infinity;
  }
}

/** The largest order number the server accepts (shared/schemas/order.ts). */
const MAX_NUMBER = 999_999_999;

/**
 * The order a scanned text names: a traveller sheet's QR (`<address>/o/<number>`, any host, a
 * query or fragment after it allowed) or its Code 128 (the bare number). Null for anything else.
 */
export function orderNumberOf(scanned: string): number | null {
  const text = scanned.trim();
  const m = /^(?:\d{1,9}|.*\/o\/(\d{1,9})\/?(?:[?#].*)?)$/.exec(text);
  if (!m) return null;
  const n = Number(m[1] ?? text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_NUMBER ? n : null;
}

/** The 6-digit screen code a pairing QR carries (`<address>/admin/pair?code=123456`), or the bare code. */
export function pairingCodeOf(scanned: string): string | null {
  const text = scanned.trim();
  if (/^\d{6}$/.test(text)) return text;
  const m = /\/admin\/pair\?(?:.*&)?code=(\d{6})(?:[&#].*)?$/.exec(text);
  return m ? m[1] : null;
}
