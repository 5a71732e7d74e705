import type { OrderStore } from './order-store.js';

const SETTING_KEY = 'jalon.arrivalChime';

/** This screen's choice (stored on the device), or its default: on for a workstation, off for the wall. */
export function chimeEnabled(byDefault: boolean): boolean {
  try {
    const v = localStorage.getItem(SETTING_KEY);
    return v === null ? byDefault : v === 'on';
  } catch {
    return byDefault;
  }
}

export function setChimeEnabled(on: boolean): void {
  try {
    localStorage.setItem(SETTING_KEY, on ? 'on' : 'off');
  } catch {
    /* no storage: the choice lasts until the page reloads */
  }
}

let audio: AudioContext | null = null;

/** Two short, soft notes, generated (no sound file): audible over a machine, not alarming. */
function playChime(): void {
  audio ??= new AudioContext();
  const ctx = audio;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const start = ctx.currentTime + 0.02;
  for (const [i, freq] of [880, 1320].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const t0 = start + i * 0.18;
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(0.25, t0 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.001, t0 + 0.35);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0);
    osc.stop(t0 + 0.4);
  }
}

/** Detail of the `jalon:arrival` event on window: which orders arrived, and whether the chime sounded. */
export interface ArrivalDetail {
  numbers: number[];
  chimed: boolean;
}

/**
 * Notices orders arriving on this screen live (an order not shown before, changed just now) and
 * chimes once for them, when this screen's setting allows. The card's brief highlight comes from
 * the store (`fresh`); nothing moves. Browsers let a page play sound only after a first touch, or
 * with Chromium's `--autoplay-policy=no-user-gesture-required` (README, Mount a screen).
 */
export class ArrivalCue {
  private known: Set<string> | null = null;
  private readonly onChange = (): void => this.check();

  constructor(
    private readonly store: OrderStore,
    private readonly byDefault: boolean,
  ) {}

  start(): void {
    this.store.addEventListener('change', this.onChange);
    // Sound is allowed after a first touch: the context is made (and resumed) then.
    addEventListener('pointerdown', unlockAudio, { once: true, capture: true });
  }

  stop(): void {
    this.store.removeEventListener('change', this.onChange);
    this.known = null;
  }

  private check(): void {
    if (this.store.source !== 'server') return;
    const shown = this.store.shown();
    const ids = new Set(shown.map((s) => s.order.id));
    const before = this.known;
    this.known = ids;
    // The first answer from the server is what was already there, not an arrival.
    if (!before) return;
    const arrived = shown.filter((s) => s.fresh && !before.has(s.order.id));
    if (!arrived.length) return;
    const chimed = chimeEnabled(this.byDefault);
    if (chimed) playChime();
    dispatchEvent(new CustomEvent<ArrivalDetail>('jalon:arrival', { detail: { numbers: arrived.map((s) => s.order.number), chimed } }));
  }
}

function unlockAudio(): void {
  audio ??= new AudioContext();
  void audio.resume().catch(() => undefined);
}
