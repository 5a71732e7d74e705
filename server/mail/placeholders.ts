import { PLACEHOLDERS, placeholderProblems, replacePlaceholders, type PlaceholderValues } from '../../shared/mail-template.js';
import { badRequest } from '../errors.js';

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
  return replacePlaceholders(text, values, escape, (whole) => {
    throw badRequest('unknown_placeholder', `Unknown placeholder ${whole}`);
  });
}
