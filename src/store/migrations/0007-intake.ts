import type { Kysely } from 'kysely';
import type { StoreCapabilities } from '../database.js';

/**
 * Vulnerability intake: reports (a shareable record: owner, TLP), their findings (the unit
 * deduplication clusters), each finding's index keys (candidate clusters are found by key
 * equality), clusters with the rule and score that put each finding there, analysts'
 * splits (a finding stays out of a cluster), and attachments stored by SHA-256.
 */
export function intake(capabilities: StoreCapabilities) {
  const blob = capabilities.dialect === 'sqlite' ? 'blob' : 'bytea';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('tlp', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('source_kind', 'text', (c) => c.notNull())
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('source_detail', 'text')
        .addColumn('document_sha256', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('validation_status', 'text', (c) => c.notNull())
        .addUniqueConstraint('reports_idempotency', ['owner_org_id', 'idempotency_key'])
        .execute();
      await db.schema
        .createTable('clusters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('canonical_finding_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull().references('clusters.id'))
        .addColumn('link_rule', 'text')
        .addColumn('link_score', 'real')
        .addColumn('link_detail', 'text')
        .addColumn('linked_via', 'text')
        .addColumn('linked_by', 'text')
        .addColumn('linked_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('findings_report_ordinal', ['report_id', 'ordinal'])
        .execute();
      await db.schema.createIndex('findings_cluster').on('findings').column('cluster_id').execute();
      await db.schema
        .createTable('finding_keys')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
        .addPrimaryKeyConstraint('finding_keys_pk', ['key', 'finding_id'])
        .execute();
      await db.schema
        .createTable('cluster_exclusions')
        .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
        .addColumn('cluster_id', 'text', (c) => c.notNull().references('clusters.id'))
        .addColumn('excluded_by', 'text', (c) => c.notNull())
        .addColumn('excluded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cluster_exclusions_pk', ['finding_id', 'cluster_id'])
        .execute();
      await db.schema
        .createTable('attachments')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('content', blob, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('report_attachments')
        .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
        .addColumn('sha256', 'text', (c) => c.notNull().references('attachments.sha256'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_attachments_pk', ['report_id', 'sha256'])
        .execute();
    },
  };
}
