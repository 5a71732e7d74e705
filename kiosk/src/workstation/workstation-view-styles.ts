import { css } from 'lit';

/**
 * The workstation view's layout (on top of `headerBarStyles`): a header that stays in sight on tall screens, the filters, and
 * the cards in as many columns as fit. On short screens (200 % zoom) the header scrolls away.
 */
export const workstationViewStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    /* New cards above the one being touched must not push it away (CSS scroll anchoring). */
    overflow-anchor: auto;
  }
  header {
    position: sticky;
    top: 0;
    z-index: 2;
    gap: 10px 20px;
    padding: 10px 16px;
  }
  h1 {
    font-size: 1.4rem;
  }
  .scope {
    color: var(--j-muted);
    font-weight: 600;
  }
  .right {
    display: flex;
    gap: 14px;
    align-items: center;
    flex-wrap: wrap;
  }
  /* The camera scanner: the header's biggest button, in the accent colour (gloves, a sheet in the other hand). */
  button.scan {
    min-height: 56px;
    padding: 0 20px;
    font-size: 1.2rem;
    font-weight: 800;
    background: var(--j-accent);
    color: var(--j-accent-text);
    border-color: var(--j-accent);
    white-space: nowrap;
  }
  .banner {
    margin: 0;
    padding: 10px 16px;
    background: var(--j-warn-bg);
    border-bottom: 2px solid var(--j-warn-border);
    font-weight: 600;
  }
  filter-bar {
    display: block;
    padding: 12px 16px 0;
  }
  main {
    padding: 12px 16px 32px;
  }
  .count {
    margin: 0 0 10px;
    color: var(--j-muted);
    font-weight: 600;
  }
  .list {
    display: grid;
    gap: 14px;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 34rem), 1fr));
    align-items: start;
  }
  .alert {
    display: flex;
    gap: 12px;
    align-items: center;
    margin: 0;
    padding: 8px 16px;
    background: var(--j-warn-bg);
    border-bottom: 2px solid var(--j-warn-border);
    font-weight: 600;
  }
  .alert span {
    flex: 1;
  }
  /*
   * Short screens (a 1024×600 panel, 200 % zoom): a compact header that scrolls away with the page,
   * so that the cards keep the screen (the filters fold behind one button, see filter-bar).
   */
  @media (max-height: 700px) {
    header {
      position: static;
      padding: 6px 12px;
      flex-wrap: nowrap;
    }
    header > div:first-child {
      min-width: 0;
    }
    .scope {
      display: block;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .right {
      flex-wrap: nowrap;
      gap: 10px;
    }
    button.scan {
      min-height: var(--j-touch);
      padding: 0 14px;
    }
    h1 {
      font-size: 1.15rem;
    }
    filter-bar {
      padding: 6px 12px 0;
    }
    main {
      padding: 6px 12px 24px;
    }
    .count {
      margin-bottom: 6px;
    }
  }
  .empty {
    font-size: 1.3rem;
    padding: 40px 0;
    text-align: center;
    color: var(--j-muted);
  }
`;
