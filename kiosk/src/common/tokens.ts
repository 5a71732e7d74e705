import { css } from 'lit';

/**
 * Design tokens, set on the document so every shadow root inherits them. The kiosk is light and
 * high-contrast (bright workshops, glare); `data-theme="dark"` is the wall's theme.
 * Urgency colours pass WCAG AA with their text colour; the word/icon carries the meaning too.
 */
export const tokens = css`
  :root {
    --j-font: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif;
    --j-bg: #eef1f4;
    --j-surface: #ffffff;
    --j-surface-2: #f6f8fa;
    --j-text: #11161c;
    --j-muted: #4a5562;
    --j-border: #c5ccd4;
    --j-accent: #0b5cad;
    --j-accent-text: #ffffff;
    --j-back: #5b6673;
    --j-focus: #f5b83d;
    --j-ok-bg: #1f7a43;
    --j-ok-text: #ffffff;
    --j-soon-bg: #f2c12e;
    --j-soon-text: #1b1400;
    --j-urgent-bg: #c0262d;
    --j-urgent-text: #ffffff;
    --j-none-bg: #dfe4ea;
    --j-none-text: #2b333c;
    --j-pending: #7a4cc2;
    --j-warn-bg: #fff4d6;
    --j-warn-border: #c98a00;
    --j-fresh: #fff6c9;
    --j-radius: 12px;
    --j-touch: 48px;
    --j-next-height: 72px;
    --j-gap: 12px;
    color-scheme: light;
  }
  :root[data-theme='dark'] {
    --j-bg: #0d1117;
    --j-surface: #161c24;
    --j-surface-2: #1e2630;
    --j-text: #f3f5f7;
    --j-muted: #aab4bf;
    --j-border: #2f3a46;
    --j-accent: #4ea1ff;
    --j-accent-text: #06121f;
    --j-none-bg: #2a333d;
    --j-none-text: #e6eaee;
    --j-warn-bg: #4a3300;
    --j-warn-border: #f5b83d;
    --j-fresh: #2d3a1e;
    color-scheme: dark;
  }
  html,
  body {
    margin: 0;
    background: var(--j-bg);
    color: var(--j-text);
    font-family: var(--j-font);
  }
  @media (prefers-reduced-motion: reduce) {
    :root {
      --j-motion: 0;
    }
  }
`;

/** Shared bits of element styles: focus ring and big touch buttons. */
/** Text for screen readers only (a table's caption, the full sentence behind a short label). */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

export const controlStyles = css`
  button,
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    min-height: var(--j-touch);
    min-width: var(--j-touch);
    border-radius: var(--j-radius);
    border: 2px solid var(--j-border);
    background: var(--j-surface-2);
    padding: 0 16px;
    cursor: pointer;
    touch-action: manipulation;
  }
  button:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 4px solid var(--j-focus);
    outline-offset: 2px;
  }
  ${visuallyHidden}
`;

/**
 * The top bar of the workstation and of the tablet: the title on one side, connection, language
 * and account on the other, wrapping on narrow screens. Each screen sets its own gap and padding.
 */
export const headerBarStyles = css`
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    background: var(--j-surface);
    border-bottom: 2px solid var(--j-border);
  }
  h1 {
    margin: 0;
  }
`;

/**
 * A device setting shown in a header as a button that says its state (the arrival chime, "a scan
 * presses Next"): its sign, then its words. Where the header has little room (a small panel, a
 * portrait tablet) the sign alone stays, the words remaining its label, so that the header keeps
 * to fewer lines and leaves the height to the cards.
 */
export const settingToggleStyles = css`
  button {
    min-height: var(--j-touch);
    font-weight: 700;
    white-space: nowrap;
  }
  @media (max-height: 700px), (max-width: 900px) {
    .word {
      display: none;
    }
  }
`;

/** A form that is alone on the page (pairing a screen, signing in): a card centred on the surface colour. */
export const standaloneFormStyles = css`
  form {
    padding: 24px;
    display: grid;
    background: var(--j-surface);
    border: 2px solid var(--j-border);
    border-radius: var(--j-radius);
  }
`;
