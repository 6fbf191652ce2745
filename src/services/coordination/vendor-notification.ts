import { DEFAULT_EMBARGO_DAYS, EXPLOITED_EMBARGO_DAYS, acknowledgementDeadline, embargoDate } from '../../domain/coordination/embargo-policy.js';
import type { CaseRow, CaseWriter, ParticipantRow } from '../../store/case-repository.js';
import { enqueueCaseNotice } from './case-notices.js';

/**
 * Tells vendors of a case, inside the transaction of the change that does it (the move to
 * 'vendor_notified', or adding a vendor to a case already notified). The first notification
 * starts the clock: it sets the embargo end (90 days, or 7 when exploited or in KEV); vendors
 * told later get their own acknowledgement date but leave the embargo as it is. Each vendor
 * may read the case from now on and hears of it through its subscriptions. Returns the case
 * with its dates.
 */
export async function notifyVendors(
  writer: CaseWriter,
  input: { row: CaseRow; vendors: readonly Pick<ParticipantRow, 'org_id'>[]; exploitation: { exploited: boolean; kevCves: readonly string[] }; at: string; actorUserId: string },
): Promise<CaseRow> {
  const { at } = input;
  let row = input.row;
  if (row.vendor_notified_at === null) {
    const until = embargoDate({ vendorNotifiedAt: new Date(at), exploited: input.exploitation.exploited }).toISOString();
    await writer.updateCase(row.id, { vendor_notified_at: at, embargo_until: until, updated_at: at });
    row = { ...row, vendor_notified_at: at, embargo_until: until, updated_at: at };
    await writer.event({
      caseId: row.id,
      at,
      actorUserId: input.actorUserId,
      orgId: null,
      kind: 'embargo_set',
      detail: {
        from: at,
        until,
        days: input.exploitation.exploited ? EXPLOITED_EMBARGO_DAYS : DEFAULT_EMBARGO_DAYS,
        exploited: input.exploitation.exploited,
        kevCves: input.exploitation.kevCves,
      },
    });
  }
  for (const vendor of input.vendors) {
    const acknowledgementDue = acknowledgementDeadline(new Date(at)).toISOString();
    await writer.updateParticipant({ caseId: row.id, orgId: vendor.org_id, role: 'vendor' }, { notified_at: at, acknowledgement_due: acknowledgementDue, updated_at: at });
    await writer.shareCase(row.id, vendor.org_id);
    const deliveries = await enqueueCaseNotice(writer, {
      type: 'case.vendor_notified',
      caseRow: row,
      orgIds: [vendor.org_id],
      acknowledgementDue,
      reminder: null,
      key: `notified/${vendor.org_id}`,
      at,
    });
    await writer.event({
      caseId: row.id,
      at,
      actorUserId: input.actorUserId,
      orgId: vendor.org_id,
      kind: 'vendor_notified',
      detail: { orgId: vendor.org_id, acknowledgementDue, deliveries: deliveries[vendor.org_id] ?? 0 },
    });
  }
  return row;
}
