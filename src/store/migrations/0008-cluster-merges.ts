import type { Kysely } from 'kysely';

/**
 * An analyst's merge empties a cluster into another. The emptied cluster stays, pointing
 * at the one it went into, so links to it (in mail, in a browser's history) still lead
 * somewhere. A finding keeps the other clusters it also linked to, so the analyst is
 * offered every candidate, not only the one the rules chose.
 */
export function clusterMerges() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('clusters').addColumn('merged_into', 'text').execute();
      await db.schema.alterTable('findings').addColumn('link_alternatives', 'text').execute();
    },
  };
}
