import { css } from 'lit';

/**
 * What every modal shares: a card on the surface colour over a dimmed page, and a row of buttons
 * at the bottom. Each dialog adds its own width and height on top (they differ on purpose: a PIN
 * keypad is narrower than an envelope).
 */
export const dialogStyles = css`
  dialog {
    border: none;
    border-radius: var(--j-radius);
    padding: 20px;
    background: var(--j-surface);
    color: var(--j-text);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.55);
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 12px;
    margin-top: 16px;
  }
`;
