import type { OrderCreate, OrderPatch } from '../../shared/schemas/order.js';
import type { Principal } from '../domain/principal.js';
import { AppError } from '../errors.js';
import type { OrderService } from '../services/orders.js';
import { ARCHIVE_BUCKET_SIZE } from '../store/archive-index.js';
import type { OrderRepository, StoredOrder } from '../store/orders.js';
import { CsvSyntaxError, decodeCsv, readCsv } from './csv/read.js';
import { mapRows, type ImportError, type Lookups, type MappedRow, type RowValues } from './csv/rows.js';

export interface ImportReport {
  /** Data rows in the file (the header and blank lines not counted). */
  rows: number;
  created: number;
  updated: number;
  /** Rows that match an order and would change nothing. */
  unchanged: number;
  errors: ImportError[];
  /** Headers that name no order field: left out. */
  ignoredColumns: string[];
  separator: ';' | ',';
  encoding: 'utf-8' | 'windows-1252';
  /** Whether anything was written: false on a dry run, and on a file with errors unless `partial`. */
  applied: boolean;
  /** The file as a whole cannot be read as orders (empty, unreadable, no name column, a column twice). */
  fileErrors?: true;
}

type Plan = { line: number; kind: 'create'; input: OrderCreate } | { line: number; kind: 'update'; id: string; patch: OrderPatch } | { line: number; kind: 'unchanged'; id: string };

/** Rows written at once: each goes through the order service (its lanes, history, broadcast); more only queue on the counters. */
const APPLY_CONCURRENCY = 8;
/** Lookups by `_id` while planning (references, current orders) at once. */
const READ_CONCURRENCY = 16;

/** Which column an error code of the order service is about, for the error table. */
const fieldOfCode: Record<string, string> = {
  duplicate_external_ref: 'externalRef',
  duplicate_number: 'number',
  unknown_step: 'step',
  unknown_user: 'assignee',
  unknown_machine: 'machine',
  unknown_status: 'status',
  empty_contact_name: 'name',
};

export interface ImportDeps {
  orders: OrderService;
  repo: OrderRepository;
  lookups: () => Promise<Lookups>;
  /** The archive's last slot (which of its index's buckets exist). */
  currentSlot: () => Promise<number>;
}

/**
 * The CSV import: the file is read and every row checked (pure, csv/), each
 * row is matched to an order (by ERP reference, else by order number, else
 * it is a new order), and only then written, through the order service like
 * a person's edit (history says `via: import`), unless it is a dry run or
 * the file has errors (then nothing, unless `partial`: the good rows).
 */
export function orderImport(deps: ImportDeps) {
  const { repo } = deps;

  /** Which order holds each number (active by one query bounded by the work in progress, archived from the index's buckets). */
  async function ownersOfNumbers(numbers: number[]): Promise<Map<number, string>> {
    const owners = new Map<number, string>();
    if (!numbers.length) return owners;
    const asked = new Set(numbers);
    for (const o of await repo.listActive({ number: { $in: numbers } }, (o) => asked.has(o.number))) owners.set(o.number, o._id);
    const wanted = new Set(numbers.filter((n) => !owners.has(n)));
    if (wanted.size) {
      const last = Math.floor((await deps.currentSlot()) / ARCHIVE_BUCKET_SIZE);
      const buckets = await repo.index.readMany(Array.from({ length: last + 1 }, (_, b) => b));
      for (const entries of buckets) for (const e of entries.values()) if (e.left === undefined && wanted.has(e.number)) owners.set(e.number, e.id);
    }
    return owners;
  }

  async function plan(rows: MappedRow[], errors: ImportError[]): Promise<Plan[]> {
    const owners = await ownersOfNumbers(rows.flatMap((r) => (r.values.number === undefined ? [] : [r.values.number])));
    // Reads by `_id` only, a few at a time: which order holds each reference.
    const holders = await inBatches(rows, (r) => (r.values.externalRef ? repo.refs.holder(r.values.externalRef) : Promise.resolve(null)));
    const targeted = new Map<string, number>();
    const matched: Array<{ row: MappedRow; id: string | null }> = [];
    rows.forEach((row, k) => {
      const v = row.values;
      const byRef = holders[k];
      const byNumber = v.number !== undefined ? (owners.get(v.number) ?? null) : null;
      if (byRef && byNumber && byRef !== byNumber) {
        errors.push({ line: row.line, field: 'number', message: `Order ${v.number} is not the order whose ERP reference is "${v.externalRef}"` });
        return;
      }
      const id = byRef ?? byNumber;
      if (id && targeted.has(id)) {
        errors.push({ line: row.line, field: byRef ? 'externalRef' : 'number', message: `Line ${targeted.get(id)} already changes this order` });
        return;
      }
      if (id) targeted.set(id, row.line);
      matched.push({ row, id });
    });
    const currents = await inBatches(matched, (m) => (m.id ? repo.findById(m.id, false) : Promise.resolve(null)));
    return matched.map(({ row, id }, k): Plan => {
      const current = currents[k];
      if (!id || !current) return { line: row.line, kind: 'create', input: createInput(row.values) };
      const patch = patchOf(current, row.values);
      return Object.keys(patch).length ? { line: row.line, kind: 'update', id, patch } : { line: row.line, kind: 'unchanged', id };
    });
  }

  /** `file`: the bytes as uploaded, or text already decoded (the route's body parser decodes, see decodeCsv). */
  async function run(
    file: Uint8Array | { text: string; encoding: ImportReport['encoding'] },
    who: Principal,
    opts: { dryRun: boolean; partial: boolean },
  ): Promise<ImportReport> {
    const { text, encoding } = file instanceof Uint8Array ? decodeCsv(file) : file;
    let read: ReturnType<typeof readCsv>;
    try {
      read = readCsv(text);
    } catch (e) {
      if (!(e instanceof CsvSyntaxError)) throw e;
      const errors = [{ line: e.line, field: '', message: e.message }];
      return { rows: 0, created: 0, updated: 0, unchanged: 0, errors, ignoredColumns: [], separator: ';', encoding, applied: false, fileErrors: true };
    }
    const mapped = mapRows(read.records, await deps.lookups());
    const errors = mapped.errors;
    const plans = await plan(mapped.rows, errors);
    const count = (k: Plan['kind']) => plans.filter((p) => p.kind === k).length;
    const report: ImportReport = {
      rows: Math.max(0, read.records.length - 1),
      created: count('create'),
      updated: count('update'),
      unchanged: count('unchanged'),
      errors,
      ignoredColumns: mapped.ignoredColumns,
      separator: read.separator,
      encoding,
      applied: false,
    };
    // Errors on the header line (or an empty file) make every row meaningless: the file is refused as a whole.
    if (errors.some((e) => e.line <= (read.records[0]?.line ?? 1))) return sortErrors({ ...report, fileErrors: true });
    if (opts.dryRun || (errors.length && !opts.partial)) return sortErrors(report);
    const done = await apply(plans, who);
    return sortErrors({ ...report, ...done, errors: [...errors, ...done.errors], applied: true });
  }

  /** Writes the plans through the order service, a few at a time; a refusal now (a race) is that line's error. */
  async function apply(plans: Plan[], who: Principal) {
    const out = { created: 0, updated: 0, errors: [] as ImportError[] };
    const queue = plans.filter((p) => p.kind !== 'unchanged');
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        try {
          if (p.kind === 'create') await deps.orders.create(p.input, who, { via: 'import' });
          else if (p.kind === 'update') await deps.orders.edit(p.id, p.patch, who, { via: 'import' });
          out[p.kind === 'create' ? 'created' : 'updated']++;
        } catch (e) {
          if (!(e instanceof AppError) || e.statusCode >= 500) throw e;
          out.errors.push({ line: p.line, field: fieldOfCode[e.code] ?? '', message: e.message });
        }
      }
    };
    await Promise.all(Array.from({ length: APPLY_CONCURRENCY }, worker));
    return out;
  }

  return { run };
}
export type OrderImport = ReturnType<typeof orderImport>;

/** `task` over `items`, READ_CONCURRENCY at a time, answers in the items' order. */
async function inBatches<T, R>(items: T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < items.length; k = next++) out[k] = await task(items[k]);
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  return out;
}

const sortErrors = (r: ImportReport): ImportReport => ({ ...r, errors: [...r.errors].sort((a, b) => a.line - b.line) });

/** A new order from a row: what the file gives (the service fills in the rest as on POST /api/orders). */
function createInput(v: RowValues): OrderCreate {
  const contact: OrderCreate['contact'] = { name: v.contact.name ?? '' };
  for (const k of ['id', 'company', 'email', 'postalCode'] as const) if (v.contact[k]) contact[k] = v.contact[k];
  const input: OrderCreate = { contact };
  if (v.externalRef) input.externalRef = v.externalRef;
  if (v.number !== undefined) input.number = v.number;
  if (v.date) input.date = v.date;
  if (v.nature) input.nature = v.nature;
  if (v.customerRef) input.customerRef = v.customerRef;
  if (v.status) input.status = v.status;
  if (v.stepId) input.stepId = v.stepId;
  if (v.dueDate) input.dueDate = v.dueDate;
  if (v.machineId) input.machineId = v.machineId;
  if (v.assigneeId) input.assigneeId = v.assigneeId;
  return input;
}

/**
 * The edit a row makes to an order: only the fields whose value differs, so
 * importing the same file again changes nothing and writes no history. The
 * step and the number are not edited (the floor moves orders; the number is
 * how the row found it).
 */
export function patchOf(current: StoredOrder, v: RowValues): OrderPatch {
  const patch: OrderPatch = {};
  const merged: Record<string, string> = { ...current.contact };
  for (const [k, value] of Object.entries(v.contact)) {
    if (value) merged[k] = value;
    else delete merged[k];
  }
  const keys = ['id', 'company', 'name', 'email', 'postalCode'];
  if (keys.some((k) => (merged[k] ?? '') !== ((current.contact as Record<string, string | undefined>)[k] ?? ''))) {
    patch.contact = merged as OrderPatch['contact'];
  }
  if (v.externalRef && v.externalRef !== current.externalRef) patch.externalRef = v.externalRef;
  if (v.date && v.date !== current.date) patch.date = v.date;
  if (v.nature !== undefined && v.nature !== (current.nature ?? '')) patch.nature = v.nature;
  if (v.customerRef !== undefined && v.customerRef !== (current.customerRef ?? '')) patch.customerRef = v.customerRef;
  const nullable = ['status', 'dueDate', 'machineId', 'assigneeId'] as const;
  for (const k of nullable) if (v[k] !== undefined && v[k] !== (current[k] ?? null)) patch[k] = v[k];
  return patch;
}
