import { DateTime } from 'luxon';
import {
  defaultLocale,
  isLocale,
  translate,
  translatePlural,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '../../../shared/i18n/index.js';

const STORAGE_KEY = 'jalon.locale';

/** The page's language: French unless chosen otherwise (`?lang=en` or the language menu), remembered per device. */
class LocaleState extends EventTarget {
  locale: Locale = defaultLocale;

  constructor() {
    super();
    let stored: string | null = null;
    try {
      stored = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem(STORAGE_KEY);
    } catch {
      /* storage refused: keep French */
    }
    if (isLocale(stored)) this.locale = stored;
    document.documentElement.lang = this.locale;
  }

  set(locale: Locale): void {
    if (locale === this.locale) return;
    this.locale = locale;
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      /* not remembered, still applied */
    }
    this.dispatchEvent(new Event('change'));
  }
}

export const localeState = new LocaleState();

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(localeState.locale, key, params);
}

export function tn(base: Parameters<typeof translatePlural>[1], count: number, params?: MessageParams): string {
  return translatePlural(localeState.locale, base, count, params);
}

/** A calendar date (YYYY-MM-DD) as the workshop reads it: "lun. 3 juin 2026". */
export function formatLongDate(date: string): string {
  const d = DateTime.fromISO(date, { locale: localeState.locale });
  return d.isValid ? d.toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }) : date;
}

const shortDates = new Map<string, string>();

/**
 * A calendar date in a table cell: "03/06/26". Remembered per language and date, since a table of
 * 2,000 orders asks for the same few hundred dates at every redraw.
 */
export function formatShortDate(date: string): string {
  const key = `${localeState.locale}|${date}`;
  let s = shortDates.get(key);
  if (s === undefined) {
    const d = DateTime.fromISO(date, { locale: localeState.locale });
    s = d.isValid ? d.toLocaleString({ day: '2-digit', month: '2-digit', year: '2-digit' }) : date;
    if (shortDates.size > 5000) shortDates.clear();
    shortDates.set(key, s);
  }
  return s;
}

/** An instant in the workshop's timezone, date and time. */
export function formatInstant(iso: string, zone: string): string {
  const d = DateTime.fromISO(iso, { zone, locale: localeState.locale });
  return d.isValid ? d.toLocaleString(DateTime.DATETIME_SHORT) : iso;
}

/** Hours and minutes in the workshop's timezone ("14:05"). */
export function formatTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone, locale: localeState.locale }).toLocaleString(DateTime.TIME_24_SIMPLE);
}
