/**
 * Dates as each participant reads them: in their own time zone, with the zone's name, so a
 * vendor in Berlin and a reporter in Seattle see the same instant without converting. Uses
 * ECMAScript's Intl (the IANA time zone data the runtime carries), not a library.
 */

/** Whether `timeZone` is an IANA time zone name (or alias) this runtime knows, e.g. 'America/New_York'. */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * `date` in `timeZone` as `YYYY-MM-DD HH:mm ZONE`, e.g. '2026-12-01 09:00 EST'. The locale
 * only chooses the zone's name ('EST' in en-US, 'GMT-5' in de-DE); digits are always Latin
 * and the order always year-month-day, so dates read the same in every e-mail.
 *
 * A zone or locale the runtime does not know (input should have been checked with
 * {@link isValidTimeZone}) falls back to UTC and en-US: the instant shown stays right and
 * says its zone. An invalid date prints as 'invalid date'.
 */
export function formatInZone(date: Date, timeZone: string, locale = 'en-US'): string {
  if (Number.isNaN(date.getTime())) return 'invalid date';
  const parts = formatter(timeZone, locale).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

function formatter(timeZone: string, locale: string): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = {
    timeZone: isValidTimeZone(timeZone) ? timeZone : 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    numberingSystem: 'latn',
  };
  try {
    return new Intl.DateTimeFormat(locale, options);
  } catch {
    return new Intl.DateTimeFormat('en-US', options);
  }
}
