import { createHash } from 'node:crypto';
import { formatInZone } from '../../domain/coordination/zoned-date.js';
import type { CaseNoticeEvent, CaseNoticeType } from '../../store/case-notice.js';
import type { CaseRow, CaseWriter } from '../../store/case-repository.js';

/** A reminder as a notice tells it. */
export interface NoticeReminder {
  readonly deadline: 'acknowledgement' | 'embargo_end';
  readonly at: string;
  readonly offset: 'week_before' | 'day_before' | 'on_date';
  readonly overdue: boolean;
}

export interface NoticeRequest {
  readonly type: CaseNoticeType;
  readonly caseRow: Pick<CaseRow, 'id' | 'title' | 'state' | 'embargo_until'>;
  /** The organizations told. */
  readonly orgIds: readonly string[];
  /** The acknowledgement date of the vendor told, where there is one. */
  readonly acknowledgementDue: string | null;
  readonly reminder: NoticeReminder | null;
  /** Makes the notice's idempotency key: the same notice enqueued twice is stored once. */
  readonly key: string;
  readonly at: string;
}

/**
 * Writes a case notice to the outbox, in the transaction of the change it tells of: one row
 * and delivery per subscription of each organization, the e-mail written in the time zone of
 * the user the subscription mails (UTC when none is known). The notification worker delivers
 * them like any other event. Returns how many deliveries each organization got, so that a
 * vendor with no subscription shows in the history and the coordinator can reach it otherwise.
 */
export async function enqueueCaseNotice(writer: CaseWriter, request: NoticeRequest): Promise<Record<string, number>> {
  const deliveries: Record<string, number> = Object.fromEntries(request.orgIds.map((id) => [id, 0]));
  for (const target of await writer.noticeTargets(request.orgIds)) {
    const event: CaseNoticeEvent = {
      type: request.type,
      orgId: target.orgId,
      caseId: request.caseRow.id,
      title: request.caseRow.title,
      state: request.caseRow.state,
      acknowledgementDue: request.acknowledgementDue,
      embargoUntil: request.caseRow.embargo_until,
      reminder: request.reminder,
      occurredAt: request.at,
      mail: mailOf(request, target.readerTimeZone ?? 'UTC'),
    };
    const key = `case_${createHash('sha256').update([request.caseRow.id, request.type, request.key, target.subscriptionId].join('\n')).digest('hex').slice(0, 32)}`;
    if (await writer.enqueueNotice(target.subscriptionId, event, key, request.at)) deliveries[target.orgId] = (deliveries[target.orgId] ?? 0) + 1;
  }
  return deliveries;
}

/** The e-mail of a notice: short, with the dates a reader acts on in their zone, and no case detail beyond its title. */
function mailOf(request: NoticeRequest, zone: string): { subject: string; text: string } {
  const { caseRow } = request;
  const title = caseRow.title.replace(/\s+/g, ' ').trim();
  const when = (iso: string | null): string => (iso === null ? 'not set' : formatInZone(new Date(iso), zone));
  const dates = [
    ...(request.acknowledgementDue === null ? [] : [`Acknowledge by: ${when(request.acknowledgementDue)}`]),
    `Embargo until: ${when(caseRow.embargo_until)}`,
  ];
  const footer = [`Dates are in ${zone}; set your time zone in the clearinghouse to read them in yours.`, 'Sign in to the clearinghouse to read the case and answer.'];
  if (request.reminder === null) {
    return {
      subject: `[${caseRow.id}] A vulnerability that may affect your products: ${title}`,
      text: [`The clearinghouse is coordinating the disclosure of a vulnerability that may affect your products.`, `Case: ${caseRow.id}, ${title}`, ...dates, '', ...footer].join('\n'),
    };
  }
  const reminder = request.reminder;
  const what = reminder.deadline === 'acknowledgement' ? 'acknowledgement' : 'embargo end';
  const headline = reminder.overdue ? `the ${what} was due ${when(reminder.at)} and has not come` : `the ${what} is ${reminder.offset === 'on_date' ? 'today' : 'on'} ${when(reminder.at)}`;
  return {
    subject: `[${caseRow.id}] Reminder: ${reminder.overdue ? `${what} overdue` : `${what} ${when(reminder.at)}`}`,
    text: [`Reminder for case ${caseRow.id}, ${title}: ${headline}.`, ...dates, '', ...footer].join('\n'),
  };
}
