import { DateTime } from 'luxon';
import type { Order } from './schemas/order.js';
import type { Settings } from './schemas/settings.js';
import { stepLabel } from './workflow.js';

/*
 * Message templates, the part both sides need: the placeholder list, the
 * check of a text's placeholders and their values for one order. The server
 * renders mail with it (server/mail/render.ts); the supervisor tablet shows
 * the live preview with the same functions, so the preview is the message.
 */

/** Every placeholder a template may use (SPEC §1); anything else is refused when the template is saved. */
export const PLACEHOLDERS = [
  'order.number',
  'order.date',
  'order.dueDate',
  'order.customerRef',
  'contact.name',
  'contact.company',
  'step.label',
  'workshop.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const known = new Set<string>(PLACEHOLDERS);
/** `{{ name }}`, spaces inside the braces allowed. */
const TOKEN = /\{\{([^{}]*)\}\}/g;

export const isPlaceholder = (name: string): name is Placeholder => known.has(name);

export interface PlaceholderProblem {
  kind: 'unknown' | 'malformed';
  /** The text as written, e.g. `{{order.numero}}`. */
  text: string;
}

/** What is wrong with the placeholders of `text`: unknown names, and braces that open or close nothing. */
export function placeholderProblems(text: string): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (!known.has(m[1].trim())) problems.push({ kind: 'unknown', text: m[0] });
  }
  // What is left once the well-formed tokens are gone must not hold any double brace.
  const rest = text.replace(TOKEN, ' ');
  const stray = rest.match(/.{0,12}(\{\{|\}\}).{0,12}/);
  if (stray) problems.push({ kind: 'malformed', text: stray[0].trim() });
  return problems;
}

/**
 * Replaces every known placeholder of `text` (each value passed through
 * `escape`); an unknown one is handed to `unknown`, whose answer replaces it
 * (the server throws there, the preview leaves the text as typed).
 */
export function replacePlaceholders(
  text: string,
  values: PlaceholderValues,
  escape: (v: string) => string = (v) => v,
  unknown: (whole: string) => string = (whole) => whole,
): string {
  return text.replace(TOKEN, (whole, name: string) => {
    const key = name.trim();
    return isPlaceholder(key) ? escape(values[key]) : unknown(whole);
  });
}

export type MailLocale = 'fr' | 'en';

/** What the mail renderer reads of an order. */
export type MailOrder = Pick<Order, 'number' | 'date' | 'dueDate' | 'customerRef' | 'contact' | 'stepId'>;

const noDueDate: Record<MailLocale, string> = { fr: 'non précisée', en: 'not set' };

/** A calendar date (YYYY-MM-DD) as people write it: "5 mars 2025" in French, in the workshop's zone. */
export function formatMailDate(date: string, zone: string, locale: MailLocale): string {
  const d = DateTime.fromISO(date, { zone }).setLocale(locale);
  return d.isValid ? d.toLocaleString(DateTime.DATE_FULL) : date;
}

/** The value of every placeholder for one order; missing fields become empty text. */
export function placeholderValues(
  order: MailOrder,
  settings: Pick<Settings, 'steps' | 'finalStepId' | 'timezone' | 'workshopName'>,
  locale: MailLocale = 'fr',
): PlaceholderValues {
  return {
    'order.number': String(order.number),
    'order.date': formatMailDate(order.date, settings.timezone, locale),
    'order.dueDate': order.dueDate ? formatMailDate(order.dueDate, settings.timezone, locale) : noDueDate[locale],
    'order.customerRef': order.customerRef ?? '',
    'contact.name': order.contact.name,
    'contact.company': order.contact.company ?? '',
    'step.label': stepLabel(settings, order.stepId),
    'workshop.name': settings.workshopName ?? '',
  };
}
