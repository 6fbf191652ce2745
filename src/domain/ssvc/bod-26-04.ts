/**
 * CISA Binding Operational Directive 26-04's remediation timelines, as CERT/CC's SSVC data
 * encodes them: In KEV, Publicly Exposed, Automatable and Technical Impact decide between
 * fixing on the next system upgrade and fixing within 60, 14 or 3 days (3 days with a
 * forensic investigation when a KEV-listed flaw gives total control of an exposed or
 * automatable target).
 */
import { AUTOMATABLE, BOD_26_04_TIMELINE, TECHNICAL_IMPACT, YES_NO, parseValue, type Bod2604Timeline } from './decision-points.js';
import { BOD_26_04_TABLE, answer, type Decision } from './tables.js';

/** Value names as SSVC writes them, in any case: "yes"/"no", "partial"/"total". */
export interface Bod2604Input {
  inKev: unknown;
  publiclyExposed: unknown;
  automatable: unknown;
  technicalImpact: unknown;
}

/** Looks the remediation timeline up in the CISA BOD 26-04 1.0.0 table. */
export function bod2604Timeline(input: Bod2604Input): Decision<Bod2604Timeline> {
  const inKev = parseValue('inKev', YES_NO, input.inKev);
  if (!inKev.ok) return inKev;
  const exposed = parseValue('publiclyExposed', YES_NO, input.publiclyExposed);
  if (!exposed.ok) return exposed;
  const automatable = parseValue('automatable', AUTOMATABLE, input.automatable);
  if (!automatable.ok) return automatable;
  const impact = parseValue('technicalImpact', TECHNICAL_IMPACT, input.technicalImpact);
  if (!impact.ok) return impact;
  const row = BOD_26_04_TABLE.rows.findIndex(([k, p, a, t]) => k === inKev.value && p === exposed.value && a === automatable.value && t === impact.value);
  return answer(BOD_26_04_TABLE.rows[row]?.[4], row, BOD_26_04_TABLE.source);
}

/** When a timeline's remediation is due: a date, or the asset's next major upgrade or rebuild. */
export type RemediationDeadline =
  | { kind: 'next-system-upgrade' }
  | { kind: 'date'; days: number; dueDate: string; forensicInvestigation: boolean };

const timelineDays: Record<Bod2604Timeline, { days: number; forensicInvestigation: boolean } | undefined> = {
  'fix on system upgrade': undefined,
  '60 days': { days: 60, forensicInvestigation: false },
  '14 days': { days: 14, forensicInvestigation: false },
  '3 days': { days: 3, forensicInvestigation: false },
  '3 days & forensic investigation': { days: 3, forensicInvestigation: true },
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The most days a timeline allows; undefined for "fix on system upgrade", which has no fixed date. */
export function timelineLimitDays(timeline: Bod2604Timeline): number | undefined {
  return timelineDays[timeline]?.days;
}

/**
 * The deadline of a timeline counted in calendar days from `startDate` (`YYYY-MM-DD`, the
 * day the clock starts, e.g. when the flaw was found on the asset). "Fix on system upgrade"
 * has no fixed date.
 */
export function remediationDeadline(timeline: string, startDate: string): { ok: true; deadline: RemediationDeadline } | { ok: false; field: string; error: string } {
  const parsed = parseValue('timeline', BOD_26_04_TIMELINE, timeline);
  if (!parsed.ok) return parsed;
  if (!isCalendarDate(startDate)) return { ok: false, field: 'startDate', error: `startDate: "${startDate}" is not a calendar date YYYY-MM-DD` };
  const span = timelineDays[parsed.value];
  if (span === undefined) return { ok: true, deadline: { kind: 'next-system-upgrade' } };
  const dueDate = addCalendarDays(startDate, span.days);
  if (dueDate === undefined) return { ok: false, field: 'startDate', error: `startDate: ${startDate} plus ${span.days} days is past 9999-12-31` };
  return { ok: true, deadline: { kind: 'date', ...span, dueDate } };
}

/** True for a real calendar date written `YYYY-MM-DD` (not 2025-02-30). */
export function isCalendarDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

/** `days` calendar days after a `YYYY-MM-DD` date; undefined for no real date, or past 9999-12-31. */
export function addCalendarDays(startDate: string, days: number): string | undefined {
  const start = parseIsoDate(startDate);
  if (start === undefined) return undefined;
  const due = new Date(start + days * DAY_MS);
  return due.getUTCFullYear() > 9999 ? undefined : due.toISOString().slice(0, 10);
}

/** Midnight UTC of a real calendar date, as epoch milliseconds (UTC days are all 24 hours long). */
function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as written; it rolls 2025-02-30 over to March, which the check below rejects.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date.getTime() : undefined;
}
