import { badRequest } from '../errors.js';

/** Every placeholder a template may use (SPEC §1, issue 5); anything else is refused when the template is saved. */
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

export interface PlaceholderProblem {
  kind: 'unknown' | 'malformed';
  /** The text as written, e.g. `{{order.numero}}`. */
  text: string;
}

/** What is wrong with the placeholders of `text`: unknown names, and braces that open or close nothing. */
export function placeholderProblems(text: string): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (!known.has(m[1]!.trim())) problems.push({ kind: 'unknown', text: m[0] });
  }
  // What is left once the well-formed tokens are gone must not hold any double brace.
  const rest = text.replace(TOKEN, ' ');
  const stray = rest.match(/.{0,12}(\{\{|\}\}).{0,12}/);
  if (stray) problems.push({ kind: 'malformed', text: stray[0].trim() });
  return problems;
}

/**
 * Refuses, with one clear 400, a template or message whose placeholders
 * cannot all be filled. `fields` names each text (subject, body) for the message.
 */
export function assertPlaceholders(fields: Record<string, string>): void {
  const unknown: string[] = [];
  const malformed: string[] = [];
  for (const [field, text] of Object.entries(fields)) {
    for (const p of placeholderProblems(text)) (p.kind === 'unknown' ? unknown : malformed).push(`${p.text} (${field})`);
  }
  if (unknown.length) {
    throw badRequest(
      'unknown_placeholder',
      `Unknown placeholder${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Available: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
    );
  }
  if (malformed.length) {
    throw badRequest('malformed_placeholder', `Unbalanced braces: "${malformed.join('", "')}". A placeholder is written {{order.number}}`);
  }
}

/** Replaces every placeholder of `text`; `escape` is applied to each value (HTML part). Unknown names throw. */
export function fillPlaceholders(text: string, values: PlaceholderValues, escape: (v: string) => string = (v) => v): string {
  return text.replace(TOKEN, (whole, name: string) => {
    const key = name.trim();
    if (!known.has(key)) throw badRequest('unknown_placeholder', `Unknown placeholder ${whole}`);
    return escape(values[key as Placeholder]);
  });
}
