import { DateTime } from 'luxon';

export type CsvLanguage = 'fr' | 'en';

/**
 * A cell as a spreadsheet must read it: quoted when it holds the separator,
 * a quote or a line break; and a text starting like a formula (= + - @, tab,
 * carriage return) prefixed with an apostrophe, so opening the file never
 * runs what someone typed in a comment (CSV injection).
 */
export function csvCell(value: string | number | null | undefined, sep: string): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /["\r\n]/.test(s) || s.includes(sep) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** French Excel expects `;` between cells and a decimal comma; the rest of the world `,` and a point. */
export const separatorOf = (lang: CsvLanguage) => (lang === 'fr' ? ';' : ',');
export const decimal = (n: number, lang: CsvLanguage, digits = 2) => {
  const s = n.toFixed(digits);
  return lang === 'fr' ? s.replace('.', ',') : s;
};

/** An instant as the workshop reads it, `YYYY-MM-DD HH:mm:ss` in its timezone (a spreadsheet reads it as a date). */
export const localTime = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');

/** UTF-8 with a byte-order mark (Excel otherwise reads the accents as Latin-1), CRLF line ends. */
export function csvDocument(header: string[], rows: Array<Array<string | number | null>>, lang: CsvLanguage): string {
  const sep = separatorOf(lang);
  const line = (cells: Array<string | number | null>) => cells.map((c) => csvCell(c, sep)).join(sep);
  return '\uFEFF' + [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}

export const exportHeader: Record<CsvLanguage, string[]> = {
  fr: ['N° de commande', 'Société', 'Étape', 'Entrée', 'Sortie', 'Secondes', 'Heures', 'Par', 'Motif', 'Commentaire'],
  en: ['Order number', 'Company', 'Step', 'Entered', 'Left', 'Seconds', 'Hours', 'By', 'Reason', 'Comment'],
};
