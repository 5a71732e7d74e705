import { css } from 'lit';
import { controlStyles } from '../common/tokens.js';
import { columnWidths, ROW_HEIGHT } from './order-table-columns.js';

/**
 * The orders table's look: sticky header and Id column, one fixed height per row, the urgency as
 * the Id cell's edge, a tint of the row and a pill, and the column widths.
 */
export const orderTableStyles = [
  controlStyles,
  css`
    :host {
      display: block;
      min-height: 0;
      position: relative;
    }
    .scroller {
      height: 100%;
      overflow: auto;
      overscroll-behavior: contain;
      border: 2px solid var(--j-border);
      border-radius: var(--j-radius);
      background: var(--j-surface);
      -webkit-overflow-scrolling: touch;
    }
    table {
      border-collapse: separate;
      border-spacing: 0;
      table-layout: fixed;
      font-size: 1rem;
    }
    th,
    td {
      box-sizing: border-box;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      padding: 0 8px;
      border-bottom: 1px solid var(--j-border);
      text-align: left;
    }
    th {
      position: sticky;
      top: 0;
      z-index: 2;
      height: 52px;
      background: var(--j-surface-2);
      font-size: 0.95rem;
      padding: 0 2px;
    }
    th.id,
    td.id {
      position: sticky;
      left: 0;
      z-index: 1;
      border-right: 2px solid var(--j-border);
    }
    th.id {
      z-index: 3;
    }
    th button {
      width: 100%;
      min-height: 48px;
      border: none;
      background: transparent;
      text-align: left;
      font-weight: 700;
      padding: 0 6px;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    th .plain {
      display: block;
      font-weight: 700;
      padding: 0 6px;
    }
    tr.row {
      height: ${ROW_HEIGHT}px;
      -webkit-touch-callout: none;
    }
    tr.row td {
      background: var(--j-surface);
      transition: background-color 0.6s ease;
    }
    tr.row.fresh td {
      background: var(--j-fresh);
    }
    td.id {
      box-shadow: inset 10px 0 0 var(--j-none-bg);
      padding-left: 14px;
      font-weight: 800;
    }
    tr.ok td.id {
      box-shadow: inset 10px 0 0 var(--j-ok-bg);
    }
    tr.soon td.id {
      box-shadow: inset 10px 0 0 var(--j-soon-bg);
    }
    tr.urgent td.id {
      box-shadow: inset 10px 0 0 var(--j-urgent-bg);
    }
    tr.urgent td {
      background: color-mix(in srgb, var(--j-urgent-bg) 9%, var(--j-surface));
    }
    tr.soon td {
      background: color-mix(in srgb, var(--j-soon-bg) 14%, var(--j-surface));
    }
    tr.ok td {
      background: color-mix(in srgb, var(--j-ok-bg) 7%, var(--j-surface));
    }
    .idcell {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    /* The selection box: the whole 44 × 44 px label is its target, for a gloved finger. */
    .pick {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      flex: none;
      width: 44px;
      height: 44px;
      cursor: pointer;
    }
    .pick input {
      width: 24px;
      height: 24px;
      margin: 0;
      cursor: pointer;
    }
    .idhead {
      display: flex;
      align-items: center;
      padding-left: 12px;
    }
    .idhead button {
      flex: 1;
    }
    .menu {
      min-width: 48px;
      width: 48px;
      padding: 0;
      font-size: 1.4rem;
      font-weight: 800;
    }
    .num {
      font-size: 1.15rem;
    }
    .urg {
      display: inline-flex;
      gap: 4px;
      align-items: center;
      border-radius: 999px;
      padding: 2px 8px;
      font-size: 0.85rem;
      font-weight: 700;
    }
    .urg.ok {
      background: var(--j-ok-bg);
      color: var(--j-ok-text);
    }
    .urg.soon {
      background: var(--j-soon-bg);
      color: var(--j-soon-text);
    }
    .urg.urgent {
      background: var(--j-urgent-bg);
      color: var(--j-urgent-text);
    }
    td.tool {
      padding: 0 6px;
      text-align: center;
    }
    td.tool button {
      width: 48px;
      padding: 0;
      font-size: 1.2rem;
    }
    button.next {
      background: var(--j-accent);
      color: var(--j-accent-text);
      border-color: var(--j-accent);
    }
    .pending {
      color: var(--j-pending);
      font-weight: 800;
    }
    .nostatus {
      color: var(--j-muted);
    }
    tr.spacer td {
      padding: 0;
      border: none;
    }

    .empty {
      padding: 24px;
      color: var(--j-muted);
      font-size: 1.2rem;
    }
  `,
  css`
    ${columnWidths}
  `,
];
