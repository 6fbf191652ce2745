/** Kinds of case notice, each its own webhook event type. */
export const CASE_NOTICE_TYPES = ['case.vendor_notified', 'case.reminder'] as const;
export type CaseNoticeType = (typeof CASE_NOTICE_TYPES)[number];

/**
 * What a participant organization hears of a case: that its vendor was notified, or that a
 * date is near. One outbox row per subscription (as a daily digest is), because the e-mail's
 * dates are written in its reader's time zone; the instants are ISO 8601 for machines.
 */
export interface CaseNoticeEvent {
  readonly type: CaseNoticeType;
  /** The organization told: whose subscription receives it. */
  readonly orgId: string;
  readonly caseId: string;
  readonly title: string;
  readonly state: string;
  readonly acknowledgementDue: string | null;
  readonly embargoUntil: string | null;
  /** For a reminder: which date, when it is, how far ahead, and whether the vendor is now late. */
  readonly reminder: { readonly deadline: string; readonly at: string; readonly offset: string; readonly overdue: boolean } | null;
  readonly occurredAt: string;
  /** The e-mail, dates in the zone of the subscription's reader (UTC when none is known). */
  readonly mail: { readonly subject: string; readonly text: string };
}
