import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Principal } from '../domain/access/access-policy.js';
import type { OsvRecord } from '../domain/osv/osv-record.js';
import type { DeployerPriority } from '../domain/ssvc/decision-points.js';
import { AccountService } from '../services/accounts/account-service.js';
import { AccountRepository, type OrganizationRow } from '../store/account-repository.js';
import { openStore, type Store } from '../store/database.js';
import { InventoryRepository, type AssetRow } from '../store/inventory-repository.js';
import { migrateToLatest } from '../store/migrate.js';
import { enqueueNotifications, OutboxRepository, type EnqueuedEvent, type ExposureNewEvent, type NotificationEvent, type SubscriptionRow } from '../store/outbox-repository.js';
import { repoRoot } from './shared-data.js';
import { createTestStore, type TestStore } from './test-stores.js';

/** Real OSV records (sample-data, see its README for sources and licences) that test events name. */
const sampleRecords: readonly OsvRecord[] = readFileSync(join(repoRoot, 'sample-data/osv-sample.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as OsvRecord);

/**
 * An exposure.new event for the `index`-th sample record: its id, the first sentence of its
 * details, its first affected package with the first listed version (or none), and its first
 * fixed version (commits of GIT ranges are no versions).
 */
export function sampleExposure(index: number, asset: Pick<AssetRow, 'id' | 'name' | 'owner_org_id'>, priority: DeployerPriority, occurredAt = new Date().toISOString()): ExposureNewEvent {
  const record = sampleRecords[index % sampleRecords.length]!;
  const affected = record.affected?.[0];
  const version = affected?.versions?.[0] ?? null;
  const purl = affected?.package?.purl;
  const fixed = affected?.ranges?.filter((r) => r.type !== 'GIT').flatMap((r) => r.events).find((e) => 'fixed' in e);
  return {
    type: 'exposure.new',
    orgId: asset.owner_org_id,
    assetId: asset.id,
    assetName: asset.name,
    vulnId: record.id,
    summary: (record.summary ?? record.details ?? '').split('. ')[0] ?? null,
    priority,
    component: { name: affected?.package?.name ?? record.id, version, purl: purl && version ? `${purl}@${version}` : (purl ?? null) },
    fixedVersion: fixed && 'fixed' in fixed ? String(fixed.fixed) : null,
    occurredAt,
  };
}

/** A migrated store with two operator organizations, their people and assets. */
export interface NotificationFixture {
  readonly test: TestStore;
  readonly store: Store;
  readonly outbox: OutboxRepository;
  readonly inventory: InventoryRepository;
  readonly org: OrganizationRow;
  readonly otherOrg: OrganizationRow;
  readonly admin: Principal;
  readonly member: Principal;
  readonly otherAdmin: Principal;
  /** Two assets of `org`: pump-station-7 and historian-2. */
  readonly assets: readonly AssetRow[];
  /** An asset of `otherOrg`. */
  readonly otherAsset: AssetRow;
  /** Stores a subscription straight into the store (the service's checks are tested on their own). */
  subscribe(row: Pick<SubscriptionRow, 'kind' | 'target'> & Partial<SubscriptionRow>): Promise<SubscriptionRow>;
  /** Enqueues events in a transaction of their own. */
  enqueue(events: readonly NotificationEvent[], now?: Date): Promise<EnqueuedEvent[]>;
  close(): Promise<void>;
}

export async function openNotificationFixture(dialect: 'sqlite' | 'postgres'): Promise<NotificationFixture> {
  const test = await createTestStore(dialect);
  const store = openStore(test.location);
  await migrateToLatest(store);
  const accounts = new AccountService(new AccountRepository(store));
  const inventory = new InventoryRepository(store);
  const org = await accounts.createOrganization({ name: 'Grid Co', type: 'operator', sector: 'energy' });
  const otherOrg = await accounts.createOrganization({ name: 'Water Co', type: 'operator', sector: 'water_and_wastewater_systems' });
  const person = async (orgName: string, email: string, role: 'admin' | 'member'): Promise<Principal> => {
    const user = await accounts.createUser({ orgName, email, role });
    return { userId: user.id, orgId: user.org_id, role };
  };
  const admin = await person('Grid Co', 'admin@grid.example', 'admin');
  const member = await person('Grid Co', 'member@grid.example', 'member');
  const otherAdmin = await person('Water Co', 'admin@water.example', 'admin');
  const asset = async (owner: OrganizationRow, name: string): Promise<AssetRow> => {
    const row: AssetRow = {
      id: randomUUID(),
      owner_org_id: owner.id,
      tlp: 'AMBER+STRICT',
      name,
      criticality: 'high',
      system_exposure: 'controlled',
      mission_impact: 'mef_failure',
      safety_impact: 'negligible',
      current_sbom_id: null,
      created_at: new Date().toISOString(),
    };
    await inventory.insertAsset(row);
    return row;
  };
  const assets = [await asset(org, 'pump-station-7'), await asset(org, 'historian-2')];
  const otherAsset = await asset(otherOrg, 'treatment-plc-1');
  const outbox = new OutboxRepository(store);
  return {
    test,
    store,
    outbox,
    inventory,
    org,
    otherOrg,
    admin,
    member,
    otherAdmin,
    assets,
    otherAsset,
    async subscribe(row) {
      const full: SubscriptionRow = {
        id: randomUUID(),
        org_id: org.id,
        secret: row.kind === 'webhook' ? 'whsec_fixture' : null,
        min_priority: 'defer',
        asset_ids: null,
        digest: null,
        created_by: admin.userId,
        created_at: new Date(Date.now() - 86_400_000 * 7).toISOString(),
        disabled_at: null,
        ...row,
      };
      await outbox.insertSubscription(full);
      return full;
    },
    enqueue: (events, now) => store.db.transaction().execute((tx) => enqueueNotifications(tx, events, now)),
    async close() {
      await store.close();
      await test.dispose();
    },
  };
}
