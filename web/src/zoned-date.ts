/**
 * Instants as a person in a given IANA time zone reads them, with ECMAScript's Intl (the
 * zone data the browser carries). Written here because no installed library converts
 * between zones; Temporal would, once browsers ship it.
 */

/** A calendar date and wall-clock time in some zone. */
export interface WallTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm */
  time: string;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(zone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', numberingSystem: 'latn' });
    wallFormats.set(zone, format);
  }
  return format;
}

function wallParts(instant: Date, zone: string): { year: string; month: string; day: string; hour: string; minute: string; second: string } {
  const parts = wallFormat(zone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** The date and time on a clock in `zone` at `instant`. */
export function wallTimeOf(instant: Date, zone: string): WallTime {
  const p = wallParts(instant, zone);
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/**
 * The zone's abbreviation at `instant`. CLDR names a zone only in the locales where people
 * use the name (EST in en-US, CET and BST in en-GB), so both are asked; a zone neither
 * names reads as its UTC offset ("GMT+9").
 */
function zoneAbbreviation(instant: Date, zone: string): string {
  let offset = '';
  for (const locale of ['en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (!/^(GMT|UTC)[+−-]/.test(name)) return name;
    offset ||= name;
  }
  return offset;
}

/** An ISO instant as "2026-10-05 14:00 CEST" in `zone`; a value that is no date is shown as given. */
export function formatInZone(iso: string, zone: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const { date, time } = wallTimeOf(instant, zone);
  return `${date} ${time} ${zoneAbbreviation(instant, zone)}`;
}

/** The calendar date (YYYY-MM-DD) of an ISO instant in `zone`. */
export function dateInZone(iso: string, zone: string): string {
  return wallTimeOf(new Date(iso), zone).date;
}

/** How far `zone`'s clocks are ahead of UTC at `epochMs`, in milliseconds. */
function offsetAt(epochMs: number, zone: string): number {
  const p = wallParts(new Date(epochMs), zone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant a clock in `zone` shows `wall`, or undefined for a malformed date or time. The
 * offset is taken twice: once at the wall time read as UTC, then at the instant that gives,
 * which settles times near a daylight-saving change. A time the change skips (02:30 on a
 * spring-forward night) comes out an hour later, as a clock that was not moved would read it.
 */
export function instantOf(wall: WallTime, zone: string): Date | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(wall.date);
  const time = /^(\d{2}):(\d{2})$/.exec(wall.time);
  if (!date || !time) return undefined;
  const asUtc = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]), Number(time[1]), Number(time[2]));
  if (Number.isNaN(asUtc)) return undefined;
  const first = asUtc - offsetAt(asUtc, zone);
  return new Date(asUtc - offsetAt(first, zone));
}

/** Every IANA zone the browser knows, for the zone picker's suggestions. */
export function knownZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}

/** The zone the browser itself runs in. */
export function browserZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}
