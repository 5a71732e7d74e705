import { DateTime } from 'luxon';
import type { Order } from '../../shared/schemas/order.js';
import type { Settings } from '../../shared/schemas/settings.js';
import type { Template } from '../../shared/schemas/template.js';
import { stepLabel } from '../../shared/workflow.js';
import { assertPlaceholders, fillPlaceholders, type PlaceholderValues } from './placeholders.js';

export type MailLocale = 'fr' | 'en';

/** What the mail renderer reads of an order. */
export type MailOrder = Pick<Order, 'number' | 'date' | 'dueDate' | 'customerRef' | 'contact' | 'stepId'>;

const noDueDate: Record<MailLocale, string> = { fr: 'non précisée', en: 'not set' };

/** A calendar date (YYYY-MM-DD) as people write it: "5 mars 2025" in French, in the workshop's zone. */
export function formatDate(date: string, zone: string, locale: MailLocale): string {
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
    'order.date': formatDate(order.date, settings.timezone, locale),
    'order.dueDate': order.dueDate ? formatDate(order.dueDate, settings.timezone, locale) : noDueDate[locale],
    'order.customerRef': order.customerRef ?? '',
    'contact.name': order.contact.name,
    'contact.company': order.contact.company ?? '',
    'step.label': stepLabel(settings, order.stepId),
    'workshop.name': settings.workshopName ?? '',
  };
}

/** The template with its placeholders filled: the text the envelope shows and the auto-send sends. */
export function renderTemplate(template: Pick<Template, 'subject' | 'body'>, values: PlaceholderValues): { subject: string; body: string } {
  // Templates saved before placeholders were checked may still hold a wrong one: refuse with the same 400.
  assertPlaceholders({ subject: template.subject, body: template.body });
  return { subject: fillPlaceholders(template.subject, values), body: fillPlaceholders(template.body, values) };
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => entities[c]!);

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
