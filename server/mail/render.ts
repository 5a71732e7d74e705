import type { PlaceholderValues } from '../../shared/mail-template.js';
import type { Template } from '../../shared/schemas/template.js';
import { assertPlaceholders, fillPlaceholders } from './placeholders.js';


/** The template with its placeholders filled: the text the envelope shows and the auto-send sends. */
export function renderTemplate(template: Pick<Template, 'subject' | 'body'>, values: PlaceholderValues): { subject: string; body: string } {
  // Templates saved before placeholders were checked may still hold a wrong one: refuse with the same 400.
  assertPlaceholders({ subject: template.subject, body: template.body });
  return { subject: fillPlaceholders(template.subject, values), body: fillPlaceholders(template.body, values) };
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => entities[c]);

/**
 * The parts of a message from its final text. The body is plain text typed by
 * people (template or envelope), so the HTML part escapes all of it, values
 * included, and only adds paragraphs and line breaks. A subject is one line.
 */
export function messageParts(subject: string, body: string): { subject: string; text: string; html: string } {
  const text = body.replace(/\r\n?/g, '\n');
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`);
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
  return { subject: subject.replace(/\s*[\r\n]+\s*/g, ' ').trim(), text, html };
}
