import type { Insertable, RawBuilder, SqlBool } from 'kysely';
import type { Store } from './database.js';
import type { ClusterRow, FindingRow } from './intake-repository.js';
import type { ClusterTable } from './schema.js';

/** One row of the intake queue: a cluster, its canonical finding's title, and how much it holds. */
export interface ClusterSummaryRow {
  readonly id: string;
  readonly canonical_finding_id: string;
  readonly title: string;
  readonly findings: number;
  readonly reports: number;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A finding with the report it came in. */
export interface ClusterFindingRow extends FindingRow {
  readonly format: string;
  readonly tlp: string;
  readonly source_kind: string;
  readonly source_name: string;
  readonly submitted_at: string;
}

/** Where reclustering puts one finding; unchanged findings are left out. */
export interface FindingPlacementWrite {
  readonly id: string;
  readonly cluster_id: string;
  readonly link_rule: string | null;
  readonly link_score: number | null;
  readonly link_detail: string | null;
  readonly linked_via: string | null;
}

/** A finding as reclustering reads it, oldest first. */
export interface ClusteredFinding {
  readonly id: string;
  readonly cluster_id: string;
  readonly subject: string;
  readonly linked_by: string | null;
  readonly link_rule: string | null;
  readonly link_score: number | null;
  readonly linked_via: string | null;
}

export const CLUSTER_SORTS = ['updated', 'created', 'size'] as const;
export type ClusterSort = (typeof CLUSTER_SORTS)[number];

/** The intake queue's reads and the analysts' changes to clusters. */
export class ClusterRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * Clusters holding at least one finding whose report `visible` admits, with counts of
   * those findings only. Merged-away clusters are empty and so never listed.
   */
  async list(visible: RawBuilder<SqlBool>, page: { offset: number; limit: number; sort: ClusterSort }): Promise<{ items: ClusterSummaryRow[]; total: number }> {
    const base = this.#store.db
      .selectFrom('clusters')
      .innerJoin('findings', 'findings.cluster_id', 'clusters.id')
      .innerJoin('reports', 'reports.id', 'findings.report_id')
      .where(visible);
    const counted = await base.select((eb) => eb.fn.count<number | string>('clusters.id').distinct().as('n')).executeTakeFirst();
    const rows = await base
      .innerJoin('findings as canonical', 'canonical.id', 'clusters.canonical_finding_id')
      .select((eb) => [
        'clusters.id',
        'clusters.canonical_finding_id',
        'canonical.title',
        'clusters.created_at',
        'clusters.updated_at',
        eb.fn.count<number | string>('findings.id').as('findings'),
        eb.fn.count<number | string>('findings.report_id').distinct().as('reports'),
      ])
      .groupBy(['clusters.id', 'clusters.canonical_finding_id', 'canonical.title', 'clusters.created_at', 'clusters.updated_at'])
      .$call((q) =>
        page.sort === 'size'
          ? q.orderBy((eb) => eb.fn.count('findings.id'), 'desc')
          : q.orderBy(page.sort === 'created' ? 'clusters.created_at' : 'clusters.updated_at', 'desc'),
      )
      .orderBy('clusters.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    return {
      total: Number(counted?.n ?? 0),
      items: rows.map((r) => ({ ...r, findings: Number(r.findings), reports: Number(r.reports) })),
    };
  }

  /** The cluster's findings whose report `visible` admits, oldest first. */
  async findings(clusterId: string, visible: RawBuilder<SqlBool>): Promise<ClusterFindingRow[]> {
    return this.#store.db
      .selectFrom('findings')
      .innerJoin('reports', 'reports.id', 'findings.report_id')
      .selectAll('findings')
      .select(['reports.format', 'reports.tlp', 'reports.source_kind', 'reports.source_name', 'reports.submitted_at'])
      .where('findings.cluster_id', '=', clusterId)
      .where(visible)
      .orderBy('findings.linked_at')
      .orderBy('findings.id')
      .execute();
  }

  /** Findings an analyst split out of the cluster. */
  async excludedFrom(clusterId: string): Promise<{ finding_id: string; excluded_by: string; excluded_at: string }[]> {
    return this.#store.db.selectFrom('cluster_exclusions').select(['finding_id', 'excluded_by', 'excluded_at']).where('cluster_id', '=', clusterId).orderBy('excluded_at').execute();
  }

  /**
   * Moves every finding of `from` into `into`, as the analyst's placement, and leaves `from`
   * pointing at `into`. A finding split out of `from` stays out of `into` too.
   */
  async merge(merge: { from: string; into: string; by: string; at: string; detail: string }): Promise<void> {
    await this.#store.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('findings')
        .set({ cluster_id: merge.into, link_rule: 'analyst', link_score: 1, link_detail: merge.detail, linked_via: null, linked_by: merge.by })
        .where('cluster_id', '=', merge.from)
        .execute();
      const excluded = await tx.selectFrom('cluster_exclusions').select('finding_id').where('cluster_id', '=', merge.from).execute();
      if (excluded.length > 0) {
        await tx
          .insertInto('cluster_exclusions')
          .values(excluded.map((e) => ({ finding_id: e.finding_id, cluster_id: merge.into, excluded_by: merge.by, excluded_at: merge.at })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      await tx.updateTable('clusters').set({ merged_into: merge.into, updated_at: merge.at }).where('id', '=', merge.from).execute();
      // Clusters merged into `from` earlier now lead to `into` directly.
      await tx.updateTable('clusters').set({ merged_into: merge.into }).where('merged_into', '=', merge.from).execute();
      await tx.updateTable('clusters').set({ updated_at: merge.at }).where('id', '=', merge.into).execute();
    });
  }

  async setCanonical(clusterId: string, findingId: string, at: string): Promise<void> {
    await this.#store.db.updateTable('clusters').set({ canonical_finding_id: findingId, updated_at: at }).where('id', '=', clusterId).execute();
  }

  /** Every finding, oldest first, as reclustering replays them. */
  async allFindings(): Promise<ClusteredFinding[]> {
    return this.#store.db
      .selectFrom('findings')
      .select(['id', 'cluster_id', 'subject', 'linked_by', 'link_rule', 'link_score', 'linked_via'])
      .orderBy('linked_at')
      .orderBy('id')
      .execute();
  }

  async allExclusions(): Promise<{ finding_id: string; cluster_id: string }[]> {
    return this.#store.db.selectFrom('cluster_exclusions').select(['finding_id', 'cluster_id']).execute();
  }

  async allClusters(): Promise<ClusterRow[]> {
    return this.#store.db.selectFrom('clusters').selectAll().execute();
  }

  /**
   * Writes a reclustering in one transaction: new clusters, moved findings, every finding's
   * index keys as the current rules compute them, canonical findings, and emptied clusters
   * pointing at where their canonical finding went.
   */
  async applyReclustering(write: {
    newClusters: readonly Insertable<ClusterTable>[];
    moved: readonly FindingPlacementWrite[];
    keys: ReadonlyMap<string, readonly string[]>;
    canonical: ReadonlyMap<string, string>;
    emptied: ReadonlyMap<string, string>;
    at: string;
  }): Promise<void> {
    await this.#store.db.transaction().execute(async (tx) => {
      if (write.newClusters.length > 0) await tx.insertInto('clusters').values([...write.newClusters]).execute();
      for (const { id, ...placement } of write.moved) await tx.updateTable('findings').set(placement).where('id', '=', id).execute();
      await tx.deleteFrom('finding_keys').execute();
      const rows = [...write.keys].flatMap(([finding_id, keys]) => [...new Set(keys)].map((key) => ({ key, finding_id })));
      // Far under both stores' parameter limits (two per row).
      for (let i = 0; i < rows.length; i += 500) await tx.insertInto('finding_keys').values(rows.slice(i, i + 500)).execute();
      for (const [clusterId, findingId] of write.canonical) {
        await tx.updateTable('clusters').set({ canonical_finding_id: findingId, updated_at: write.at }).where('id', '=', clusterId).where('canonical_finding_id', '!=', findingId).execute();
      }
      for (const [clusterId, into] of write.emptied) {
        await tx.updateTable('clusters').set({ merged_into: into, updated_at: write.at }).where('id', '=', clusterId).execute();
      }
    });
  }
}
