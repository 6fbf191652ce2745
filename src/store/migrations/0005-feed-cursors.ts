import type { Kysely } from 'kysely';

/**
 * The change feed (GET /v1/feed, `clearinghouse sync --from`): on the server, an index that
 * finds a record's later changes, so a page serves each record once at its newest change
 * without scanning the whole log; on the client, where each server's feed was left off.
 */
export function feedCursors() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('vulnerability_changes_vuln_seq').on('vulnerability_changes').columns(['vuln_id', 'seq']).execute();
      await db.schema
        .createTable('feed_cursors')
        .addColumn('url', 'text', (c) => c.primaryKey())
        .addColumn('cursor', 'text', (c) => c.notNull())
        .addColumn('synced_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
