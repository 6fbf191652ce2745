import { createHash } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { DEPLOYER_PRIORITY, type DeployerPriority } from '../domain/ssvc/decision-points.js';
import type { Store } from './database.js';
import type { DatabaseSchema, DeliveryTable, SubscriptionTable } from './schema.js';
import { canonicalJson } from '../domain/canonical-json.js';
import type { CaseNoticeEvent } from './case-notice.js';

export type SubscriptionRow = Selectable<SubscriptionTable>;
export type DeliveryRow = Selectable<DeliveryTable>;

/** How a subscription is told. */
export const SUBSCRIPTION_KINDS = ['webhook', 'email'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

/** Where a delivery stands: pending (waiting or leased), delivered, or dead (given up on). */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** The component an exposure is in, as its SBOM names it. */
export interface ExposedComponent {
  readonly name: string;
  readonly version: string | null;
  readonly purl: string | null;
}

/** A vulnerability newly affects a component of an asset. */
export interface ExposureNewEvent {
  readonly type: 'exposure.new';
  /** The asset's owner organization: whose subscriptions hear of it. */
  readonly orgId: string;
  readonly assetId: string;
  readonly assetName: string;
  readonly vulnId: string;
  readonly summary: string | null;
  /** The SSVC deployer priority of this exposure; subscriptions filter on it. */
  readonly priority: DeployerPriority;
  readonly component: ExposedComponent;
  /** The nearest version that fixes it, when the advisory names one. */
  readonly fixedVersion: string | null;
  /** When the change happened (RFC 3339); part of the event's identity. */
  readonly occurredAt: string;
}

/** A vulnerability no longer affects a component of an asset (new SBOM, changed or withdrawn advisory). */
export interface ExposureResolvedEvent {
  readonly type: 'exposure.resolved';
  readonly orgId: string;
  readonly assetId: string;
  readonly assetName: string;
  readonly vulnId: string;
  readonly priority: DeployerPriority;
  readonly component: ExposedComponent;
  readonly occurredAt: string;
}

/** What the inventory enqueues inside its own transactions. */
export type NotificationEvent = ExposureNewEvent | ExposureResolvedEvent;

/** The daily summary of one subscription's new exposures, made by the worker. */
export interface DailyDigestEvent {
  readonly type: 'digest.daily';
  readonly orgId: string;
  readonly subscriptionId: string;
  /** The UTC day summarised, YYYY-MM-DD. */
  readonly day: string;
  /** New exposures that day that the subscription's filters let through. */
  readonly total: number;
  /** The first of them, up to a limit. */
  readonly exposures: readonly ExposureNewEvent[];
}

/** Every event an outbox row can hold. */
export type OutboxEvent = NotificationEvent | DailyDigestEvent | CaseNoticeEvent;

/** What `enqueueNotifications` did with one event. */
export interface EnqueuedEvent {
  readonly idempotencyKey: string;
  /** False when an event with this key was already in the outbox (nothing was added). */
  readonly added: boolean;
  /** Deliveries created: one per matching subscription. */
  readonly deliveries: number;
}

/** A leased delivery with everything needed to send it. */
export interface ClaimedDelivery {
  readonly id: number;
  /** Attempts started, this one included. */
  readonly attempts: number;
  readonly outboxId: number;
  readonly eventType: string;
  readonly payload: string;
  readonly idempotencyKey: string;
  readonly createdAt: string;
  readonly subscription: Pick<SubscriptionRow, 'id' | 'org_id' | 'kind' | 'target' | 'secret' | 'disabled_at'>;
}

/** One day's digest of one subscription, ready to store. */
export interface DigestRecord {
  readonly subscriptionId: string;
  readonly day: string;
  /** Null when the day brought nothing to tell: the run is recorded and nothing is sent. */
  readonly event: DailyDigestEvent | null;
  readonly idempotencyKey: string;
}

/**
 * An event's idempotency key: a hash of the whole event. The same event enqueued twice (a retried
 * transaction) is stored once; the key goes with every delivery attempt of it.
 */
export function idempotencyKeyOf(event: NotificationEvent): string {
  return `ntf_${createHash('sha256').update(canonicalJson(event)).digest('hex').slice(0, 32)}`;
}

/** True when a subscription's priority and asset filters let an event through. */
export function subscriptionMatches(
  subscription: Pick<SubscriptionRow, 'min_priority' | 'asset_ids'>,
  event: { readonly priority: DeployerPriority; readonly assetId: string },
): boolean {
  const atLeast = DEPLOYER_PRIORITY.indexOf(event.priority) >= DEPLOYER_PRIORITY.indexOf(subscription.min_priority as DeployerPriority);
  if (!atLeast) return false;
  if (subscription.asset_ids === null) return true;
  return (JSON.parse(subscription.asset_ids) as string[]).includes(event.assetId);
}

/** Rows per multi-row insert: well under both stores' parameter limits. */
const insertChunk = 200;

/**
 * Writes notification events to the outbox inside the caller's transaction, so the change and
 * its notification commit together or not at all. Fan-out happens here too: one pending delivery
 * per matching subscription (not disabled, not a digest). Deciding the recipients in the same
 * transaction leaves no step between commit and fan-out for a crash to fall into.
 */
export async function enqueueNotifications(
  tx: Transaction<DatabaseSchema>,
  events: readonly NotificationEvent[],
  now: Date = new Date(),
): Promise<EnqueuedEvent[]> {
  if (events.length === 0) return [];
  const at = now.toISOString();
  const keyed = new Map(events.map((event) => [idempotencyKeyOf(event), event]));
  // Writes before reads: on SQLite the first write takes the write lock, and a transaction that
  // read first could be refused (SQLITE_BUSY) when another process wrote in between.
  const added = new Map<string, number>();
  const entries = [...keyed.entries()];
  for (let i = 0; i < entries.length; i += insertChunk) {
    const rows = await tx
      .insertInto('outbox')
      .values(
        entries.slice(i, i + insertChunk).map(([key, event]) => ({
          org_id: event.orgId,
          event_type: event.type,
          payload: JSON.stringify(event),
          idempotency_key: key,
          priority: event.priority,
          asset_id: event.assetId,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning(['id', 'idempotency_key'])
      .execute();
    for (const row of rows) added.set(row.idempotency_key, row.id);
  }
  const orgIds = [...new Set(events.map((e) => e.orgId))];
  const subscriptions = await tx
    .selectFrom('subscriptions')
    .selectAll()
    .where('org_id', 'in', orgIds)
    .where('disabled_at', 'is', null)
    .where('digest', 'is', null)
    .execute();
  const deliveries: { outbox_id: number; subscription_id: string; status: DeliveryStatus; attempts: number; next_attempt_at: string; updated_at: string }[] = [];
  const results: EnqueuedEvent[] = [];
  for (const [key, event] of keyed) {
    const outboxId = added.get(key);
    const matching = outboxId === undefined ? [] : subscriptions.filter((s) => s.org_id === event.orgId && subscriptionMatches(s, event));
    for (const s of matching) {
      deliveries.push({ outbox_id: outboxId!, subscription_id: s.id, status: 'pending', attempts: 0, next_attempt_at: at, updated_at: at });
    }
    results.push({ idempotencyKey: key, added: outboxId !== undefined, deliveries: matching.length });
  }
  for (let i = 0; i < deliveries.length; i += insertChunk) {
    await tx.insertInto('deliveries').values(deliveries.slice(i, i + insertChunk)).execute();
  }
  return results;
}

/** Subscriptions, the outbox's deliveries as workers lease them, and daily digests. */
export class OutboxRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async insertSubscription(row: SubscriptionRow): Promise<void> {
    await this.#store.db.insertInto('subscriptions').values(row).execute();
  }

  async subscriptionById(id: string): Promise<SubscriptionRow | undefined> {
    return this.#store.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async subscriptionsOfOrg(orgId: string): Promise<SubscriptionRow[]> {
    return this.#store.db.selectFrom('subscriptions').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
  }

  async disableSubscription(id: string, at: string): Promise<void> {
    await this.#store.db.updateTable('subscriptions').set({ disabled_at: at }).where('id', '=', id).where('disabled_at', 'is', null).execute();
  }

  /**
   * Leases up to `limit` due deliveries to `owner` until `now + leaseMs` and counts the attempt.
   * A lease that ran out (its worker died) makes the row due again. PostgreSQL: rows are picked
   * with FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint rows without waiting on
   * each other. SQLite allows one writer at a time: a single UPDATE is its own transaction, so
   * no other worker can take a row between its read and its write.
   */
  async claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const at = now.toISOString();
    const lease = { lease_owner: owner, leased_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: at };
    const due = (db: Kysely<DatabaseSchema>) =>
      db
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<=', at)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit);
    let ids: number[];
    if (this.#store.capabilities.dialect === 'postgres') {
      ids = await this.#store.db.transaction().execute(async (tx) => {
        const rows = await due(tx).forUpdate().skipLocked().execute();
        if (rows.length === 0) return [];
        const picked = rows.map((r) => r.id);
        await tx
          .updateTable('deliveries')
          .set((eb) => ({ ...lease, attempts: eb('attempts', '+', 1) }))
          .where('id', 'in', picked)
          .execute();
        return picked;
      });
    } else {
      const rows = await this.#store.db
        .updateTable('deliveries')
        .set((eb) => ({ ...lease, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', due(this.#store.db))
        .returning('id')
        .execute();
      ids = rows.map((r) => r.id);
    }
    if (ids.length === 0) return [];
    const rows = await this.#store.db
      .selectFrom('deliveries')
      .innerJoin('outbox', 'outbox.id', 'deliveries.outbox_id')
      .innerJoin('subscriptions', 'subscriptions.id', 'deliveries.subscription_id')
      .select([
        'deliveries.id',
        'deliveries.attempts',
        'deliveries.outbox_id',
        'outbox.event_type',
        'outbox.payload',
        'outbox.idempotency_key',
        'outbox.created_at',
        'subscriptions.id as subscription_id',
        'subscriptions.org_id',
        'subscriptions.kind',
        'subscriptions.target',
        'subscriptions.secret',
        'subscriptions.disabled_at',
      ])
      .where('deliveries.id', 'in', ids)
      .orderBy('deliveries.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      attempts: r.attempts,
      outboxId: r.outbox_id,
      eventType: r.event_type,
      payload: r.payload,
      idempotencyKey: r.idempotency_key,
      createdAt: r.created_at,
      subscription: { id: r.subscription_id, org_id: r.org_id, kind: r.kind, target: r.target, secret: r.secret, disabled_at: r.disabled_at },
    }));
  }

  /** Records a delivery as done. False when `owner` no longer holds it (the lease ran out and another worker took it). */
  async markDelivered(id: number, owner: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    return this.#finish(id, owner, { status: 'delivered', delivered_at: at, last_error: null, updated_at: at });
  }

  /** Puts a delivery back to wait until `nextAttemptAt`. */
  async scheduleRetry(id: number, owner: string, nextAttemptAt: Date, error: string, now: Date): Promise<boolean> {
    return this.#finish(id, owner, { status: 'pending', next_attempt_at: nextAttemptAt.toISOString(), last_error: error, updated_at: now.toISOString() });
  }

  /** Gives up on a delivery: the dead letter keeps the last error for an operator to read. */
  async markDead(id: number, owner: string, error: string, now: Date): Promise<boolean> {
    return this.#finish(id, owner, { status: 'dead', last_error: error, updated_at: now.toISOString() });
  }

  async #finish(id: number, owner: string, change: Partial<Omit<DeliveryRow, 'id'>> & { status: DeliveryStatus }): Promise<boolean> {
    const result = await this.#store.db
      .updateTable('deliveries')
      .set({ ...change, lease_owner: null, leased_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Every delivery of an event, by subscription: what an operator (or a test) checks. */
  async deliveriesOfEvent(idempotencyKey: string): Promise<DeliveryRow[]> {
    return this.#store.db
      .selectFrom('deliveries')
      .innerJoin('outbox', 'outbox.id', 'deliveries.outbox_id')
      .selectAll('deliveries')
      .where('outbox.idempotency_key', '=', idempotencyKey)
      .orderBy('deliveries.subscription_id')
      .execute();
  }

  /** Subscriptions that take a daily digest and are not disabled. */
  async dailyDigestSubscriptions(): Promise<SubscriptionRow[]> {
    return this.#store.db.selectFrom('subscriptions').selectAll().where('digest', '=', 'daily').where('disabled_at', 'is', null).orderBy('id').execute();
  }

  async hasDigestRun(subscriptionId: string, day: string): Promise<boolean> {
    const row = await this.#store.db.selectFrom('digest_runs').select('day').where('subscription_id', '=', subscriptionId).where('day', '=', day).executeTakeFirst();
    return row !== undefined;
  }

  /** An organization's exposure.new events written in [from, to), oldest first. */
  async exposureEventsOf(orgId: string, from: string, to: string): Promise<ExposureNewEvent[]> {
    const rows = await this.#store.db
      .selectFrom('outbox')
      .select('payload')
      .where('org_id', '=', orgId)
      .where('event_type', '=', 'exposure.new')
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .orderBy('id')
      .execute();
    return rows.map((r) => JSON.parse(r.payload) as ExposureNewEvent);
  }

  /**
   * Stores one day's digest of one subscription: the run, and when there is something to tell,
   * its outbox event with a delivery to that subscription alone, all in one transaction. False
   * when the run was already recorded (by an earlier pass or another worker): nothing is added.
   */
  async recordDigest(digest: DigestRecord, now: Date): Promise<boolean> {
    const at = now.toISOString();
    return this.#store.db.transaction().execute(async (tx) => {
      // The write comes first: on SQLite it takes the write lock before any read, so a concurrent writer cannot invalidate this transaction's snapshot.
      const run = await tx
        .insertInto('digest_runs')
        .values({ subscription_id: digest.subscriptionId, day: digest.day, exposure_count: digest.event?.total ?? 0, outbox_id: null, created_at: at })
        .onConflict((oc) => oc.columns(['subscription_id', 'day']).doNothing())
        .returning('day')
        .executeTakeFirst();
      if (!run) return false;
      if (digest.event === null) return true;
      const outbox = await tx
        .insertInto('outbox')
        .values({
          org_id: digest.event.orgId,
          event_type: digest.event.type,
          payload: JSON.stringify(digest.event),
          idempotency_key: digest.idempotencyKey,
          priority: null,
          asset_id: null,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('deliveries')
        .values({ outbox_id: outbox.id, subscription_id: digest.subscriptionId, status: 'pending', attempts: 0, next_attempt_at: at, updated_at: at })
        .execute();
      await tx.updateTable('digest_runs').set({ outbox_id: outbox.id }).where('subscription_id', '=', digest.subscriptionId).where('day', '=', digest.day).execute();
      return true;
    });
  }
}
