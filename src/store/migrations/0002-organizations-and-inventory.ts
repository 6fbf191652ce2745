import type { Kysely } from 'kysely';
import type { StoreCapabilities } from '../database.js';

/**
 * Organizations, people and credentials; operators' assets with their SBOM history,
 * components and exposures. Every shareable record has an owner organization and a
 * TLP marking; `record_shares` and `record_recipients` widen AMBER and RED records.
 */
export function organizationsAndInventory(capabilities: StoreCapabilities) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('organizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('sector', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('record_shares')
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addPrimaryKeyConstraint('record_shares_pk', ['record_id', 'org_id'])
        .execute();
      await db.schema
        .createTable('record_recipients')
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('record_recipients_pk', ['record_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('tlp', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('criticality', 'text', (c) => c.notNull())
        .addColumn('system_exposure', 'text', (c) => c.notNull())
        .addColumn('mission_impact', 'text', (c) => c.notNull())
        .addColumn('current_sbom_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('assets_owner_name', ['owner_org_id', 'name'])
        .execute();
      await db.schema
        .createTable('sboms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('spec_version', 'text', (c) => c.notNull())
        .addColumn('encoding', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('component_count', 'integer', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sboms_asset').on('sboms').columns(['asset_id', 'uploaded_at']).execute();
      await db.schema
        .createTable('components')
        .addColumn('id', capabilities.serialKeyType, (c) => (capabilities.dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('sbom_id', 'text', (c) => c.notNull().references('sboms.id').onDelete('cascade'))
        .addColumn('asset_id', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text')
        .addColumn('purl', 'text')
        .addColumn('ecosystem', 'text')
        .addColumn('package_name', 'text')
        .addColumn('query_ecosystem', 'text')
        .addColumn('cpes', 'text', (c) => c.notNull())
        .addColumn('unmatched_reason', 'text')
        .execute();
      await db.schema.createIndex('components_sbom').on('components').column('sbom_id').execute();
      // The package → holders index: a changed advisory finds the components it touches without a scan.
      await db.schema.createIndex('components_package').on('components').columns(['ecosystem', 'package_name']).execute();
      await db.schema
        .createTable('exposures')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('component_id', 'bigint', (c) => c.notNull())
        .addColumn('vuln_id', 'text', (c) => c.notNull())
        .addColumn('fixed_version', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('exposures_pk', ['asset_id', 'component_id', 'vuln_id'])
        .execute();
      await db.schema.createIndex('exposures_vuln').on('exposures').column('vuln_id').execute();
    },
  };
}
