import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { StoreCapabilities } from '../database.js';

/**
 * Coordinated disclosure: cases (one per cluster, a shareable record), their participants,
 * history, message thread (each message a shareable record with its own TLP), attachments
 * (bytes in `attachments`, by SHA-256), the reminders already sent; vendors' product
 * registrations; the CNA block of CVE ids; and each user's time zone.
 */
export function coordination(capabilities: StoreCapabilities) {
  const serialKey = (c: ColumnDefinitionBuilder) => (capabilities.dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('cluster_id', 'text', (c) => c.notNull().unique().references('clusters.id'))
        .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('tlp', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('duplicate_of', 'text')
        .addColumn('exploited', 'integer', (c) => c.notNull())
        .addColumn('exploited_reason', 'text')
        .addColumn('ai_enabled_crime', 'integer', (c) => c.notNull())
        .addColumn('ai_enabled_crime_reason', 'text')
        .addColumn('vendor_notified_at', 'text')
        .addColumn('embargo_until', 'text')
        .addColumn('cve_id', 'text', (c) => c.unique())
        .addColumn('cve_assigned_by', 'text')
        .addColumn('published_at', 'text')
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_state').on('cases').columns(['state', 'updated_at']).execute();
      await db.schema
        .createTable('case_sequences')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('last', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('case_participants')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('status', 'text')
        .addColumn('statement', 'text')
        .addColumn('affected_versions', 'text')
        .addColumn('fixed_versions', 'text')
        .addColumn('matched', 'text')
        .addColumn('notified_at', 'text')
        .addColumn('acknowledgement_due', 'text')
        .addColumn('acknowledged_at', 'text')
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_participants_pk', ['case_id', 'org_id', 'role'])
        .execute();
      // The vendor portal lists an organization's cases.
      await db.schema.createIndex('case_participants_org').on('case_participants').columns(['org_id', 'role']).execute();
      await db.schema
        .createTable('case_offer_dismissals')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('dismissed_by', 'text', (c) => c.notNull())
        .addColumn('dismissed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_offer_dismissals_pk', ['case_id', 'org_id'])
        .execute();
      await db.schema
        .createTable('case_events')
        .addColumn('id', capabilities.serialKeyType, serialKey)
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('org_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();
      await db.schema
        .createTable('case_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('tlp', 'text', (c) => c.notNull())
        .addColumn('author_user_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_messages_case').on('case_messages').columns(['case_id', 'created_at']).execute();
      await db.schema
        .createTable('case_attachments')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('sha256', 'text', (c) => c.notNull().references('attachments.sha256'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('attached_by', 'text', (c) => c.notNull())
        .addColumn('attached_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_attachments_pk', ['case_id', 'sha256', 'org_id'])
        .execute();
      await db.schema
        .createTable('case_reminders_sent')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('reminder_key', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_reminders_sent_pk', ['case_id', 'reminder_key'])
        .execute();
      await db.schema
        .createTable('vendor_products')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('purl', 'text')
        .addColumn('type', 'text')
        .addColumn('namespace', 'text')
        .addColumn('registration_key', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('vendor_products_org_key', ['org_id', 'registration_key'])
        .execute();
      await db.schema
        .createTable('cve_ids')
        .addColumn('cve_id', 'text', (c) => c.primaryKey())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('sequence', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.references('cases.id'))
        .addColumn('loaded_by', 'text', (c) => c.notNull())
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .addColumn('reserved_at', 'text')
        .addColumn('assigned_at', 'text')
        .addColumn('published_at', 'text')
        .execute();
      await db.schema.createIndex('cve_ids_available').on('cve_ids').columns(['state', 'year', 'sequence']).execute();
    },
  };
}
