import type { Insertable, Selectable } from 'kysely';
import type { Store } from './database.js';
import type { ClusterTable, FindingTable, ReportAttachmentTable, ReportTable } from './schema.js';

export type ReportRow = Selectable<ReportTable>;
export type FindingRow = Selectable<FindingTable>;
export type ClusterRow = Selectable<ClusterTable>;

/** A finding already stored, as deduplication needs it: its cluster and what it compares. */
export interface StoredFindingSubject {
  readonly id: string;
  readonly cluster_id: string;
  readonly subject: string;
  readonly linked_at: string;
}

/** Everything one submission writes, in one transaction. */
export interface ReportWrite {
  readonly report: Insertable<ReportTable>;
  readonly clusters: readonly Insertable<ClusterTable>[];
  readonly findings: readonly (Insertable<FindingTable> & { readonly keys: readonly string[] })[];
  readonly attachments: readonly { readonly sha256: string; readonly content: Uint8Array; readonly name: string; readonly mediaType: string }[];
  /** Organizations the report is shared with (the clearinghouse's). */
  readonly sharedWithOrgIds: readonly string[];
}

// Keys per IN list: far under both stores' parameter limits.
const KEY_CHUNK = 500;

/** Reports, their findings and clusters, and the keys that find a finding's candidate clusters. */
export class IntakeRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async reportByIdempotencyKey(ownerOrgId: string, key: string): Promise<ReportRow | undefined> {
    return this.#store.db.selectFrom('reports').selectAll().where('owner_org_id', '=', ownerOrgId).where('idempotency_key', '=', key).executeTakeFirst();
  }

  async report(id: string): Promise<ReportRow | undefined> {
    return this.#store.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findingsOfReport(reportId: string): Promise<FindingRow[]> {
    return this.#store.db.selectFrom('findings').selectAll().where('report_id', '=', reportId).orderBy('ordinal').execute();
  }

  /** The report's attachments (name, media type, SHA-256, size), in name order. */
  async attachmentsOf(reportId: string): Promise<{ sha256: string; name: string; media_type: string; size: number }[]> {
    return this.#store.db
      .selectFrom('report_attachments')
      .innerJoin('attachments', 'attachments.sha256', 'report_attachments.sha256')
      .select(['report_attachments.sha256', 'report_attachments.name', 'report_attachments.media_type', 'attachments.size'])
      .where('report_attachments.report_id', '=', reportId)
      .orderBy('report_attachments.name')
      .execute();
  }

  async finding(id: string): Promise<FindingRow | undefined> {
    return this.#store.db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async cluster(id: string): Promise<ClusterRow | undefined> {
    return this.#store.db.selectFrom('clusters').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findingsOfCluster(clusterId: string): Promise<FindingRow[]> {
    return this.#store.db.selectFrom('findings').selectAll().where('cluster_id', '=', clusterId).orderBy('linked_at').orderBy('id').execute();
  }

  /** Stored findings sharing at least one key, oldest cluster first. */
  async findingsWithKeys(keys: readonly string[]): Promise<StoredFindingSubject[]> {
    const found = new Map<string, StoredFindingSubject>();
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += KEY_CHUNK) {
      const rows = await this.#store.db
        .selectFrom('finding_keys')
        .innerJoin('findings', 'findings.id', 'finding_keys.finding_id')
        .select(['findings.id', 'findings.cluster_id', 'findings.subject', 'findings.linked_at'])
        .where('finding_keys.key', 'in', unique.slice(i, i + KEY_CHUNK))
        .execute();
      for (const row of rows) found.set(row.id, row);
    }
    return [...found.values()].sort((a, b) => (a.linked_at < b.linked_at ? -1 : a.linked_at > b.linked_at ? 1 : a.id < b.id ? -1 : 1));
  }

  /** The clusters each finding was split out of. */
  async exclusionsOf(findingIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const result = new Map<string, Set<string>>();
    if (findingIds.length === 0) return result;
    for (let i = 0; i < findingIds.length; i += KEY_CHUNK) {
      const rows = await this.#store.db.selectFrom('cluster_exclusions').selectAll().where('finding_id', 'in', findingIds.slice(i, i + KEY_CHUNK)).execute();
      for (const row of rows) {
        const set = result.get(row.finding_id) ?? new Set<string>();
        set.add(row.cluster_id);
        result.set(row.finding_id, set);
      }
    }
    return result;
  }

  /** Writes a submission whole: report, new clusters, findings with their keys, attachments, shares. */
  async insertReport(write: ReportWrite): Promise<void> {
    await this.#store.db.transaction().execute(async (tx) => {
      await tx.insertInto('reports').values(write.report).execute();
      if (write.clusters.length > 0) await tx.insertInto('clusters').values([...write.clusters]).execute();
      for (const { keys, ...finding } of write.findings) {
        await tx.insertInto('findings').values(finding).execute();
        for (let i = 0; i < keys.length; i += KEY_CHUNK) {
          const rows = [...new Set(keys.slice(i, i + KEY_CHUNK))].map((key) => ({ key, finding_id: finding.id }));
          if (rows.length > 0) await tx.insertInto('finding_keys').values(rows).onConflict((oc) => oc.doNothing()).execute();
        }
      }
      for (const a of write.attachments) {
        await tx
          .insertInto('attachments')
          .values({ sha256: a.sha256, size: a.content.byteLength, content: a.content, created_at: write.report.submitted_at })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        const link: Insertable<ReportAttachmentTable> = { report_id: write.report.id, sha256: a.sha256, name: a.name, media_type: a.mediaType };
        await tx.insertInto('report_attachments').values(link).onConflict((oc) => oc.doNothing()).execute();
      }
      const shares = write.sharedWithOrgIds.filter((orgId) => orgId !== write.report.owner_org_id).map((org_id) => ({ record_id: write.report.id, org_id }));
      if (shares.length > 0) await tx.insertInto('record_shares').values(shares).execute();
      await tx.insertInto('record_recipients').values({ record_id: write.report.id, user_id: write.report.submitted_by }).execute();
    });
  }

  /** Moves a finding to another cluster (an analyst's merge or split), recording who and why. */
  async moveFinding(move: { findingId: string; fromClusterId: string; toClusterId: string; newCluster?: Insertable<ClusterTable>; excludeFrom?: string; by: string; at: string; detail: string }): Promise<void> {
    await this.#store.db.transaction().execute(async (tx) => {
      if (move.newCluster) await tx.insertInto('clusters').values(move.newCluster).execute();
      await tx
        .updateTable('findings')
        .set({ cluster_id: move.toClusterId, link_rule: 'analyst', link_score: 1, link_detail: move.detail, linked_via: null, linked_by: move.by, linked_at: move.at })
        .where('id', '=', move.findingId)
        .execute();
      if (move.excludeFrom) {
        await tx
          .insertInto('cluster_exclusions')
          .values({ finding_id: move.findingId, cluster_id: move.excludeFrom, excluded_by: move.by, excluded_at: move.at })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      await tx.updateTable('clusters').set({ updated_at: move.at }).where('id', '=', move.toClusterId).execute();
      // The cluster it left keeps a canonical finding that is still in it: its oldest.
      const left = await tx.selectFrom('clusters').select('canonical_finding_id').where('id', '=', move.fromClusterId).executeTakeFirst();
      if (left?.canonical_finding_id === move.findingId) {
        const oldest = await tx.selectFrom('findings').select('id').where('cluster_id', '=', move.fromClusterId).orderBy('linked_at').orderBy('id').executeTakeFirst();
        if (oldest) await tx.updateTable('clusters').set({ canonical_finding_id: oldest.id, updated_at: move.at }).where('id', '=', move.fromClusterId).execute();
      }
    });
  }

  /** Organizations of a type (reports go to the clearinghouse's). */
  async organizationIdsOfType(type: string): Promise<string[]> {
    return (await this.#store.db.selectFrom('organizations').select('id').where('type', '=', type).execute()).map((r) => r.id);
  }
}
