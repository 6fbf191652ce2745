import type { Kysely } from 'kysely';
import type { StoreCapabilities } from '../database.js';

/** The vulnerability knowledge base: records, aliases, change log, KEV, EPSS, feed state. */
export function knowledgeBase(capabilities: StoreCapabilities) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('vulnerabilities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('modified', 'text', (c) => c.notNull())
        .addColumn('modified_ms', 'bigint', (c) => c.notNull())
        .addColumn('published', 'text')
        .addColumn('withdrawn', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('vulnerability_aliases')
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('vuln_id', 'text', (c) => c.notNull().references('vulnerabilities.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('vulnerability_aliases_pk', ['alias', 'vuln_id'])
        .execute();
      await db.schema.createIndex('vulnerability_aliases_vuln').on('vulnerability_aliases').column('vuln_id').execute();
      await db.schema
        .createTable('vulnerability_changes')
        .addColumn('seq', capabilities.serialKeyType, (c) =>
          capabilities.dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('vuln_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('kev_entries')
        .addColumn('cve_id', 'text', (c) => c.primaryKey())
        .addColumn('date_added', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text')
        .addColumn('known_ransomware_campaign_use', 'text')
        .addColumn('vendor_project', 'text')
        .addColumn('product', 'text')
        .addColumn('vulnerability_name', 'text')
        .addColumn('required_action', 'text')
        .addColumn('short_description', 'text')
        .addColumn('notes', 'text')
        .addColumn('cwes', 'text')
        .addColumn('catalog_version', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('epss_scores')
        .addColumn('cve_id', 'text', (c) => c.primaryKey())
        .addColumn('epss', 'double precision', (c) => c.notNull())
        .addColumn('percentile', 'double precision', (c) => c.notNull())
        .addColumn('score_date', 'text')
        .addColumn('model_version', 'text')
        .execute();
      await db.schema
        .createTable('feed_state')
        .addColumn('url', 'text', (c) => c.primaryKey())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
