import { remindersDue, type Deadline, type Reminder } from '../../domain/coordination/reminders.js';
import type { CaseRow, ParticipantRow } from '../../store/case-repository.js';
import { enqueueCaseNotice } from './case-notices.js';
import { NOTIFIED_STATES, type CaseSupport } from './case-support.js';

/** A reminder sent by a pass. */
export interface SentReminder {
  readonly caseId: string;
  readonly key: string;
  readonly deadline: Deadline['kind'];
  readonly at: string;
  readonly offset: Reminder['offset'];
  readonly overdue: boolean;
  /** The organizations told. */
  readonly orgIds: readonly string[];
}

/**
 * Reminders before each date of a case (reminders.ts: a week before, a day before, on the
 * date): the acknowledgement date of each vendor that has not acknowledged, to that vendor
 * (and, once overdue, to the coordinators too); the embargo end, to everyone taking part.
 * Each reminder's key is recorded in the transaction that enqueues it, so a reminder goes out
 * once however many workers run and however often.
 */
export class CaseReminders {
  readonly #support: CaseSupport;

  constructor(support: CaseSupport) {
    this.#support = support;
  }

  /** Sends the reminders due at `now`; returns those sent by this pass. */
  async sendDueReminders(now: Date = this.#support.now()): Promise<SentReminder[]> {
    const cases = await this.#support.cases.casesInStates(NOTIFIED_STATES);
    const ids = cases.map((c) => c.id);
    const [sentKeys, participants] = await Promise.all([this.#support.cases.sentReminderKeys(ids), this.#support.cases.participantsOfCases(ids)]);
    const sent: SentReminder[] = [];
    for (const row of cases) {
      const ofCase = participants.filter((p) => p.case_id === row.id);
      const due = remindersDue({ deadlines: deadlinesOf(row, ofCase), sent: sentKeys.get(row.id) ?? new Set(), now });
      for (const reminder of due) {
        const done = await this.#send(row, ofCase, reminder, now.toISOString());
        if (done) sent.push(done);
      }
    }
    return sent;
  }

  async #send(row: CaseRow, participants: readonly ParticipantRow[], reminder: Reminder, at: string): Promise<SentReminder | undefined> {
    const { deadline } = reminder;
    const vendorOrg = deadline.kind === 'acknowledgement' ? deadline.subject! : undefined;
    const orgIds =
      vendorOrg !== undefined
        ? [vendorOrg, ...(reminder.overdue ? [row.owner_org_id] : [])]
        : [...new Set([row.owner_org_id, ...participants.filter((p) => p.role !== 'vendor' || p.notified_at !== null).map((p) => p.org_id)])];
    const vendor = participants.find((p) => p.role === 'vendor' && p.org_id === vendorOrg);
    const sentReminder: SentReminder = { caseId: row.id, key: reminder.key, deadline: deadline.kind, at: deadline.at.toISOString(), offset: reminder.offset, overdue: reminder.overdue, orgIds };
    return this.#support.cases.transaction(async (writer) => {
      if (!(await writer.markReminderSent(row.id, reminder.key, at))) return undefined;
      const deliveries = await enqueueCaseNotice(writer, {
        type: 'case.reminder',
        caseRow: row,
        orgIds,
        acknowledgementDue: vendor?.acknowledgement_due ?? null,
        reminder: { deadline: deadline.kind, at: sentReminder.at, offset: reminder.offset, overdue: reminder.overdue },
        key: reminder.key,
        at,
      });
      await writer.event({
        caseId: row.id,
        at,
        actorUserId: null,
        orgId: vendorOrg ?? null,
        kind: 'reminder_sent',
        detail: { key: reminder.key, deadline: deadline.kind, at: sentReminder.at, offset: reminder.offset, overdue: reminder.overdue, deliveries },
      });
      return sentReminder;
    });
  }
}

/** The open dates of a case: each notified vendor's acknowledgement until it acknowledges, and the embargo end. */
function deadlinesOf(row: CaseRow, participants: readonly ParticipantRow[]): Deadline[] {
  const acknowledgements = participants
    .filter((p) => p.role === 'vendor' && p.notified_at !== null && p.acknowledged_at === null && p.acknowledgement_due !== null)
    .map((p): Deadline => ({ kind: 'acknowledgement', at: new Date(p.acknowledgement_due!), subject: p.org_id }));
  return row.embargo_until === null ? acknowledgements : [...acknowledgements, { kind: 'embargo_end', at: new Date(row.embargo_until) }];
}
