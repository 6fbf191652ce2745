import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Store } from './database.js';
import { knowledgeBase } from './migrations/0001-knowledge-base.js';
import { organizationsAndInventory } from './migrations/0002-organizations-and-inventory.js';
import { remediation } from './migrations/0003-remediation.js';
import { notifications } from './migrations/0004-notifications.js';
import { feedCursors } from './migrations/0005-feed-cursors.js';
import { advisoryWriteIndexes } from './migrations/0006-advisory-write-indexes.js';
import { intake } from './migrations/0007-intake.js';
import { clusterMerges } from './migrations/0008-cluster-merges.js';
import { reproduction } from './migrations/0009-reproduction.js';
import { coordination } from './migrations/0010-coordination.js';
import { publications } from './migrations/0011-publications.js';

/** Every migration, in order. One set serves both SQLite and PostgreSQL. */
function migrations(store: Store): Record<string, Migration> {
  return {
    '0001-knowledge-base': knowledgeBase(store.capabilities),
    '0002-organizations-and-inventory': organizationsAndInventory(store.capabilities),
    '0003-remediation': remediation(store.capabilities),
    '0004-notifications': notifications(store.capabilities),
    '0005-feed-cursors': feedCursors(),
    '0006-advisory-write-indexes': advisoryWriteIndexes(),
    '0007-intake': intake(store.capabilities),
    '0008-cluster-merges': clusterMerges(),
    '0009-reproduction': reproduction(),
    '0010-coordination': coordination(store.capabilities),
    '0011-publications': publications(),
  };
}

/** Brings the store's schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(store: Store): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(store) };
  const migrator = new Migrator({ db: store.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`, { cause: error });
  }
}
