import { ExternalRef } from '../../../shared/schemas/order.js';
import { headerKey } from './columns.js';

/** What a cell is when it is not a plain text: an error message for the person who made the file. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

/**
 * A calendar date written `dd/mm/yyyy` (French Excel; also `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`)
 * or ISO `yyyy-mm-dd` (an ISO instant keeps its date part) → `yyyy-mm-dd`. An impossible date
 * (31/02/2026) is refused rather than rolled over into March.
 */
export function parseDate(cell: string): Parsed<string> {
  const s = cell.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  let y: number, mo: number, d: number;
  if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return fail(`"${s}" is not a date (dd/mm/yyyy or yyyy-mm-dd)`);
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return fail(`"${s}" is not a real calendar date`);
  }
  return ok(`${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

/** The order's date as the workshop writes it back: dd/mm/yyyy in French. */
export const frenchDate = (iso: string | null | undefined) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

// The same rules as the API's schemas (shared/schemas/order.ts and ajv-formats' "email").
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const POSTAL = /^[A-Za-z0-9 -]{0,12}$/;
const REF = new RegExp(ExternalRef.pattern!);

export function parseText(cell: string, max: number): Parsed<string> {
  const s = cell.trim();
  return s.length > max ? fail(`At most ${max} characters (${s.length} here)`) : ok(s);
}

export function parseEmail(cell: string): Parsed<string> {
  const s = cell.trim();
  return !s || (s.length <= 254 && EMAIL.test(s)) ? ok(s) : fail(`"${s}" is not an e-mail address`);
}

export function parsePostalCode(cell: string): Parsed<string> {
  const s = cell.trim();
  return POSTAL.test(s) ? ok(s) : fail(`"${s}" is not a postal code (letters, digits, spaces and dashes, at most 12)`);
}

export function parseExternalRef(cell: string): Parsed<string> {
  const s = cell.trim();
  return REF.test(s) ? ok(s) : fail(`"${s}" is not an ERP reference (1 to 64 characters, no control character)`);
}

export function parseNumber(cell: string): Parsed<number> {
  const s = cell.trim();
  const n = Number(s);
  return /^\d{1,9}$/.test(s) && n >= 1 ? ok(n) : fail(`"${s}" is not an order number (1 to 999999999)`);
}

/** A thing of the workshop named in a cell (a step by label or id, a machine or person by name or id). */
export function pick<T extends { id: string }>(cell: string, items: T[], names: (t: T) => Array<string | undefined>, what: string): Parsed<string> {
  const key = headerKey(cell);
  const exact = items.find((t) => t.id === cell.trim());
  if (exact) return ok(exact.id);
  const found = items.filter((t) => names(t).some((n) => n !== undefined && headerKey(n) === key));
  if (found.length === 1) return ok(found[0].id);
  if (found.length > 1) return fail(`"${cell.trim()}" names several ${what}s`);
  return fail(`No ${what} "${cell.trim()}"`);
}
