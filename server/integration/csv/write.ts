import type { Order } from '../../../shared/schemas/order.js';
import type { Lookups } from './rows.js';
import { frenchDate } from './values.js';

/**
 * The export's columns: the reference's, in the order of the tablet's table
 * (Id … Cpostal, then the due date), the contact's e-mail, machine and
 * person by name, and the ERP reference. Each header is one the import
 * reads back (columns.ts), so an export imports as is.
 */
export const EXPORT_COLUMNS: Array<{ header: string; cell: (o: Order, names: Names) => string }> = [
  { header: 'Id', cell: (o) => String(o.number) },
  { header: 'Date', cell: (o) => frenchDate(o.date) },
  { header: 'ID contact', cell: (o) => o.contact.id ?? '' },
  { header: 'Raison Sociale', cell: (o) => o.contact.company ?? '' },
  { header: 'Nom / Prénom', cell: (o) => o.contact.name },
  { header: 'Nature', cell: (o) => o.nature ?? '' },
  { header: 'V/Ref', cell: (o) => o.customerRef ?? '' },
  { header: 'Statut', cell: (o) => o.status ?? '' },
  { header: 'Etape', cell: (o, n) => n.step(o.stepId) },
  { header: 'E-mail', cell: (o) => o.contact.email ?? '' },
  { header: 'Cpostal', cell: (o) => o.contact.postalCode ?? '' },
  { header: 'Date à livrer', cell: (o) => frenchDate(o.dueDate) },
  { header: 'Machine', cell: (o, n) => (o.machineId ? n.machine(o.machineId) : '') },
  { header: 'Suivi par', cell: (o, n) => (o.assigneeId ? n.user(o.assigneeId) : '') },
  { header: 'externalRef', cell: (o) => o.externalRef ?? '' },
];

export interface Names {
  step: (id: string) => string;
  machine: (id: string) => string;
  user: (id: string) => string;
}

export function namesOf(l: Lookups): Names {
  const index = <T extends { id: string }>(items: T[], name: (t: T) => string) => {
    const m = new Map(items.map((t) => [t.id, name(t)]));
    return (id: string) => m.get(id) ?? id;
  };
  return { step: index(l.steps, (s) => s.label), machine: index(l.machines, (m) => m.name), user: index(l.users, (u) => u.name) };
}

/**
 * One cell, safe to open in a spreadsheet: a cell a spreadsheet would run as
 * a formula (starting with = + - @, or a tab / carriage return before one) is
 * prefixed with ' (OWASP "CSV injection"); a cell holding the separator, a
 * quote or a line break is quoted, its quotes doubled (RFC 4180).
 */
export function csvCell(value: string, separator: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: string[], separator: string) => cells.map((c) => csvCell(c, separator)).join(separator) + '\r\n';

export const headerLine = (separator: string) => csvLine(EXPORT_COLUMNS.map((c) => c.header), separator);

export const orderLine = (o: Order, names: Names, separator: string) => csvLine(EXPORT_COLUMNS.map((c) => c.cell(o, names)), separator);
