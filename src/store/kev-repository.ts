import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { KevEntryTable } from './schema.js';

/** A stored KEV entry. */
export type KevEntryRow = Selectable<KevEntryTable>;

/** Stores the CISA KEV catalog; an entry is replaced by the same CVE in a newer catalog. */
export class KevRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Upserts every entry of a catalog in one transaction; returns how many were new. */
  async upsertCatalog(rows: readonly KevEntryRow[]): Promise<{ added: number; updated: number; unchanged: number }> {
    return this.#store.db.transaction().execute(async (tx) => {
      const existing = new Map<string, KevEntryRow>();
      for (let i = 0; i < rows.length; i += 2000) {
        const ids = rows.slice(i, i + 2000).map((r) => r.cve_id);
        for (const row of await tx.selectFrom('kev_entries').selectAll().where('cve_id', 'in', ids).execute()) existing.set(row.cve_id, row);
      }
      let added = 0;
      let updated = 0;
      let unchanged = 0;
      const writes: KevEntryRow[] = [];
      for (const row of rows) {
        const old = existing.get(row.cve_id);
        if (!old) added++;
        else if (sameEntry(old, row)) {
          unchanged++;
          continue;
        } else updated++;
        writes.push(row);
      }
      for (let i = 0; i < writes.length; i += 1000) {
        await tx
          .insertInto('kev_entries')
          .values(writes.slice(i, i + 1000))
          .onConflict((oc) =>
            oc.column('cve_id').doUpdateSet((eb) => ({
              date_added: eb.ref('excluded.date_added'),
              due_date: eb.ref('excluded.due_date'),
              known_ransomware_campaign_use: eb.ref('excluded.known_ransomware_campaign_use'),
              vendor_project: eb.ref('excluded.vendor_project'),
              product: eb.ref('excluded.product'),
              vulnerability_name: eb.ref('excluded.vulnerability_name'),
              required_action: eb.ref('excluded.required_action'),
              short_description: eb.ref('excluded.short_description'),
              notes: eb.ref('excluded.notes'),
              cwes: eb.ref('excluded.cwes'),
              catalog_version: eb.ref('excluded.catalog_version'),
            })),
          )
          .execute();
      }
      // A listing changes what the records about those CVEs mean (exploitation is now active):
      // they go on the change log, so exposures re-prioritize and due dates tighten.
      const changed = writes.map((w) => w.cve_id);
      for (let i = 0; i < changed.length; i += 1000) {
        const cves = changed.slice(i, i + 1000);
        const ids = new Set([
          ...(await tx.selectFrom('vulnerability_aliases').select('vuln_id').where('alias', 'in', cves).execute()).map((r) => r.vuln_id),
          ...(await tx.selectFrom('vulnerabilities').select('id').where('id', 'in', cves).execute()).map((r) => r.id),
        ]);
        if (ids.size > 0) await tx.insertInto('vulnerability_changes').values([...ids].map((vuln_id) => ({ vuln_id }))).execute();
      }
      return { added, updated, unchanged };
    });
  }

  /** KEV entries for any of the given CVE ids. */
  async forCves(cveIds: readonly string[]): Promise<KevEntryRow[]> {
    const ids = [...new Set(cveIds)].filter((id) => id.startsWith('CVE-'));
    if (ids.length === 0) return [];
    return this.#store.db.selectFrom('kev_entries').selectAll().where('cve_id', 'in', ids).execute();
  }

  /** Every KEV CVE id (the catalog is small: about 1,500 entries). */
  async allIds(): Promise<string[]> {
    return (await this.#store.db.selectFrom('kev_entries').select('cve_id').execute()).map((r) => r.cve_id);
  }
}

function sameEntry(a: KevEntryRow, b: KevEntryRow): boolean {
  return (Object.keys(b) as (keyof KevEntryRow)[]).every((k) => k === 'catalog_version' || a[k] === b[k]);
}
