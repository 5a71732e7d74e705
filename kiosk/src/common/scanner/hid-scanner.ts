import { WedgeDecoder, type WedgeOptions } from './wedge.js';

type Editable = HTMLInputElement | HTMLTextAreaElement;

/** The element with focus, looking inside shadow roots (the search field lives in the filter bar's). */
function focusedElement(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

function editable(el: Element | null): Editable | null {
  if (el instanceof HTMLTextAreaElement) return el;
  if (el instanceof HTMLInputElement && /^(text|search|tel|url|email|number|password|)$/.test(el.type)) return el;
  return null;
}

/**
 * Inside an open dialog (a comment, a message, a PIN) or a text area: a person is writing there,
 * accents and all, and a scan would have nothing to act on; keys are left alone.
 */
function writingInDialog(el: Element | null): boolean {
  if (el instanceof HTMLTextAreaElement) return true;
  for (let node: Element | null = el; node; ) {
    if (node.closest('dialog[open]')) return true;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return false;
}

/** Types `text` where the field's caret is, as the keys would have (an `input` event, so Lit sees it). */
function typeInto(field: Editable | null, text: string): void {
  if (!text || !field || !field.isConnected) return;
  try {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    field.setRangeText(text, start, end, 'end');
  } catch {
    field.value += text; // input types without a selection (number, email)
  }
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
}

/**
 * Listens to the whole page's keys for a keyboard-wedge scanner (see wedge.ts): a scan calls
 * `onScan` and leaves the focused field exactly as it was (the burst's first key, which went
 * through, is taken back; the others never reach it). Keys from a person reach the field as usual.
 */
export class HidScanner {
  private readonly decoder: WedgeDecoder;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The field focused at the burst's first key, and its value and caret before it. */
  private before: { field: Editable; value: string; start: number | null; end: number | null } | null = null;
  private heldFor: Editable | null = null;

  constructor(
    private readonly onScan: (text: string) => void,
    opts: Partial<WedgeOptions> = {},
  ) {
    this.decoder = new WedgeDecoder(opts);
  }

  start(): void {
    // Capture phase on window: before any field or shortcut handler sees the key.
    addEventListener('keydown', this.onKey, true);
    // A tap or click right after quick typing (a code typed, then "Associer"): what was held
    // reaches its field first, before the button reads it.
    addEventListener('pointerdown', this.onPointer, true);
    addEventListener('mousedown', this.onPointer, true);
    // Text that arrives without a key (an accent from a dead key or an input method, a paste):
    // what was held goes in first, so the field reads in the order it was typed.
    addEventListener('beforeinput', this.onInput, true);
  }

  stop(): void {
    removeEventListener('keydown', this.onKey, true);
    removeEventListener('pointerdown', this.onPointer, true);
    removeEventListener('mousedown', this.onPointer, true);
    removeEventListener('beforeinput', this.onInput, true);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly onInput = (): void => {
    // Only while keys are held: the burst's first key, which went through, has its own input.
    if (this.decoder.holding) this.give(this.decoder.other().release);
  };

  private readonly onPointer = (): void => {
    this.give(this.decoder.other().release);
    this.before = null;
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) {
      this.give(this.decoder.other().release);
      return;
    }
    // When the key was pressed, not when this handler runs: a busy page (a list re-rendering)
    // delivers a person's queued keys in a quick row, which must not look like a scanner's burst.
    const now = e.timeStamp || performance.now();
    const focused = focusedElement();
    if (writingInDialog(focused)) {
      this.give(this.decoder.other().release);
      return;
    }
    const field = editable(focused);
    if (e.key === 'Enter') {
      const step = this.decoder.enter(now);
      this.give(step.release);
      if (step.action === 'scan') {
        e.preventDefault();
        e.stopImmediatePropagation();
        this.restore();
        this.onScan(step.text);
      }
      this.before = null;
      return;
    }
    if (e.key.length !== 1) {
      this.give(this.decoder.other().release);
      this.before = null;
      return;
    }
    const step = this.decoder.char(e.key, now);
    this.give(step.release);
    if (step.action === 'hold') {
      e.preventDefault();
      e.stopImmediatePropagation();
    } else {
      // This key may start a scan: remember the field as it is before it.
      this.before = field ? { field, value: field.value, start: field.selectionStart, end: field.selectionEnd } : null;
      this.heldFor = field;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.give(this.decoder.expire(performance.now())), this.decoder.expiresIn);
  };

  /** Held keys that were not a scan: typed into the field they were meant for. */
  private give(text: string): void {
    typeInto(this.heldFor, text);
  }

  /** A scan: the field gets back the value and caret it had before the burst's first key. */
  private restore(): void {
    const b = this.before;
    this.before = null;
    if (!b || !b.field.isConnected || b.field.value === b.value) return;
    b.field.value = b.value;
    try {
      if (b.start !== null && b.end !== null) b.field.setSelectionRange(b.start, b.end);
    } catch {
      /* no caret on this input type */
    }
    b.field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'deleteContent' }));
  }
}
