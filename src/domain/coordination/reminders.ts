/**
 * Reminders before each deadline of a case: a week before, a day before, and on the date
 * (for an acknowledgement, the vendor is then overdue). Each reminder has a stable key, so
 * a worker that records the keys it sent sends each reminder once.
 */
import { addDays } from './embargo-policy.js';

export const DEADLINE_KINDS = ['acknowledgement', 'embargo_end'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  readonly kind: DeadlineKind;
  readonly at: Date;
  /**
   * Whom the deadline binds, such as a vendor participant's id: vendors notified together
   * share an acknowledgement date but each gets its own reminders. Absent for case-wide dates.
   */
  readonly subject?: string | undefined;
}

/** When reminders go out, from the earliest. */
export const REMINDER_OFFSETS = [
  { name: 'week_before', daysBefore: 7 },
  { name: 'day_before', daysBefore: 1 },
  { name: 'on_date', daysBefore: 0 },
] as const;

export type ReminderOffset = (typeof REMINDER_OFFSETS)[number]['name'];

export interface Reminder {
  /** Unique within a case: `kind/subject/at/offset`. Prefix the case id when keys of several cases share a store. */
  readonly key: string;
  readonly deadline: Deadline;
  readonly offset: ReminderOffset;
  /** True for the on-the-date reminder of an acknowledgement: the vendor has not acknowledged in time. */
  readonly overdue: boolean;
}

/**
 * The reminders to send now. For each deadline only the latest offset already reached is
 * due: a worker that was down past the day before sends that reminder, not also the
 * week-before one. Pass only deadlines still open (not for a vendor that has acknowledged,
 * not after publication); a changed date (an extension) gets reminders of its own.
 */
export function remindersDue(input: { deadlines: readonly Deadline[]; sent: ReadonlySet<string>; now: Date }): Reminder[] {
  const due: Reminder[] = [];
  for (const deadline of input.deadlines) {
    const reached = REMINDER_OFFSETS.filter((offset) => addDays(deadline.at, -offset.daysBefore).getTime() <= input.now.getTime()).at(-1);
    if (reached === undefined) continue;
    const key = reminderKey(deadline, reached.name);
    if (input.sent.has(key)) continue;
    due.push({ key, deadline, offset: reached.name, overdue: deadline.kind === 'acknowledgement' && reached.daysBefore === 0 });
  }
  return due;
}

/** The key of one reminder; a subject is percent-encoded so that it cannot contain the separator. */
function reminderKey(deadline: Deadline, offset: ReminderOffset): string {
  return [deadline.kind, encodeURIComponent(deadline.subject ?? ''), deadline.at.toISOString(), offset].join('/');
}
