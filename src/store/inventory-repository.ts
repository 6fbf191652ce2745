import type { Insertable, RawBuilder, Selectable, SqlBool, Transaction } from 'kysely';
import type { Store } from './database.js';
import type { AssetTable, ComponentTable, DatabaseSchema, ExposureTable, SbomTable } from './schema.js';

export type AssetRow = Selectable<AssetTable>;
export type SbomRow = Selectable<SbomTable>;
export type ComponentRow = Selectable<ComponentTable>;
export type ExposureRow = Selectable<ExposureTable>;

/** A package a component names, as the package → holders index keys it. */
export interface PackageKey {
  readonly ecosystemBase: string;
  readonly packageName: string;
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
    exposuresOf: (tx: Transaction<DatabaseSchema>, stored: readonly ComponentRow[]) => Promise<void>,
  ): Promise<void> {
    await this.#store.db.transaction().execute(async (tx) => {
      await tx.insertInto('sboms').values(sbom).execute();
      const stored: ComponentRow[] = [];
      for (let i = 0; i < components.length; i += 500) {
        const chunk = components.slice(i, i + 500).map((c) => ({ ...c, sbom_id: sbom.id, asset_id: sbom.asset_id }));
        stored.push(...(await tx.insertInto('components').values(chunk).returningAll().execute()));
      }
      // Exposures belong to the current SBOM only: the previous one's are replaced.
      await tx.deleteFrom('exposures').where('asset_id', '=', sbom.asset_id).execute();
      await tx.updateTable('assets').set({ current_sbom_id: sbom.id }).where('id', '=', sbom.asset_id).execute();
      await exposuresOf(tx, stored);
    });
  }

  async insertExposures(tx: Transaction<DatabaseSchema>, rows: readonly ExposureRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('exposures')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['asset_id', 'component_id', 'vuln_id']).doUpdateSet((eb) => ({ fixed_version: eb.ref('excluded.fixed_version'), updated_at: eb.ref('excluded.updated_at') })))
        .execute();
    }
  }

  /** Components of current SBOMs that name one of the packages: the package → holders index. */
  async currentComponentsOf(packages: readonly PackageKey[]): Promise<ComponentRow[]> {
    if (packages.length === 0) return [];
    const rows: ComponentRow[] = [];
    for (let i = 0; i < packages.length; i += 200) {
      const chunk = packages.slice(i, i + 200);
      rows.push(
        ...(await this.#store.db
          .selectFrom('components')
          .innerJoin('assets', (join) => join.onRef('assets.current_sbom_id', '=', 'components.sbom_id'))
          .selectAll('components')
          .where((eb) => eb.or(chunk.map((p) => eb.and([eb('components.ecosystem', '=', p.ecosystemBase), eb('components.package_name', '=', p.packageName)]))))
          .execute()),
      );
    }
    return rows;
  }

  /** Applies what changed advisories now say about the components they touch, in one transaction. */
  async applyAdvisoryChanges(changes: readonly { vulnId: string; exposed: readonly ExposureRow[]; touched: readonly number[] }[]): Promise<void> {
    if (changes.length === 0) return;
    await this.#store.db.transaction().execute(async (tx) => {
      for (const { vulnId, exposed, touched } of changes) {
        const keep = new Set(exposed.map((e) => e.component_id));
        const gone = touched.filter((id) => !keep.has(id));
        for (let i = 0; i < gone.length; i += 500) {
          await tx.deleteFrom('exposures').where('vuln_id', '=', vulnId).where('component_id', 'in', gone.slice(i, i + 500)).execute();
        }
        await this.insertExposures(tx, exposed);
      }
    });
  }

  async exposuresOfAsset(assetId: string): Promise<(ExposureRow & { component_name: string; component_version: string | null; purl: string | null })[]> {
    return this.#store.db
      .selectFrom('exposures')
      .innerJoin('components', 'components.id', 'exposures.component_id')
      .selectAll('exposures')
      .select(['components.name as component_name', 'components.version as component_version', 'components.purl'])
      .where('exposures.asset_id', '=', assetId)
      .orderBy('exposures.vuln_id')
      .orderBy('components.name')
      .execute();
  }

  async componentsOfSbom(sbomId: string): Promise<ComponentRow[]> {
    return this.#store.db.selectFrom('components').selectAll().where('sbom_id', '=', sbomId).orderBy('id').execute();
  }

  async sbomHistory(assetId: string): Promise<SbomRow[]> {
    return this.#store.db.selectFrom('sboms').selectAll().where('asset_id', '=', assetId).orderBy('uploaded_at', 'desc').execute();
  }
}
