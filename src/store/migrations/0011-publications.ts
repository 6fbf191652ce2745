import type { Kysely } from 'kysely';

/**
 * What a published case put out: its OSV record, CVE JSON 5.1 record (when it has a CVE id)
 * and CSAF 2.0 advisory, kept as published so the CSAF provider serves the same bytes that
 * were validated, and a republication replaces them whole.
 */
export function publications() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('publications')
        .addColumn('case_id', 'text', (c) => c.primaryKey())
        .addColumn('tracking_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('osv_id', 'text', (c) => c.notNull())
        .addColumn('cve_id', 'text')
        .addColumn('csaf_path', 'text', (c) => c.notNull().unique())
        .addColumn('initial_release', 'text', (c) => c.notNull())
        .addColumn('current_release', 'text', (c) => c.notNull())
        .addColumn('osv', 'text', (c) => c.notNull())
        .addColumn('cve', 'text')
        .addColumn('csaf', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('publications_release').on('publications').column('current_release').execute();
    },
  };
}
