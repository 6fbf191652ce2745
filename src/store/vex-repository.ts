import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Store } from './database.js';
import type { DatabaseSchema, VexStatementTable } from './schema.js';

export type VexStatementRow = Selectable<VexStatementTable>;

/** An exposure a VEX statement may speak about. */
export interface VexCandidate {
  asset_id: string;
  owner_org_id: string;
  component_id: number;
  vuln_id: string;
  package_purl: string;
  version: string | null;
}

/** VEX statements as received, and the exposures they speak about. */
export class VexRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * The statements that can apply to assets of `ownerOrgIds` about these packages: the
   * owner's own, and those vendors published for everyone. Oldest first, so the newest
   * statement about an exposure is applied last and wins.
   */
  async statementsFor(packagePurls: readonly string[], ownerOrgIds: readonly string[]): Promise<VexStatementRow[]> {
    const purls = [...new Set(packagePurls)];
    const orgs = [...new Set(ownerOrgIds)];
    if (purls.length === 0 || orgs.length === 0) return [];
    const rows: VexStatementRow[] = [];
    for (let i = 0; i < purls.length; i += 500) {
      rows.push(
        ...(await this.#store.db
          .selectFrom('vex_statements')
          .innerJoin('organizations', 'organizations.id', 'vex_statements.org_id')
          .selectAll('vex_statements')
          .where('vex_statements.product_purl', 'in', purls.slice(i, i + 500))
          .where((eb) => eb.or([eb('vex_statements.org_id', 'in', orgs), eb('organizations.type', '=', 'vendor')]))
          .execute()),
      );
    }
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Stores statements and sets the VEX status of the exposures they decide, in one transaction. */
  async record(
    statements: readonly Insertable<VexStatementTable>[],
    decided: (tx: Transaction<DatabaseSchema>) => Promise<readonly { asset_id: string; component_id: number; vuln_id: string; vex_status: string; vex_justification: string | null }[]>,
  ): Promise<number> {
    return this.#store.db.transaction().execute(async (tx) => {
      for (let i = 0; i < statements.length; i += 200) await tx.insertInto('vex_statements').values(statements.slice(i, i + 200)).execute();
      const updates = await decided(tx);
      for (const u of updates) {
        await tx
          .updateTable('exposures')
          .set({ vex_status: u.vex_status, vex_justification: u.vex_justification })
          .where('asset_id', '=', u.asset_id)
          .where('component_id', '=', u.component_id)
          .where('vuln_id', '=', u.vuln_id)
          .execute();
      }
      return updates.length;
    });
  }

  /** Current exposures of these vulnerabilities on components of these packages, on assets the filter names. */
  async candidates(tx: Transaction<DatabaseSchema>, vulnIds: readonly string[], packagePurls: readonly string[], scope: { ownerOrgId?: string; assetId?: string }): Promise<VexCandidate[]> {
    if (vulnIds.length === 0 || packagePurls.length === 0) return [];
    let query = tx
      .selectFrom('exposures')
      .innerJoin('components', 'components.id', 'exposures.component_id')
      .innerJoin('assets', 'assets.id', 'exposures.asset_id')
      .select(['exposures.asset_id', 'assets.owner_org_id', 'exposures.component_id', 'exposures.vuln_id', 'components.package_purl', 'components.version'])
      .where('exposures.vuln_id', 'in', [...new Set(vulnIds)])
      .where('components.package_purl', 'in', [...new Set(packagePurls)]);
    if (scope.ownerOrgId !== undefined) query = query.where('assets.owner_org_id', '=', scope.ownerOrgId);
    if (scope.assetId !== undefined) query = query.where('exposures.asset_id', '=', scope.assetId);
    return (await query.execute()).map((r) => ({ ...r, component_id: Number(r.component_id), package_purl: r.package_purl! }));
  }
}
