import { parse } from 'csv-parse/sync';

/**
 * Bytes of a CSV file → text. A workshop's files come from Excel (Windows-1252
 * without BOM, in France) or from an ERP (UTF-8, often with a BOM): bytes that
 * are valid UTF-8 are read as UTF-8, anything else as Windows-1252, which
 * maps every byte (so a file is never refused for its encoding alone).
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  let view = bytes;
  if (view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf) view = view.subarray(3);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(view), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(view), encoding: 'windows-1252' };
  }
}

/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes as
 * Latin-1, which turns € (0x80), œ (0x9c), ’ (0x92)… into control characters.
 * Bytes 0x80–0x9F are these characters (the five unassigned stay as they are).
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk.map((b) => b)).replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
  }
  return out;
}

/** `;` or `,`: whichever the header line holds more of outside quotes (French Excel writes `;`). */
export function detectSeparator(text: string): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return semi >= comma && semi > 0 ? ';' : comma > 0 ? ',' : ';';
}

export interface CsvRecord {
  /** Line of the file where the record starts (1 = the header). */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The file's records with their line numbers, the header first. Parsed by
 * csv-parse (quotes, doubled quotes, separators and line breaks inside quoted
 * cells, CRLF); blank lines skipped; rows may be shorter or longer than the
 * header (the mapping says which cells matter).
 */
export function readCsv(text: string, separator = detectSeparator(text)): { separator: ';' | ','; records: CsvRecord[] } {
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text, { delimiter: separator, info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as typeof parsed;
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    throw new CsvSyntaxError(err.lines ?? 1, err.message ?? 'Unreadable CSV');
  }
  const records = parsed
    .map(({ record, info }) => ({
      // csv-parse counts the line where the record ends: take off the line breaks inside its quoted cells.
      line: info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0),
      cells: record,
    }))
    // A line of separators only (Excel's padding) is as blank as an empty one.
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  return { separator, records };
}
