import type { Kysely } from 'kysely';
import type { StoreCapabilities } from '../database.js';

/**
 * What to patch first and by when: each exposure's priority (SSVC deployer decision, CVSS,
 * KEV, EPSS, BOD 26-04 timeline) and VEX status; remediation per (asset, vulnerability),
 * which outlives SBOM uploads, with its history; operators' tightened timelines; VEX
 * statements as received.
 */
export function remediation(capabilities: StoreCapabilities) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('assets').addColumn('safety_impact', 'text', (c) => c.notNull().defaultTo('negligible')).execute();
      const exposureColumns: [string, 'text' | 'integer' | 'real', boolean][] = [
        ['priority', 'text', true],
        ['priority_rank', 'integer', true],
        ['timeline', 'text', true],
        ['cvss_score', 'real', false],
        ['in_kev', 'integer', true],
        ['epss', 'real', false],
        ['vex_status', 'text', false],
        ['vex_justification', 'text', false],
      ];
      for (const [name, type, required] of exposureColumns) {
        // Exposures written before this migration carry the cautious defaults until their next re-match.
        const fallback = name === 'priority' ? 'immediate' : name === 'priority_rank' ? 3 : name === 'timeline' ? '3 days' : 0;
        await db.schema
          .alterTable('exposures')
          .addColumn(name, type, (c) => (required ? c.notNull().defaultTo(fallback) : c))
          .execute();
      }
      // Status lives on the remediation, which outlives SBOM uploads; VEX on the exposure.
      await db.schema.alterTable('exposures').dropColumn('status').execute();
      await db.schema.alterTable('components').addColumn('package_purl', 'text').execute();
      await db.schema.createIndex('exposures_priority').on('exposures').columns(['asset_id', 'priority_rank']).execute();
      await db.schema
        .createTable('remediations')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('vuln_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('timeline', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text')
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('remediations_pk', ['asset_id', 'vuln_id'])
        .execute();
      await db.schema.createIndex('remediations_due').on('remediations').columns(['status', 'due_date']).execute();
      await db.schema
        .createTable('remediation_events')
        .addColumn('id', capabilities.serialKeyType, (c) => (capabilities.dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('vuln_id', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text')
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('old_value', 'text')
        .addColumn('new_value', 'text')
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('remediation_events_key').on('remediation_events').columns(['asset_id', 'vuln_id']).execute();
      await db.schema
        .createTable('remediation_policies')
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('timeline', 'text', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('remediation_policies_pk', ['org_id', 'timeline'])
        .execute();
      await db.schema
        .createTable('vex_statements')
        .addColumn('id', capabilities.serialKeyType, (c) => (capabilities.dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('cascade'))
        .addColumn('vuln_ids', 'text', (c) => c.notNull())
        .addColumn('product_purl', 'text', (c) => c.notNull())
        .addColumn('product_version', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('justification', 'text')
        .addColumn('impact_statement', 'text')
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('document_id', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // How far the exposures have followed the knowledge base's change log; advanced in the
      // same transaction as the exposure changes, so a crash between an import and its
      // exposures is caught up on the next start instead of leaving them stale.
      await db.schema
        .createTable('inventory_progress')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('vex_statements_org').on('vex_statements').columns(['org_id', 'product_purl']).execute();
    },
  };
}
