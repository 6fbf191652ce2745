/**
 * Remediation of a vulnerability on an asset: its statuses, and its due date from CISA
 * BOD 26-04's timeline, which an operator may shorten (never lengthen).
 */
import { addCalendarDays, timelineLimitDays } from '../ssvc/bod-26-04.js';
import { BOD_26_04_TIMELINE, type Bod2604Timeline } from '../ssvc/decision-points.js';

export const REMEDIATION_STATUSES = ['open', 'in_progress', 'mitigated', 'remediated', 'risk_accepted', 'not_affected'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/** Statuses that still need work, so can be overdue. */
export const OPEN_STATUSES: readonly RemediationStatus[] = ['open', 'in_progress'];

/** Of two timelines, the stricter (the table lists them from loosest to strictest). */
export function stricterTimeline(a: Bod2604Timeline, b: Bod2604Timeline): Bod2604Timeline {
  return BOD_26_04_TIMELINE.indexOf(a) >= BOD_26_04_TIMELINE.indexOf(b) ? a : b;
}

/** Why a tightened number of days is refused, or undefined when it is allowed. */
export function policyDaysError(timeline: Bod2604Timeline, days: number): string | undefined {
  if (!Number.isInteger(days) || days < 0) return `days must be a whole number of days, 0 or more; got ${days}`;
  const limit = timelineLimitDays(timeline);
  if (limit !== undefined && days > limit) return `BOD 26-04 allows at most ${limit} days for "${timeline}"; a policy may shorten that, not lengthen it (got ${days})`;
  return undefined;
}

/**
 * The due date (YYYY-MM-DD) of a remediation whose clock started on `startDate`: the
 * timeline's own deadline, or the operator's shorter one. Null when nothing fixes a date
 * ("fix on system upgrade" without a policy).
 */
export function dueDate(timeline: Bod2604Timeline, startDate: string, policyDays?: number): string | null {
  const limit = timelineLimitDays(timeline);
  const days = policyDays === undefined ? limit : limit === undefined ? policyDays : Math.min(limit, policyDays);
  if (days === undefined) return null;
  const due = addCalendarDays(startDate, days);
  if (due === undefined) throw new Error(`startDate ${startDate} is not a calendar date YYYY-MM-DD, or ${days} days later is past 9999-12-31`);
  return due;
}
