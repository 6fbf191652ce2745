import type { Kysely } from 'kysely';

/**
 * Validation of reports: target builds an admin registers (an executable on the host that
 * runs the sandbox), and reproduction runs of a report's proof of concept against one, queued
 * by an analyst and claimed by a `clearinghouse validate` worker under a lease.
 */
export function reproduction() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('reproduction_targets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('executable', 'text', (c) => c.notNull())
        .addColumn('args', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('reproductions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
        .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
        .addColumn('target_id', 'text', (c) => c.notNull().references('reproduction_targets.id'))
        .addColumn('poc_sha256', 'text', (c) => c.notNull().references('attachments.sha256'))
        .addColumn('expected_key', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('signature', 'text')
        .addColumn('run', 'text')
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('reproductions_queue').on('reproductions').columns(['status', 'requested_at']).execute();
      await db.schema.createIndex('reproductions_report').on('reproductions').column('report_id').execute();
    },
  };
}
