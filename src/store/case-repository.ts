import { sql, type RawBuilder, type Selectable, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { CaseNoticeEvent } from './case-notice.js';
import type { Store } from './database.js';
import type { CaseAttachmentTable, CaseEventTable, CaseMessageTable, CaseParticipantTable, CaseTable, DatabaseSchema } from './schema.js';
import { withTimeZones } from './time-zone-repository.js';

export type CaseRow = Selectable<CaseTable>;
export type ParticipantRow = Selectable<CaseParticipantTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type CaseMessageRow = Selectable<CaseMessageTable>;
export type CaseAttachmentRow = Selectable<CaseAttachmentTable>;

/** A participant with its organization's name and type. */
export interface ParticipantWithOrg extends ParticipantRow {
  readonly org_name: string;
  readonly org_type: string;
}

/** A message with its author's name and organization's name. */
export interface MessageWithAuthor extends CaseMessageRow {
  readonly author_name: string;
  readonly org_name: string;
}

/** An attachment of a case, with its size. */
export interface CaseAttachmentWithSize extends CaseAttachmentRow {
  readonly size: number;
}

/** A report attachment of one of the cluster's reports. */
export interface ReportAttachmentOfCase {
  readonly report_id: string;
  readonly sha256: string;
  readonly name: string;
  readonly media_type: string;
  readonly size: number;
}

/** A subscription a case notice goes to, with the time zone of the user it e-mails (by address), if any. */
export interface NoticeTarget {
  readonly subscriptionId: string;
  readonly orgId: string;
  readonly kind: string;
  readonly readerTimeZone: string | null;
}

/** One change of a case, for its history. */
export interface NewCaseEvent {
  readonly caseId: string;
  readonly at: string;
  readonly actorUserId: string | null;
  /** The one participant organization (besides coordinators) that may read it; null for every reader of the case. */
  readonly orgId: string | null;
  readonly kind: string;
  readonly detail: object;
}

export const CASE_SORTS = ['updated', 'opened', 'embargo'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CasePage {
  readonly offset: number;
  readonly limit: number;
  readonly sort: CaseSort;
  readonly state?: string | undefined;
  /** Only cases where this organization is a vendor participant (the vendor portal). */
  readonly vendorOrgId?: string | undefined;
}

/** Cases and what hangs off them: reads here, every change through {@link CaseWriter} in one transaction. */
export class CaseRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Runs `change` in one transaction: the change and its history commit together or not at all. */
  async transaction<T>(change: (writer: CaseWriter) => Promise<T>): Promise<T> {
    return this.#store.db.transaction().execute((tx) => change(new CaseWriter(tx)));
  }

  async case(id: string): Promise<CaseRow | undefined> {
    return this.#store.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async caseWithCve(cveId: string): Promise<CaseRow | undefined> {
    return this.#store.db.selectFrom('cases').selectAll().where('cve_id', '=', cveId).executeTakeFirst();
  }

  async caseOfCluster(clusterId: string): Promise<CaseRow | undefined> {
    return this.#store.db.selectFrom('cases').selectAll().where('cluster_id', '=', clusterId).executeTakeFirst();
  }

  /** Cases `visible` admits, a page of them in the order asked, and how many there are. */
  async list(visible: RawBuilder<SqlBool>, page: CasePage): Promise<{ items: CaseRow[]; total: number }> {
    let base = this.#store.db.selectFrom('cases').where(visible);
    if (page.state !== undefined) base = base.where('cases.state', '=', page.state);
    const vendorOrgId = page.vendorOrgId;
    if (vendorOrgId !== undefined) {
      base = base.where((eb) =>
        eb.exists(eb.selectFrom('case_participants as p').select('p.case_id').whereRef('p.case_id', '=', 'cases.id').where('p.org_id', '=', vendorOrgId).where('p.role', '=', 'vendor')),
      );
    }
    const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    const ordered =
      page.sort === 'embargo'
        ? base.orderBy(sql`cases.embargo_until is null`).orderBy('cases.embargo_until')
        : base.orderBy(page.sort === 'opened' ? 'cases.opened_at' : 'cases.updated_at', 'desc');
    const items = await ordered.selectAll('cases').orderBy('cases.id').offset(page.offset).limit(page.limit).execute();
    return { items, total: Number(counted?.n ?? 0) };
  }

  async participants(caseId: string): Promise<ParticipantWithOrg[]> {
    return this.#store.db
      .selectFrom('case_participants')
      .innerJoin('organizations', 'organizations.id', 'case_participants.org_id')
      .selectAll('case_participants')
      .select(['organizations.name as org_name', 'organizations.type as org_type'])
      .where('case_participants.case_id', '=', caseId)
      .orderBy('case_participants.added_at')
      .orderBy('organizations.name')
      .execute();
  }

  /** Participant rows of many cases, with their organizations' names (for lists). */
  async participantsOfCases(caseIds: readonly string[]): Promise<ParticipantWithOrg[]> {
    if (caseIds.length === 0) return [];
    return this.#store.db
      .selectFrom('case_participants')
      .innerJoin('organizations', 'organizations.id', 'case_participants.org_id')
      .selectAll('case_participants')
      .select(['organizations.name as org_name', 'organizations.type as org_type'])
      .where('case_participants.case_id', 'in', [...caseIds])
      .execute();
  }

  /** The case's history, oldest first: all of it, or what organization `orgId` may read. */
  async events(caseId: string, scope: { readonly all: true } | { readonly orgId: string }): Promise<CaseEventRow[]> {
    let query = this.#store.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId);
    if (!('all' in scope)) query = query.where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', scope.orgId)]));
    return query.orderBy('id').execute();
  }

  /** The case's messages `visible` admits, oldest first. */
  async messages(caseId: string, visible: RawBuilder<SqlBool>, page: { offset: number; limit: number }): Promise<{ items: MessageWithAuthor[]; total: number }> {
    const base = this.#store.db
      .selectFrom('case_messages')
      .innerJoin('users', 'users.id', 'case_messages.author_user_id')
      .innerJoin('organizations', 'organizations.id', 'case_messages.owner_org_id')
      .where('case_messages.case_id', '=', caseId)
      .where(visible);
    const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    const items = await base
      .selectAll('case_messages')
      .select(['users.display_name as author_name', 'organizations.name as org_name'])
      .orderBy('case_messages.created_at')
      .orderBy('case_messages.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    return { items, total: Number(counted?.n ?? 0) };
  }

  /** The named recipients of records (RED messages). */
  async recipientsOf(recordIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (recordIds.length === 0) return result;
    const rows = await this.#store.db.selectFrom('record_recipients').selectAll().where('record_id', 'in', [...recordIds]).orderBy('user_id').execute();
    for (const row of rows) result.set(row.record_id, [...(result.get(row.record_id) ?? []), row.user_id]);
    return result;
  }

  /** Organizations a record is shared with. */
  async sharedWith(recordId: string): Promise<string[]> {
    return (await this.#store.db.selectFrom('record_shares').select('org_id').where('record_id', '=', recordId).execute()).map((r) => r.org_id);
  }

  async attachments(caseId: string): Promise<CaseAttachmentWithSize[]> {
    return this.#store.db
      .selectFrom('case_attachments')
      .innerJoin('attachments', 'attachments.sha256', 'case_attachments.sha256')
      .selectAll('case_attachments')
      .select('attachments.size')
      .where('case_attachments.case_id', '=', caseId)
      .orderBy('case_attachments.attached_at')
      .orderBy('case_attachments.sha256')
      .execute();
  }

  /** Attachments of the reports whose findings are in the cluster. */
  async reportAttachmentsOfCluster(clusterId: string): Promise<ReportAttachmentOfCase[]> {
    return this.#store.db
      .selectFrom('report_attachments')
      .innerJoin('attachments', 'attachments.sha256', 'report_attachments.sha256')
      .select(['report_attachments.report_id', 'report_attachments.sha256', 'report_attachments.name', 'report_attachments.media_type', 'attachments.size'])
      .where('report_attachments.report_id', 'in', (eb) => eb.selectFrom('findings').select('findings.report_id').where('findings.cluster_id', '=', clusterId))
      .orderBy('report_attachments.report_id')
      .orderBy('report_attachments.sha256')
      .execute();
  }

  /** An attachment's stored bytes. */
  async attachmentContent(sha256: string): Promise<Uint8Array | undefined> {
    const row = await this.#store.db.selectFrom('attachments').select('content').where('sha256', '=', sha256).executeTakeFirst();
    return row?.content;
  }

  async dismissedOffers(caseId: string): Promise<{ org_id: string; reason: string; dismissed_by: string; dismissed_at: string }[]> {
    return this.#store.db.selectFrom('case_offer_dismissals').select(['org_id', 'reason', 'dismissed_by', 'dismissed_at']).where('case_id', '=', caseId).execute();
  }

  async organizations(ids: readonly string[]): Promise<{ id: string; name: string; type: string }[]> {
    if (ids.length === 0) return [];
    return this.#store.db.selectFrom('organizations').select(['id', 'name', 'type']).where('id', 'in', [...new Set(ids)]).execute();
  }

  /** Users that are not disabled, by id, with their organization. */
  async activeUsers(ids: readonly string[]): Promise<{ id: string; org_id: string; display_name: string }[]> {
    if (ids.length === 0) return [];
    return this.#store.db.selectFrom('users').select(['id', 'org_id', 'display_name']).where('id', 'in', [...new Set(ids)]).where('disabled_at', 'is', null).execute();
  }

  /** Cases in `states`, whose dates may need reminders. */
  async casesInStates(states: readonly string[]): Promise<CaseRow[]> {
    return this.#store.db.selectFrom('cases').selectAll().where('state', 'in', [...states]).orderBy('id').execute();
  }

  /** The reminder keys already sent for each case. */
  async sentReminderKeys(caseIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const result = new Map<string, Set<string>>();
    if (caseIds.length === 0) return result;
    const rows = await this.#store.db.selectFrom('case_reminders_sent').select(['case_id', 'reminder_key']).where('case_id', 'in', [...caseIds]).execute();
    for (const row of rows) result.set(row.case_id, (result.get(row.case_id) ?? new Set()).add(row.reminder_key));
    return result;
  }
}

/** The writes of one case change, all inside one transaction. */
export class CaseWriter {
  readonly #tx: Transaction<DatabaseSchema>;

  constructor(tx: Transaction<DatabaseSchema>) {
    this.#tx = tx;
  }

  /** The transaction, for repositories whose writes join this change (CVE ids). */
  get transaction(): Transaction<DatabaseSchema> {
    return this.#tx;
  }

  /** The next case number of `year`: one counter row per year, incremented in place so concurrent openings never share a number. */
  async nextCaseNumber(year: number): Promise<number> {
    const row = await this.#tx
      .insertInto('case_sequences')
      .values({ year, last: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last: eb('case_sequences.last', '+', 1) })))
      .returning('last')
      .executeTakeFirstOrThrow();
    return Number(row.last);
  }

  async insertCase(row: CaseRow): Promise<void> {
    await this.#tx.insertInto('cases').values(row).execute();
  }

  /**
   * Changes a case; with `expectedState`, only while it is still in that state, so two
   * coordinators acting at once cannot both move it. False when nothing was changed.
   */
  async updateCase(id: string, change: Updateable<CaseTable>, expectedState?: string): Promise<boolean> {
    let query = this.#tx.updateTable('cases').set(change).where('id', '=', id);
    if (expectedState !== undefined) query = query.where('state', '=', expectedState);
    const result = await query.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Adds a participant; false when the organization already takes part in that role. */
  async addParticipant(row: ParticipantRow): Promise<boolean> {
    const inserted = await this.#tx.insertInto('case_participants').values(row).onConflict((oc) => oc.doNothing()).returning('org_id').executeTakeFirst();
    return inserted !== undefined;
  }

  async updateParticipant(key: { caseId: string; orgId: string; role: string }, change: Updateable<CaseParticipantTable>): Promise<void> {
    await this.#tx.updateTable('case_participants').set(change).where('case_id', '=', key.caseId).where('org_id', '=', key.orgId).where('role', '=', key.role).execute();
  }

  /** Lets an organization read the case, and the case's AMBER messages, as TLP:AMBER shares them with every participant. */
  async shareCase(caseId: string, orgId: string): Promise<void> {
    await this.#tx.insertInto('record_shares').values({ record_id: caseId, org_id: orgId }).onConflict((oc) => oc.doNothing()).execute();
    const amber = await this.#tx.selectFrom('case_messages').select('id').where('case_id', '=', caseId).where('tlp', '=', 'AMBER').where('owner_org_id', '!=', orgId).execute();
    if (amber.length > 0) {
      await this.#tx
        .insertInto('record_shares')
        .values(amber.map((m) => ({ record_id: m.id, org_id: orgId })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }

  async event(event: NewCaseEvent): Promise<void> {
    await this.#tx
      .insertInto('case_events')
      .values({ case_id: event.caseId, at: event.at, actor_user_id: event.actorUserId, org_id: event.orgId, kind: event.kind, detail: JSON.stringify(event.detail) })
      .execute();
  }

  /** Stores a message with the organizations (AMBER) or people (RED) it is for. */
  async insertMessage(row: CaseMessageRow, audience: { orgIds: readonly string[]; userIds: readonly string[] }): Promise<void> {
    await this.#tx.insertInto('case_messages').values(row).execute();
    const orgIds = [...new Set(audience.orgIds)].filter((id) => id !== row.owner_org_id);
    if (orgIds.length > 0) await this.#tx.insertInto('record_shares').values(orgIds.map((org_id) => ({ record_id: row.id, org_id }))).execute();
    const userIds = [...new Set(audience.userIds)];
    if (userIds.length > 0) await this.#tx.insertInto('record_recipients').values(userIds.map((user_id) => ({ record_id: row.id, user_id }))).execute();
  }

  /** Stores the bytes once by their SHA-256 and links them to the case. */
  async attach(row: CaseAttachmentRow, content: Uint8Array): Promise<void> {
    await this.#tx
      .insertInto('attachments')
      .values({ sha256: row.sha256, size: content.byteLength, content, created_at: row.attached_at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await this.#tx
      .insertInto('case_attachments')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'sha256', 'org_id']).doUpdateSet({ name: row.name, media_type: row.media_type, attached_by: row.attached_by, attached_at: row.attached_at }))
      .execute();
  }

  async dismissOffer(row: { case_id: string; org_id: string; reason: string; dismissed_by: string; dismissed_at: string }): Promise<void> {
    await this.#tx.insertInto('case_offer_dismissals').values(row).onConflict((oc) => oc.doNothing()).execute();
  }

  /**
   * Every enabled subscription of the organizations. Case notices are not exposures, so the
   * priority, asset and digest filters that choose exposures do not apply to them.
   */
  async noticeTargets(orgIds: readonly string[]): Promise<NoticeTarget[]> {
    if (orgIds.length === 0) return [];
    const rows = await withTimeZones(this.#tx)
      .selectFrom('subscriptions')
      .leftJoin('users', (join) => join.on(sql`lower(users.email)`, '=', sql`lower(subscriptions.target)`).onRef('users.org_id', '=', 'subscriptions.org_id'))
      .select(['subscriptions.id', 'subscriptions.org_id', 'subscriptions.kind', 'users.time_zone'])
      .where('subscriptions.org_id', 'in', [...new Set(orgIds)])
      .where('subscriptions.disabled_at', 'is', null)
      .orderBy('subscriptions.org_id')
      .orderBy('subscriptions.id')
      .execute();
    return rows.map((r) => ({ subscriptionId: r.id, orgId: r.org_id, kind: r.kind, readerTimeZone: r.time_zone ?? null }));
  }

  /** Writes a case notice to the outbox with its one delivery, as the daily digest does; a repeated key adds nothing. */
  async enqueueNotice(subscriptionId: string, event: CaseNoticeEvent, idempotencyKey: string, at: string): Promise<boolean> {
    const outbox = await this.#tx
      .insertInto('outbox')
      .values({ org_id: event.orgId, event_type: event.type, payload: JSON.stringify(event), idempotency_key: idempotencyKey, priority: null, asset_id: null, created_at: at })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!outbox) return false;
    await this.#tx.insertInto('deliveries').values({ outbox_id: outbox.id, subscription_id: subscriptionId, status: 'pending', attempts: 0, next_attempt_at: at, updated_at: at }).execute();
    return true;
  }

  /** Records a reminder as sent; false when it already was (by an earlier pass or another worker). */
  async markReminderSent(caseId: string, key: string, at: string): Promise<boolean> {
    const row = await this.#tx
      .insertInto('case_reminders_sent')
      .values({ case_id: caseId, reminder_key: key, sent_at: at })
      .onConflict((oc) => oc.doNothing())
      .returning('reminder_key')
      .executeTakeFirst();
    return row !== undefined;
  }
}
