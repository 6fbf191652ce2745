import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { StoreCapabilities } from '../database.js';

/**
 * Notifications: organizations' subscriptions, the transactional outbox the inventory writes
 * in its own transactions, one delivery row per (event, subscription) that workers lease,
 * and which daily digests were made.
 */
export function notifications(capabilities: StoreCapabilities) {
  const serialKey = (c: ColumnDefinitionBuilder) =>
    capabilities.dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey();
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('secret', 'text')
        .addColumn('min_priority', 'text', (c) => c.notNull())
        .addColumn('asset_ids', 'text')
        .addColumn('digest', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();
      await db.schema.createIndex('subscriptions_org').on('subscriptions').column('org_id').execute();
      await db.schema
        .createTable('outbox')
        .addColumn('id', capabilities.serialKeyType, serialKey)
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('priority', 'text')
        .addColumn('asset_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // The digest reads one organization's events of one day.
      await db.schema.createIndex('outbox_org_type_created').on('outbox').columns(['org_id', 'event_type', 'created_at']).execute();
      await db.schema
        .createTable('deliveries')
        .addColumn('id', capabilities.serialKeyType, serialKey)
        .addColumn('outbox_id', 'bigint', (c) => c.notNull().references('outbox.id'))
        .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('leased_until', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('deliveries_outbox_subscription', ['outbox_id', 'subscription_id'])
        .execute();
      // Workers look for pending rows whose time has come.
      await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at']).execute();
      await db.schema
        .createTable('digest_runs')
        .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('exposure_count', 'integer', (c) => c.notNull())
        .addColumn('outbox_id', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('digest_runs_pk', ['subscription_id', 'day'])
        .execute();
    },
  };
}
