import { mapHeader, type Field } from './columns.js';
import type { CsvRecord } from './read.js';
import { parseDate, parseEmail, parseExternalRef, parseNumber, parsePostalCode, parseText, pick, type Parsed } from './values.js';

export interface ImportError {
  line: number;
  field: string;
  message: string;
}

/** What the workshop knows that a file names by label: its steps, statuses, machines and people. */
export interface Lookups {
  steps: Array<{ id: string; label: string }>;
  statuses: string[];
  machines: Array<{ id: string; name: string }>;
  users: Array<{ id: string; name: string; username?: string }>;
}

/**
 * One row's values, for the columns the file has. An empty cell clears an
 * optional field ('' for a text, null for a status, due date, machine or
 * person); an empty number, date, step or ERP reference is "not given".
 */
export interface RowValues {
  externalRef?: string;
  number?: number;
  date?: string;
  contact: { id?: string; company?: string; name?: string; email?: string; postalCode?: string };
  nature?: string;
  customerRef?: string;
  status?: string | null;
  stepId?: string;
  dueDate?: string | null;
  machineId?: string | null;
  assigneeId?: string | null;
}

export interface MappedRow {
  line: number;
  values: RowValues;
}

export interface MappedFile {
  rows: MappedRow[];
  errors: ImportError[];
  ignoredColumns: string[];
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/**
 * The file's rows as order values, with every error found (line, column,
 * message), before anything is looked up in the database. Pure: the
 * workshop's steps, statuses, machines and people come in `lookups`.
 */
export function mapRows(records: CsvRecord[], lookups: Lookups): MappedFile {
  const errors: ImportError[] = [];
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ line: 1, field: '', message: 'The file is empty' }], ignoredColumns: [] };
  const { columns, ignored, duplicates } = mapHeader(header.cells);
  for (const d of duplicates) errors.push({ line: header.line, field: d.field, message: `Two columns name ${d.field} ("${d.header}")` });
  if (columns.name === undefined) {
    errors.push({ line: header.line, field: 'name', message: 'No contact name column (Nom / Prénom or name)' });
    return { rows: [], errors, ignoredColumns: ignored };
  }
  const rows: MappedRow[] = [];
  const seenRefs = new Map<string, number>();
  const seenNumbers = new Map<number, number>();
  for (const rec of body) {
    const before = errors.length;
    const cell = (f: Field) => (columns[f] === undefined ? undefined : unquoteFormula(rec.cells[columns[f]] ?? ''));
    const take = <T>(f: Field, parse: (c: string) => Parsed<T>, empty: T | undefined, set: (v: T) => void) => {
      const c = cell(f);
      if (c === undefined) return;
      if (c.trim() === '') {
        if (empty !== undefined) set(empty);
        return;
      }
      const r = parse(c);
      if (r.ok) set(r.value);
      else errors.push({ line: rec.line, field: f, message: r.message });
    };
    const v: RowValues = { contact: {} };
    take('externalRef', parseExternalRef, undefined, (x) => (v.externalRef = x));
    take('number', parseNumber, undefined, (x) => (v.number = x));
    take('date', parseDate, undefined, (x) => (v.date = x));
    take('contactId', (c) => parseText(c, 40), '', (x) => (v.contact.id = x));
    take('company', (c) => parseText(c, 120), '', (x) => (v.contact.company = x));
    take('name', (c) => parseText(c, 120), undefined, (x) => (v.contact.name = x));
    take('email', parseEmail, '', (x) => (v.contact.email = x));
    take('postalCode', parsePostalCode, '', (x) => (v.contact.postalCode = x));
    take('nature', (c) => parseText(c, 120), '', (x) => (v.nature = x));
    take('customerRef', (c) => parseText(c, 120), '', (x) => (v.customerRef = x));
    take('status', (c) => statusOf(c, lookups.statuses), null, (x) => (v.status = x));
    take('step', (c) => pick(c, lookups.steps, (s) => [s.label], 'step'), undefined, (x) => (v.stepId = x));
    take('dueDate', parseDate, null, (x) => (v.dueDate = x));
    take('machine', (c) => pick(c, lookups.machines, (m) => [m.name], 'machine'), null, (x) => (v.machineId = x));
    take('assignee', (c) => pick(c, lookups.users, (u) => [u.name, u.username], 'person'), null, (x) => (v.assigneeId = x));
    if (!v.contact.name && !errors.slice(before).some((e) => e.field === 'name')) {
      errors.push({ line: rec.line, field: 'name', message: 'The contact needs a name' });
    }
    if (v.externalRef !== undefined) {
      const first = seenRefs.get(v.externalRef);
      if (first !== undefined) errors.push({ line: rec.line, field: 'externalRef', message: `"${v.externalRef}" is already on line ${first}` });
      else seenRefs.set(v.externalRef, rec.line);
    }
    if (v.number !== undefined) {
      const first = seenNumbers.get(v.number);
      if (first !== undefined) errors.push({ line: rec.line, field: 'number', message: `Order ${v.number} is already on line ${first}` });
      else seenNumbers.set(v.number, rec.line);
    }
    if (errors.length === before) rows.push({ line: rec.line, values: v });
  }
  return { rows, errors, ignoredColumns: ignored };
}

function statusOf(cell: string, statuses: string[]): Parsed<string> {
  const s = cell.trim();
  if (!statuses.length) return s.length <= 80 ? { ok: true, value: s } : { ok: false, message: 'At most 80 characters' };
  const found = statuses.find((x) => fold(x) === fold(s));
  return found ? { ok: true, value: found } : { ok: false, message: `"${s}" is not one of the statuses (${statuses.join(', ')})` };
}

/** Our export prefixes a cell a spreadsheet would run as a formula with ' (csv/write.ts): read back, it is the value again. */
const unquoteFormula = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
