import { unsafeCSS } from 'lit';
import type { MessageKey } from '../../../shared/i18n/index.js';
import type { SortKey } from './order-sort.js';

/** Every row has the same height: the table draws only the rows in view (2,000 orders stay smooth). */
export const ROW_HEIGHT = 56;

export interface Column {
  label: MessageKey;
  width: number;
  sort?: SortKey;
  cls?: string;
}

/** A column that sorts by its own key and is labelled by it (`col.<key>`). */
const sortedBy = (sort: Exclude<SortKey, 'urgency' | 'number'>, width: number): Column => ({ label: `col.${sort}`, width, sort });
/** A column of buttons, one per row. */
const tools = (label: 'col.prev' | 'col.next' | 'col.mail'): Column => ({ label, width: 64, cls: 'tool' });

/** The reference's columns, in its order (Id … Cpostal), then the due date that drives the colour. */
export const columns: Column[] = [
  // The Id cell also holds the row's selection box (printing traveller sheets), beside the ⋮ menu.
  { label: 'col.id', width: 248, sort: 'number', cls: 'id' },
  sortedBy('date', 96),
  sortedBy('contactId', 92),
  sortedBy('company', 180),
  sortedBy('name', 180),
  sortedBy('nature', 130),
  sortedBy('ref', 116),
  sortedBy('status', 128),
  sortedBy('step', 150),
  tools('col.prev'),
  tools('col.next'),
  tools('col.mail'),
  sortedBy('postalCode', 92),
  sortedBy('due', 120),
];

/*
 * Widths and spacer heights go through style sheets and CSSOM, never a style attribute: the
 * content security policy allows no inline style (server/plugins/external/security.ts).
 */
export const columnWidths = unsafeCSS(
  // A table of fixed width lays out from its columns alone, never from the cells' content.
  `table { width: ${columns.reduce((w, c) => w + c.width, 0)}px; }\n` +
    columns.map((c, i) => `col:nth-child(${i + 1}) { width: ${c.width}px; }`).join('\n'),
);
