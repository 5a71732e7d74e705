import { en } from './en.js';
import { fr, type MessageKey } from './fr.js';

export type { MessageKey };
export type Locale = 'fr' | 'en';
export const locales: readonly Locale[] = ['fr', 'en'];
export const defaultLocale: Locale = 'fr';

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

export type MessageParams = Record<string, string | number>;

/** Keys that have plural forms, without their `_one`/`_other` suffix. */
type PluralBase = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

export function isLocale(v: unknown): v is Locale {
  return v === 'fr' || v === 'en';
}

/** The message for `key` in `locale`, with `{placeholders}` replaced. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const text = catalogues[locale][key] ?? fr[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** A counted message: picks `base_one` or `base_other` with the language's plural rules. */
export function translatePlural(locale: Locale, base: PluralBase, count: number, params?: MessageParams): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  const form = rules.select(count) === 'one' ? 'one' : 'other';
  return translate(locale, `${base}_${form}` as MessageKey, { count, ...params });
}
