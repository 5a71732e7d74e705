import type { MessageKey } from '../../../shared/i18n/index.js';
import type { Order, OrderCreate, OrderPatch } from '../../../shared/schemas/order.js';

/** The order form's fields, as the inputs hold them (text; '' = empty). */
export const orderFieldNames = [
  'number',
  'date',
  'contactId',
  'company',
  'name',
  'email',
  'postalCode',
  'nature',
  'customerRef',
  'externalRef',
  'status',
  'dueDate',
  'assigneeId',
  'machineId',
  'stepId',
] as const;
export type OrderFieldName = (typeof orderFieldNames)[number];
export type OrderFields = Record<OrderFieldName, string>;

export function fieldsOf(o: Order | null, defaults: Partial<OrderFields> = {}): OrderFields {
  const f = Object.fromEntries(orderFieldNames.map((n) => [n, ''])) as OrderFields;
  if (!o) return { ...f, ...defaults };
  return {
    ...f,
    number: String(o.number),
    date: o.date,
    contactId: o.contact.id ?? '',
    company: o.contact.company ?? '',
    name: o.contact.name,
    email: o.contact.email ?? '',
    postalCode: o.contact.postalCode ?? '',
    nature: o.nature ?? '',
    customerRef: o.customerRef ?? '',
    externalRef: o.externalRef ?? '',
    status: o.status ?? '',
    dueDate: o.dueDate ?? '',
    assigneeId: o.assigneeId ?? '',
    machineId: o.machineId ?? '',
    stepId: o.stepId,
  };
}

function contactOf(f: OrderFields, keepEmpty: boolean): OrderCreate['contact'] {
  const c: OrderCreate['contact'] = { name: f.name };
  const put = (k: 'id' | 'company' | 'email' | 'postalCode', v: string) => {
    if (v || keepEmpty) c[k] = v;
  };
  put('id', f.contactId);
  put('company', f.company);
  put('email', f.email.trim());
  put('postalCode', f.postalCode);
  return c;
}

/** The POST body: empty optional fields are left out, the server fills its defaults (number, date, first step). */
export function createBody(f: OrderFields): OrderCreate {
  const body: OrderCreate = {
    contact: contactOf(f, false),
    status: f.status || null,
    dueDate: f.dueDate || null,
    assigneeId: f.assigneeId || null,
    machineId: f.machineId || null,
  };
  if (f.number.trim()) body.number = (/^\d+$/.test(f.number.trim()) ? Number(f.number.trim()) : f.number) as number;
  if (f.date) body.date = f.date;
  if (f.nature) body.nature = f.nature;
  if (f.customerRef) body.customerRef = f.customerRef;
  if (f.externalRef.trim()) body.externalRef = f.externalRef.trim();
  if (f.stepId) body.stepId = f.stepId;
  return body;
}

/** The PATCH body: only what changed, with the version the form was filled from (a concurrent edit is refused). */
export function patchBody(before: Order, f: OrderFields): OrderPatch | null {
  const was = fieldsOf(before);
  const changed = (names: OrderFieldName[]) => names.some((n) => f[n] !== was[n]);
  const patch: Record<string, unknown> = {};
  if (changed(['contactId', 'company', 'name', 'email', 'postalCode'])) patch['contact'] = contactOf(f, true);
  if (changed(['date'])) patch['date'] = f.date;
  if (changed(['nature'])) patch['nature'] = f.nature;
  if (changed(['customerRef'])) patch['customerRef'] = f.customerRef;
  // Emptied: the order no longer has an ERP reference (null lets it go).
  if (changed(['externalRef'])) patch['externalRef'] = f.externalRef.trim() || null;
  if (changed(['status'])) patch['status'] = f.status || null;
  if (changed(['dueDate'])) patch['dueDate'] = f.dueDate || null;
  if (changed(['assigneeId'])) patch['assigneeId'] = f.assigneeId || null;
  if (changed(['machineId'])) patch['machineId'] = f.machineId || null;
  if (!Object.keys(patch).length) return null;
  return { ...patch, expectedVersion: before.version };
}

const pathToField: Record<string, OrderFieldName> = {
  number: 'number',
  date: 'date',
  'contact/id': 'contactId',
  'contact/company': 'company',
  'contact/name': 'name',
  'contact': 'name',
  'contact/email': 'email',
  'contact/postalCode': 'postalCode',
  nature: 'nature',
  customerRef: 'customerRef',
  externalRef: 'externalRef',
  status: 'status',
  dueDate: 'dueDate',
  assigneeId: 'assigneeId',
  machineId: 'machineId',
  stepId: 'stepId',
};

const codeToField: Record<string, OrderFieldName> = {
  empty_contact_name: 'name',
  unknown_status: 'status',
  unknown_user: 'assigneeId',
  unknown_machine: 'machineId',
  unknown_step: 'stepId',
  duplicate_number: 'number',
  duplicate_external_ref: 'externalRef',
};

/** A message for one field: a catalogue key (with its parameters), or the server's own words. */
export type FieldMessage = { key: MessageKey; params?: Record<string, string | number> } | { text: string };

/**
 * Which field a server refusal is about, and what to say there. Schema refusals read
 * `body/contact/email must match format "email"`: the path names the field, the rest the rule.
 */
export function fieldError(e: { code: string; message: string }): { field: OrderFieldName; message: FieldMessage } | null {
  const byCode = codeToField[e.code];
  if (byCode) {
    if (e.code === 'empty_contact_name') return { field: byCode, message: { key: 'form.required' } };
    if (e.code === 'duplicate_number') return { field: byCode, message: { key: 'form.duplicateNumber' } };
    if (e.code === 'duplicate_external_ref') return { field: byCode, message: { key: 'form.duplicateExternalRef' } };
    return { field: byCode, message: { text: e.message } };
  }
  if (e.code !== 'invalid_request') return null;
  const m = /^body\/([\w/]+) (.*)$/.exec(e.message.split(', body/')[0] ?? '');
  const field = m ? pathToField[m[1]] : undefined;
  if (!m || !field) return null;
  const rule = m[2];
  const max = /must NOT have more than (\d+) characters/.exec(rule);
  if (max) return { field, message: { key: 'form.tooLong', params: { max: Number(max[1]) } } };
  if (/must NOT have fewer than 1 characters/.test(rule)) return { field, message: { key: 'form.required' } };
  if (field === 'email') return { field, message: { key: 'form.emailInvalid' } };
  if (field === 'postalCode') return { field, message: { key: 'form.postalCodeInvalid' } };
  if (field === 'date' || field === 'dueDate') return { field, message: { key: 'form.dateInvalid' } };
  if (field === 'number') return { field, message: { key: 'form.numberInvalid' } };
  return { field, message: { text: e.message } };
}
