import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openNotificationFixture, sampleExposure, type NotificationFixture } from '../testing/notification-fixtures.js';
import { testDialects } from '../testing/test-stores.js';
import { enqueueNotifications, idempotencyKeyOf, subscriptionMatches } from './outbox-repository.js';

for (const dialect of testDialects) {
  describe(`outbox on ${dialect}`, () => {
    let fx: NotificationFixture;
    before(async () => {
      fx = await openNotificationFixture(dialect);
    });
    after(async () => {
      await fx.close();
    });
    const outboxCount = async () => Number((await fx.store.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const deliveryCount = async () => Number((await fx.store.db.selectFrom('deliveries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const newAsset = (name: string) => ({
      id: randomUUID(),
      owner_org_id: fx.org.id,
      tlp: 'AMBER+STRICT',
      name,
      criticality: 'high',
      system_exposure: 'open',
      mission_impact: 'mission_failure',
      current_sbom_id: null,
      created_at: new Date().toISOString(),
    });

    it('commits an event together with the change it tells of, and a rolled-back transaction leaves neither', async () => {
      const hook = await fx.subscribe({ kind: 'webhook', target: 'https://hooks.grid.example/clearinghouse' });
      const committed = newAsset('substation-9');
      const [enqueued] = await fx.store.db.transaction().execute(async (tx) => {
        await tx.insertInto('assets').values(committed).execute();
        return enqueueNotifications(tx, [sampleExposure(24, committed, 'immediate')]);
      });
      assert.equal(enqueued?.added, true);
      assert.equal(enqueued?.deliveries, 1);
      assert.ok(await fx.inventory.assetById(committed.id));
      const [delivery] = await fx.outbox.deliveriesOfEvent(enqueued.idempotencyKey);
      assert.equal(delivery?.subscription_id, hook.id);
      assert.equal(delivery?.status, 'pending');
      assert.equal(delivery?.attempts, 0);

      const [outboxBefore, deliveriesBefore] = [await outboxCount(), await deliveryCount()];
      const rolledBack = newAsset('substation-10');
      const event = sampleExposure(25, rolledBack, 'immediate');
      await assert.rejects(
        fx.store.db.transaction().execute(async (tx) => {
          await tx.insertInto('assets').values(rolledBack).execute();
          await enqueueNotifications(tx, [event]);
          throw new Error('the change failed after its notification was written');
        }),
        /the change failed/,
      );
      assert.equal(await fx.inventory.assetById(rolledBack.id), undefined);
      assert.equal(await outboxCount(), outboxBefore);
      assert.equal(await deliveryCount(), deliveriesBefore);
      assert.deepEqual(await fx.outbox.deliveriesOfEvent(idempotencyKeyOf(event)), []);
      await fx.outbox.disableSubscription(hook.id, new Date().toISOString());
    });

    it('fans an event out to the subscriptions whose priority and asset filters let it through', async () => {
      const [pump, historian] = fx.assets;
      const all = await fx.subscribe({ kind: 'webhook', target: 'https://hooks.grid.example/all', min_priority: 'defer' });
      const urgent = await fx.subscribe({ kind: 'email', target: 'soc@grid.example', min_priority: 'out-of-cycle' });
      const pumpOnly = await fx.subscribe({ kind: 'webhook', target: 'https://hooks.grid.example/pump', min_priority: 'scheduled', asset_ids: JSON.stringify([pump!.id]) });
      const digest = await fx.subscribe({ kind: 'email', target: 'manager@grid.example', digest: 'daily' });
      const disabled = await fx.subscribe({ kind: 'webhook', target: 'https://old.grid.example/', disabled_at: new Date().toISOString() });
      const otherOrg = await fx.subscribe({ kind: 'webhook', target: 'https://hooks.water.example/', org_id: fx.otherOrg.id });
      const events = [
        sampleExposure(0, pump!, 'scheduled'),
        sampleExposure(1, historian!, 'immediate'),
        sampleExposure(2, historian!, 'defer'),
        sampleExposure(3, pump!, 'out-of-cycle'),
        sampleExposure(4, fx.otherAsset, 'defer'),
      ];
      const enqueued = await fx.enqueue(events);
      const receivers = await Promise.all(enqueued.map(async (e) => (await fx.outbox.deliveriesOfEvent(e.idempotencyKey)).map((d) => d.subscription_id).sort()));
      const expected = [[all.id, pumpOnly.id], [all.id, urgent.id], [all.id], [all.id, urgent.id, pumpOnly.id], [otherOrg.id]];
      assert.deepEqual(receivers, expected.map((ids) => ids.sort()));
      assert.deepEqual(enqueued.map((e) => e.deliveries), [2, 2, 1, 3, 1]);
      for (const ids of receivers) assert.ok(!ids.includes(digest.id) && !ids.includes(disabled.id));
      for (const s of [all, urgent, pumpOnly, otherOrg]) await fx.outbox.disableSubscription(s.id, new Date().toISOString());
    });

    it('reads the filters the same way for the digest', () => {
      const filter = { min_priority: 'out-of-cycle', asset_ids: JSON.stringify([fx.assets[0]!.id]) };
      assert.equal(subscriptionMatches(filter, { priority: 'immediate', assetId: fx.assets[0]!.id }), true);
      assert.equal(subscriptionMatches(filter, { priority: 'scheduled', assetId: fx.assets[0]!.id }), false);
      assert.equal(subscriptionMatches(filter, { priority: 'immediate', assetId: fx.assets[1]!.id }), false);
      assert.equal(subscriptionMatches({ min_priority: 'defer', asset_ids: null }, { priority: 'defer', assetId: fx.otherAsset.id }), true);
    });

    it('stores an event enqueued twice (a retried transaction) once, with one set of deliveries', async () => {
      const hook = await fx.subscribe({ kind: 'webhook', target: 'https://hooks.grid.example/twice' });
      const event = sampleExposure(30, fx.assets[0]!, 'immediate', '2026-07-01T08:00:00.000Z');
      const [first] = await fx.enqueue([event]);
      // The same event built with its fields in another order is the same event.
      const { occurredAt, ...rest } = event;
      const reordered = { occurredAt, ...rest };
      const [second, third] = await fx.enqueue([reordered, event]);
      assert.equal(first?.added, true);
      assert.deepEqual([second?.idempotencyKey, second?.added, second?.deliveries], [first?.idempotencyKey, false, 0]);
      assert.equal(third, undefined, 'duplicates within one call are one event');
      assert.equal((await fx.outbox.deliveriesOfEvent(first.idempotencyKey)).length, 1);
      assert.match(first.idempotencyKey, /^ntf_[0-9a-f]{32}$/);
      assert.notEqual(idempotencyKeyOf({ ...event, occurredAt: '2026-07-01T08:00:01.000Z' }), first.idempotencyKey);
      await fx.outbox.disableSubscription(hook.id, new Date().toISOString());
    });

    it('leases due deliveries to one worker at a time, and to another once the lease runs out', async () => {
      const hook = await fx.subscribe({ kind: 'webhook', target: 'https://hooks.grid.example/lease' });
      const t0 = new Date();
      await fx.store.db.updateTable('deliveries').set({ status: 'dead' }).where('status', '=', 'pending').execute();
      const enqueued = await fx.enqueue(Array.from({ length: 6 }, (_, i) => sampleExposure(40 + i, fx.assets[i % 2]!, 'immediate')), t0);
      const keys = new Set(enqueued.map((e) => e.idempotencyKey));
      const [a, b] = await Promise.all([fx.outbox.claimDue('worker-a', t0, 60_000, 4), fx.outbox.claimDue('worker-b', t0, 60_000, 4)]);
      const claimedIds = [...a, ...b].map((d) => d.id);
      assert.equal(claimedIds.length, 6, 'every due delivery was claimed');
      assert.equal(new Set(claimedIds).size, 6, 'no delivery went to both workers');
      assert.ok(a.length <= 4 && b.length <= 4);
      for (const d of [...a, ...b]) {
        assert.ok(keys.has(d.idempotencyKey));
        assert.equal(d.attempts, 1);
        assert.equal(d.subscription.id, hook.id);
        assert.equal(d.subscription.target, 'https://hooks.grid.example/lease');
        assert.equal(d.eventType, 'exposure.new');
        assert.equal((JSON.parse(d.payload) as { vulnId: string }).vulnId.startsWith('PYSEC-'), true);
      }
      assert.deepEqual(await fx.outbox.claimDue('worker-c', new Date(t0.getTime() + 59_000), 60_000, 10), [], 'leased rows are not due');

      // Both workers died: their leases run out and worker-c takes the rows over, counting another attempt.
      const later = new Date(t0.getTime() + 61_000);
      const first = a.length > 0 ? a : b;
      const firstOwner = a.length > 0 ? 'worker-a' : 'worker-b';
      const taken = await fx.outbox.claimDue('worker-c', later, 60_000, 10);
      assert.equal(taken.length, 6);
      assert.ok(taken.every((d) => d.attempts === 2));
      assert.equal(await fx.outbox.markDelivered(first[0]!.id, firstOwner, later), false, 'the old owner cannot record an outcome');
      assert.equal(await fx.outbox.markDelivered(first[0]!.id, 'worker-c', later), true);
      const retryAt = new Date(later.getTime() + 5000);
      assert.equal(await fx.outbox.scheduleRetry(taken[1]!.id, 'worker-c', retryAt, 'HTTP 503', later), true);
      assert.equal(await fx.outbox.markDead(taken[2]!.id, 'worker-c', 'HTTP 410: gone', later), true);
      const byId = async (id: number) => fx.store.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(
        [await byId(first[0]!.id), await byId(taken[1]!.id), await byId(taken[2]!.id)].map((d) => [d.status, d.lease_owner, d.last_error]),
        [
          ['delivered', null, null],
          ['pending', null, 'HTTP 503'],
          ['dead', null, 'HTTP 410: gone'],
        ],
      );
      assert.equal(await fx.outbox.markDelivered(taken[2]!.id, 'worker-c', later), false, 'a dead delivery stays dead');

      // The retry is not due before its time, and is due after it.
      const stillLeased = new Date(later.getTime() + 4000);
      assert.deepEqual(
        (await fx.outbox.claimDue('worker-d', stillLeased, 60_000, 10)).map((d) => d.id),
        [],
      );
      const due = await fx.outbox.claimDue('worker-d', new Date(later.getTime() + 61_000), 60_000, 10);
      assert.ok(due.some((d) => d.id === taken[1]!.id && d.attempts === 3));
      await fx.outbox.disableSubscription(hook.id, new Date().toISOString());
    });
  });
}
