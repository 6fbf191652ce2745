/**
 * The embargo policy of a case: when vendors must acknowledge and when the case may be
 * made public. The clock starts at the first vendor notification; vendors added later do
 * not restart it.
 *
 * Deadlines are instants, whole days of 24 hours after the start (UTC arithmetic, so no
 * daylight-saving shift moves them); each participant sees them in their own time zone.
 */
import type { FieldError } from './field-error.js';

/** The default embargo: 90 days from vendor notification, as most CVD programs use. */
export const DEFAULT_EMBARGO_DAYS = 90;

/** The embargo when the vulnerability is in CISA's KEV catalog or otherwise known exploited. */
export const EXPLOITED_EMBARGO_DAYS = 7;

/**
 * Days a vendor has to acknowledge a notification. CERT/CC commits to answering its own
 * correspondents within three days (VINCE FAQ); a week is more than twice that, spans a
 * weekend or a holiday, and ends no later than an exploited case's 7-day embargo, after
 * which an acknowledgement would come too late to matter.
 */
export const ACKNOWLEDGEMENT_DAYS = 7;

/**
 * The most one extension may add to the embargo. 45 days is CERT/CC's own publication
 * target after first contact: moving a date further than that is a new timeline, to be
 * asked for again with its own reason. Extensions may follow one another; each is recorded
 * with its reason.
 */
export const MAX_EXTENSION_DAYS = 45;

const DAY_MS = 86_400_000;

/** `days` whole days of 24 hours after `start`. */
export function addDays(start: Date, days: number): Date {
  return new Date(start.getTime() + days * DAY_MS);
}

/** When the embargo ends: 90 days after vendor notification, or 7 when in KEV or known exploited. */
export function embargoDate(input: { vendorNotifiedAt: Date; exploited: boolean }): Date {
  return addDays(input.vendorNotifiedAt, input.exploited ? EXPLOITED_EMBARGO_DAYS : DEFAULT_EMBARGO_DAYS);
}

/** When a notified vendor must have acknowledged. */
export function acknowledgementDeadline(vendorNotifiedAt: Date): Date {
  return addDays(vendorNotifiedAt, ACKNOWLEDGEMENT_DAYS);
}

/**
 * The embargo once the vulnerability is found exploited: it ends within 7 days of `now`,
 * never later than it already did.
 */
export function embargoOnExploitation(current: { until: Date }, now: Date): Date {
  const shortened = addDays(now, EXPLOITED_EMBARGO_DAYS);
  return shortened.getTime() < current.until.getTime() ? shortened : current.until;
}

/** An accepted extension, as the case history records it. */
export interface EmbargoExtension {
  readonly from: Date;
  readonly until: Date;
  readonly reason: string;
  readonly extendedAt: Date;
}

export type ExtensionResult = { readonly ok: true; readonly extension: EmbargoExtension } | { readonly ok: false; readonly error: FieldError };

/**
 * Moves the embargo end later. The reason is required; the new date must be valid, later
 * than both the current end and `now`, and at most {@link MAX_EXTENSION_DAYS} after the
 * current end.
 */
export function extendEmbargo(current: { until: Date }, request: { until: Date; reason: string; now: Date }): ExtensionResult {
  const reason = request.reason.trim();
  if (reason === '') return refuse('reason', 'an embargo extension needs a reason');
  const until = request.until.getTime();
  if (Number.isNaN(until)) return refuse('until', 'the new embargo date is not a valid date');
  if (until <= current.until.getTime()) {
    return refuse('until', `the new embargo date ${request.until.toISOString()} must be later than the current one, ${current.until.toISOString()}`);
  }
  if (until <= request.now.getTime()) return refuse('until', `the new embargo date ${request.until.toISOString()} has already passed`);
  const limit = addDays(current.until, MAX_EXTENSION_DAYS);
  if (until > limit.getTime()) {
    return refuse(
      'until',
      `one extension may add at most ${MAX_EXTENSION_DAYS} days, so the new embargo date can be ${limit.toISOString()} at the latest; ask again with a new reason for more`,
    );
  }
  return { ok: true, extension: { from: current.until, until: request.until, reason, extendedAt: request.now } };
}

function refuse(field: string, message: string): ExtensionResult {
  return { ok: false, error: { field, message } };
}
