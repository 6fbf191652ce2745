import { sql, type Insertable, type RawBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { Store } from './database.js';
import type { AssetTable, ComponentTable, DatabaseSchema, ExposureTable, SbomTable } from './schema.js';
import { OPEN_STATUSES } from '../domain/prioritization/remediation.js';

export type AssetRow = Selectable<AssetTable>;
export type SbomRow = Selectable<SbomTable>;
export type ComponentRow = Selectable<ComponentTable>;
export type ExposureRow = Selectable<ExposureTable>;

/** A package a component names, as the package → holders index keys it. */
export interface PackageKey {
  readonly ecosystemBase: string;
  readonly packageName: string;
}

export const EXPOSURE_SORTS = ['priority', 'due', 'cvss', 'first_seen'] as const;
export type ExposureSort = (typeof EXPOSURE_SORTS)[number];

/** Which exposures to list, in what order. */
export interface ExposureQuery {
  readonly ownerOrgId?: string;
  readonly assetId?: string;
  readonly vulnId?: string;
  readonly priorities?: readonly string[];
  readonly statuses?: readonly string[];
  /** Include exposures a VEX statement or the operator marked not_affected (hidden by default). */
  readonly includeNotAffected?: boolean;
  /** Only open work due before this date (YYYY-MM-DD): the overdue list. */
  readonly dueBefore?: string;
  readonly sort: ExposureSort;
  readonly offset: number;
  readonly limit: number;
}

/** An exposure as operators see it. */
export interface ExposureView {
  asset_id: string;
  asset_name: string;
  owner_org_id: string;
  component_id: number;
  component_name: string;
  component_version: string | null;
  purl: string | null;
  vuln_id: string;
  fixed_version: string | null;
  priority: string;
  priority_rank: number;
  timeline: string;
  cvss_score: number | null;
  in_kev: boolean;
  epss: number | null;
  vex_status: string | null;
  vex_justification: string | null;
  first_seen: string;
  status: string;
  due_date: string | null;
  status_updated_at: string;
}

/** An exposure an asset had before a new SBOM replaced the old one. */
export interface PreviousExposure {
  vuln_id: string;
  priority: string;
  name: string;
  version: string | null;
  purl: string | null;
}

/** Assets, their SBOM history, components and exposures. */
export class InventoryRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async insertAsset(row: AssetRow): Promise<void> {
    await this.#store.db.insertInto('assets').values(row).execute();
  }

  async assetByName(ownerOrgId: string, name: string): Promise<AssetRow | undefined> {
    return this.#store.db.selectFrom('assets').selectAll().where('owner_org_id', '=', ownerOrgId).where('name', '=', name).executeTakeFirst();
  }

  async assetById(id: string): Promise<AssetRow | undefined> {
    return this.#store.db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A page of the assets `visible` lets through (the access layer's list filter), by name. */
  async listAssets(visible: RawBuilder<SqlBool>, page: { offset: number; limit: number }): Promise<AssetRow[]> {
    return this.#store.db
      .selectFrom('assets')
      .selectAll()
      .where(visible)
      .orderBy('name')
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
  }

  /**
   * Stores a new current SBOM of an asset with its components in one transaction,
   * then lets `exposuresOf` write its exposures in the same transaction: an upload
   * is all there or not at all.
   */
  async replaceSbom(
    sbom: SbomRow,
    components: readonly Omit<Insertable<ComponentTable>, 'sbom_id' | 'asset_id'>[],
    exposuresOf: (tx: Transaction<DatabaseSchema>, stored: readonly ComponentRow[], previous: readonly PreviousExposure[]) => Promise<void>,
  ): Promise<void> {
    await this.#store.db.transaction().execute(async (tx) => {
      // A write first: on SQLite it takes the write lock before anything is read.
      await tx.insertInto('sboms').values(sbom).execute();
      const previous = await tx
        .selectFrom('exposures')
        .innerJoin('components', 'components.id', 'exposures.component_id')
        .select(['exposures.vuln_id', 'exposures.priority', 'components.name', 'components.version', 'components.purl'])
        .where('exposures.asset_id', '=', sbom.asset_id)
        .execute();
      const stored: ComponentRow[] = [];
      for (let i = 0; i < components.length; i += 500) {
        const chunk = components.slice(i, i + 500).map((c) => ({ ...c, sbom_id: sbom.id, asset_id: sbom.asset_id }));
        stored.push(...(await tx.insertInto('components').values(chunk).returningAll().execute()));
      }
      // Exposures belong to the current SBOM only: the previous one's are replaced.
      await tx.deleteFrom('exposures').where('asset_id', '=', sbom.asset_id).execute();
      await tx.updateTable('assets').set({ current_sbom_id: sbom.id }).where('id', '=', sbom.asset_id).execute();
      await exposuresOf(tx, stored, previous);
    });
  }

  /** Inserts or refreshes exposures; returns each row's key with its first_seen, which an existing row keeps. */
  async insertExposures(tx: Transaction<DatabaseSchema>, rows: readonly ExposureRow[]): Promise<{ component_id: number; first_seen: string }[]> {
    const written: { component_id: number; first_seen: string }[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = await tx
        .insertInto('exposures')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) =>
          oc.columns(['asset_id', 'component_id', 'vuln_id']).doUpdateSet((eb) => ({
            fixed_version: eb.ref('excluded.fixed_version'),
            updated_at: eb.ref('excluded.updated_at'),
            priority: eb.ref('excluded.priority'),
            priority_rank: eb.ref('excluded.priority_rank'),
            timeline: eb.ref('excluded.timeline'),
            cvss_score: eb.ref('excluded.cvss_score'),
            in_kev: eb.ref('excluded.in_kev'),
            epss: eb.ref('excluded.epss'),
            vex_status: eb.ref('excluded.vex_status'),
            vex_justification: eb.ref('excluded.vex_justification'),
          })),
        )
        .returning(['component_id', 'first_seen'])
        .execute();
      written.push(...chunk.map((r) => ({ component_id: Number(r.component_id), first_seen: r.first_seen })));
    }
    return written;
  }

  /** Components of current SBOMs that name one of the packages: the package → holders index. */
  async currentComponentsOf(packages: readonly PackageKey[]): Promise<ComponentRow[]> {
    // One ecosystem and an IN list of names per query: SQLite's planner reads an OR of
    // (ecosystem, name) pairs through the ecosystem prefix of the index only, a scan of the
    // whole ecosystem (300 ms for a 371-package AlmaLinux advisory over 500,000 components).
    const namesByEcosystem = new Map<string, string[]>();
    for (const p of packages) {
      const names = namesByEcosystem.get(p.ecosystemBase);
      if (names) names.push(p.packageName);
      else namesByEcosystem.set(p.ecosystemBase, [p.packageName]);
    }
    const rows: ComponentRow[] = [];
    for (const [ecosystem, names] of namesByEcosystem) {
      const unique = [...new Set(names)];
      for (let i = 0; i < unique.length; i += 500) {
        rows.push(
          ...(await this.#store.db
            .selectFrom('components')
            .innerJoin('assets', (join) => join.onRef('assets.id', '=', 'components.asset_id').onRef('assets.current_sbom_id', '=', 'components.sbom_id'))
            .selectAll('components')
            .where('components.ecosystem', '=', ecosystem)
            .where('components.package_name', 'in', unique.slice(i, i + 500))
            .execute()),
        );
      }
    }
    return rows;
  }

  /** Applies what changed advisories now say about the components they touch, and `alsoInTransaction`, in one transaction. */
  async applyAdvisoryChanges(
    changes: readonly { vulnId: string; exposed: readonly ExposureRow[]; touched: readonly number[] }[],
    alsoInTransaction: (tx: Transaction<DatabaseSchema>, diff: { appeared: ExposureRow[]; disappeared: Pick<ExposureRow, 'asset_id' | 'component_id' | 'vuln_id' | 'priority'>[] }) => Promise<void>,
  ): Promise<void> {
    await this.#store.db.transaction().execute(async (tx) => {
      const appeared: ExposureRow[] = [];
      const disappeared: Pick<ExposureRow, 'asset_id' | 'component_id' | 'vuln_id' | 'priority'>[] = [];
      for (const { vulnId, exposed, touched } of changes) {
        const keep = new Set(exposed.map((e) => e.component_id));
        const gone = touched.filter((id) => !keep.has(id));
        for (let i = 0; i < gone.length; i += 500) {
          disappeared.push(
            ...(await tx
              .deleteFrom('exposures')
              .where('vuln_id', '=', vulnId)
              .where('component_id', 'in', gone.slice(i, i + 500))
              .returning(['asset_id', 'component_id', 'vuln_id', 'priority'])
              .execute()),
          );
        }
        // One upsert; a row keeps its first_seen when it existed, so those that come back with this change's time are new.
        const written = await this.insertExposures(tx, exposed);
        const added = new Set(written.filter((w) => w.first_seen === exposed[0]?.first_seen).map((w) => Number(w.component_id)));
        appeared.push(...exposed.filter((e) => added.has(e.component_id)));
      }
      await alsoInTransaction(tx, { appeared, disappeared: disappeared.map((d) => ({ ...d, component_id: Number(d.component_id) })) });
    });
  }

  /**
   * A page of exposures on the assets `visible` lets through (the access layer's filter),
   * joined with their component and remediation. The status shown is the remediation's,
   * or not_affected where a VEX statement says so.
   */
  async listExposures(visible: RawBuilder<SqlBool>, query: ExposureQuery): Promise<{ rows: ExposureView[]; total: number }> {
    const status = sql<string>`case when exposures.vex_status = 'not_affected' then 'not_affected' else remediations.status end`;
    let base = this.#store.db
      .selectFrom('exposures')
      .innerJoin('assets', 'assets.id', 'exposures.asset_id')
      .innerJoin('components', 'components.id', 'exposures.component_id')
      .innerJoin('remediations', (join) => join.onRef('remediations.asset_id', '=', 'exposures.asset_id').onRef('remediations.vuln_id', '=', 'exposures.vuln_id'))
      .where(visible);
    if (query.ownerOrgId !== undefined) base = base.where('assets.owner_org_id', '=', query.ownerOrgId);
    if (query.assetId !== undefined) base = base.where('exposures.asset_id', '=', query.assetId);
    if (query.vulnId !== undefined) base = base.where('exposures.vuln_id', '=', query.vulnId);
    if (query.priorities !== undefined) base = base.where('exposures.priority', 'in', [...query.priorities]);
    if (query.statuses !== undefined) base = base.where(status, 'in', [...query.statuses]);
    else if (!query.includeNotAffected) base = base.where(status, '!=', 'not_affected');
    if (query.dueBefore !== undefined) base = base.where('remediations.due_date', '<', query.dueBefore).where('remediations.status', 'in', [...OPEN_STATUSES]).where(sql<SqlBool>`coalesce(exposures.vex_status, '') != 'not_affected'`);
    const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    let rows = base
      .select([
        'exposures.asset_id',
        'assets.name as asset_name',
        'assets.owner_org_id',
        'exposures.component_id',
        'components.name as component_name',
        'components.version as component_version',
        'components.purl',
        'exposures.vuln_id',
        'exposures.fixed_version',
        'exposures.priority',
        'exposures.priority_rank',
        'exposures.timeline',
        'exposures.cvss_score',
        'exposures.in_kev',
        'exposures.epss',
        'exposures.vex_status',
        'exposures.vex_justification',
        'exposures.first_seen',
        'remediations.due_date',
        'remediations.updated_at as status_updated_at',
      ])
      .select(status.as('status'));
    const dueLast = sql`case when remediations.due_date is null then 1 else 0 end`;
    switch (query.sort) {
      case 'priority':
        rows = rows.orderBy('exposures.priority_rank', 'desc').orderBy('exposures.in_kev', 'desc').orderBy(sql`coalesce(exposures.cvss_score, -1)`, 'desc').orderBy(sql`coalesce(exposures.epss, -1)`, 'desc').orderBy(dueLast).orderBy('remediations.due_date');
        break;
      case 'due':
        rows = rows.orderBy(dueLast).orderBy('remediations.due_date').orderBy('exposures.priority_rank', 'desc');
        break;
      case 'cvss':
        rows = rows.orderBy(sql`coalesce(exposures.cvss_score, -1)`, 'desc').orderBy('exposures.priority_rank', 'desc');
        break;
      case 'first_seen':
        rows = rows.orderBy('exposures.first_seen', 'desc');
        break;
    }
    const page = await rows.orderBy('assets.name').orderBy('exposures.vuln_id').orderBy('components.name').orderBy('exposures.component_id').offset(query.offset).limit(query.limit).execute();
    return { rows: page.map((r) => ({ ...r, component_id: Number(r.component_id), in_kev: Number(r.in_kev) === 1 })), total: Number(counted?.n ?? 0) };
  }

  /** The change-log sequence number the exposures have been brought up to. */
  async appliedSeq(): Promise<number> {
    const row = await this.#store.db.selectFrom('inventory_progress').select('seq').where('name', '=', 'exposures').executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async setAppliedSeq(seq: number, tx?: Transaction<DatabaseSchema>): Promise<void> {
    await (tx ?? this.#store.db)
      .insertInto('inventory_progress')
      .values({ name: 'exposures', seq })
      .onConflict((oc) => oc.column('name').doUpdateSet({ seq }))
      .execute();
  }

  async hasComponents(): Promise<boolean> {
    return (await this.#store.db.selectFrom('components').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  async assetsByIds(ids: readonly string[]): Promise<AssetRow[]> {
    const unique = [...new Set(ids)];
    const rows: AssetRow[] = [];
    for (let i = 0; i < unique.length; i += 500) rows.push(...(await this.#store.db.selectFrom('assets').selectAll().where('id', 'in', unique.slice(i, i + 500)).execute()));
    return rows;
  }

  async componentsOfSbom(sbomId: string): Promise<ComponentRow[]> {
    return this.#store.db.selectFrom('components').selectAll().where('sbom_id', '=', sbomId).orderBy('id').execute();
  }

  async sbomHistory(assetId: string): Promise<SbomRow[]> {
    return this.#store.db.selectFrom('sboms').selectAll().where('asset_id', '=', assetId).orderBy('uploaded_at', 'desc').execute();
  }
}
