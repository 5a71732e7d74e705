import { css } from 'lit';
import { dialogStyles } from '../common/dialog-styles.js';
import { controlStyles } from '../common/tokens.js';

/**
 * What the supervisor tablet's sections and dialogs share: the controls, sections with a one-line
 * explanation, labelled fields and rows of buttons, all at least 48 px high for a finger.
 */
export const tabletStyles = [
  controlStyles,
  css`
    :host {
      display: block;
    }
    h2 {
      margin: 0 0 8px;
      font-size: 1.4rem;
    }
    h3 {
      margin: 0 0 6px;
      font-size: 1.15rem;
    }
    section {
      background: var(--j-surface);
      border: 2px solid var(--j-border);
      border-radius: var(--j-radius);
      padding: 16px;
      margin: 0 0 16px;
    }
    .help {
      color: var(--j-muted);
      margin: 4px 0 12px;
      line-height: 1.4;
      max-width: 60rem;
    }
    .field {
      display: grid;
      gap: 4px;
      margin: 0 0 12px;
      min-width: 0;
    }
    .field > span,
    .label {
      font-weight: 600;
      font-size: 0.95rem;
    }
    input:not([type='checkbox']):not([type='radio']),
    select,
    textarea {
      box-sizing: border-box;
      min-height: var(--j-touch);
      width: 100%;
      border: 2px solid var(--j-border);
      border-radius: var(--j-radius);
      background: var(--j-surface-2);
      color: var(--j-text);
      padding: 6px 10px;
      font-size: 1.05rem;
    }
    textarea {
      min-height: 8rem;
      resize: vertical;
      line-height: 1.4;
    }
    input[type='checkbox'],
    input[type='radio'] {
      width: 28px;
      height: 28px;
      margin: 0;
      flex: none;
    }
    .check {
      display: flex;
      align-items: center;
      gap: 10px;
      min-height: var(--j-touch);
      cursor: pointer;
    }
    [aria-invalid='true'] {
      border-color: var(--j-urgent-bg) !important;
    }
    .error {
      color: var(--j-urgent-bg);
      font-weight: 700;
      margin: 0;
    }
    .ok {
      color: var(--j-ok-bg);
      font-weight: 700;
      margin: 0;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 10px;
      align-items: end;
    }
    .row > .field {
      flex: 1 1 12rem;
      margin: 0;
    }
    .primary {
      background: var(--j-accent);
      color: var(--j-accent-text);
      border-color: var(--j-accent);
      font-weight: 700;
    }
    .danger {
      border-color: var(--j-urgent-bg);
      color: var(--j-urgent-bg);
      font-weight: 600;
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 10px;
    }
    .list > li {
      border: 2px solid var(--j-border);
      border-radius: var(--j-radius);
      padding: 10px 12px;
      background: var(--j-surface-2);
    }
    .muted {
      color: var(--j-muted);
    }
    .grid2 {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
      gap: 0 16px;
    }
    ${dialogStyles}
    dialog {
      width: min(46rem, 94vw);
      max-height: 90vh;
      box-sizing: border-box;
      box-shadow: 0 10px 40px rgb(0 0 0 / 0.35);
    }
    .buttons button {
      min-height: 56px;
      min-width: 8rem;
    }
  `,
];
