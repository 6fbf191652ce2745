import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DailyDigestEvent, ExposureNewEvent, SubscriptionRow } from '../../store/outbox-repository.js';
import { openNotificationFixture, sampleExposure, type NotificationFixture } from '../../testing/notification-fixtures.js';
import { startSmtpTestServer, type SmtpTestServer } from '../../testing/smtp-test-server.js';
import { testDialects } from '../../testing/test-stores.js';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../../testing/webhook-test-receiver.js';
import { messageIdFor } from './mail-sender.js';
import { NotificationWorker, type NotificationWorkerOptions } from './notification-worker.js';

/** Waits until the condition holds, however long that takes: the test runner reports a hang, not a timer. */
async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A quoted-printable text body as plain text (ASCII is all these bodies hold). */
const plainBody = (body: string) => body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const at = (clock: Date, ms: number) => new Date(clock.getTime() + ms);

for (const dialect of testDialects) {
  describe(`notification worker on ${dialect}`, () => {
    let fx: NotificationFixture;
    let receiver: WebhookTestReceiver;
    let smtp: SmtpTestServer;
    let clock: Date;
    before(async () => {
      fx = await openNotificationFixture(dialect);
      receiver = await startWebhookTestReceiver({ secret: 'whsec_fixture' });
      smtp = await startSmtpTestServer();
    });
    after(async () => {
      await receiver.close();
      await smtp.close();
      await fx.close();
    });

    /** A worker on the test clock, with backoff 500 ms, 1 s, 2 s… (random fixed at 0.5) and three attempts. */
    const workerWith = (options: Partial<NotificationWorkerOptions> = {}) =>
      new NotificationWorker(fx.outbox, {
        guard: { allowPrivateTargets: true },
        mail: { smtp: { host: smtp.host, port: smtp.port, secure: false, timeoutMs: 5000 }, from: 'Clearinghouse <notify@clearinghouse.example>' },
        maxAttempts: 3,
        backoff: { baseMs: 1000, maxMs: 60_000 },
        leaseMs: 60_000,
        sendTimeoutMs: 5000,
        now: () => clock,
        random: () => 0.5,
        ...options,
      });
    /** Disables every subscription, so each test's events reach only the subscriptions it makes. */
    const retireSubscriptions = () => fx.store.db.updateTable('subscriptions').set({ disabled_at: new Date().toISOString() }).where('disabled_at', 'is', null).execute();
    /** A subscription of its own and one event for it, enqueued now. */
    const oneEvent = async (subscription: Pick<SubscriptionRow, 'kind' | 'target'> & Partial<SubscriptionRow>, recordIndex: number) => {
      await retireSubscriptions();
      clock = new Date();
      const sub = await fx.subscribe(subscription);
      const event = sampleExposure(recordIndex, fx.assets[0]!, 'immediate', clock.toISOString());
      const [enqueued] = await fx.enqueue([event], clock);
      return { sub, event, key: enqueued!.idempotencyKey };
    };
    const deliveryOf = async (key: string) => {
      const [delivery] = await fx.outbox.deliveriesOfEvent(key);
      assert.ok(delivery);
      return delivery;
    };
    const requestsFor = (key: string) => receiver.requests.filter((r) => r.idempotencyKey === key);

    it('delivers a webhook signed with HMAC-SHA256, carrying the event and its idempotency key', async () => {
      const { sub, event, key } = await oneEvent({ kind: 'webhook', target: receiver.url }, 23);
      assert.deepEqual(await workerWith().deliverDue(), { delivered: 1, retried: 0, dead: 0 });
      const taken = receiver.deliveries.filter((r) => r.idempotencyKey === key);
      assert.equal(taken.length, 1);
      const [request] = taken;
      assert.ok(request!.signature.ok, 'the receiver verified the signature with the subscription secret');
      assert.equal(request!.headers['clearinghouse-event'], 'exposure.new');
      const body = JSON.parse(request!.rawBody.toString('utf8')) as { id: string; type: string; created_at: string; data: ExposureNewEvent };
      assert.deepEqual(body, { id: key, type: 'exposure.new', created_at: clock.toISOString(), data: event });
      assert.equal(body.data.vulnId, 'PYSEC-2014-8');
      assert.equal(body.data.component.purl, 'pkg:pypi/jinja2@2.0');
      const delivery = await deliveryOf(key);
      assert.deepEqual([delivery.status, delivery.attempts, delivery.subscription_id, delivery.lease_owner], ['delivered', 1, sub.id, null]);
      assert.equal(delivery.delivered_at, clock.toISOString());
    });

    it('retries with exponential backoff, then delivers once', async () => {
      const { key } = await oneEvent({ kind: 'webhook', target: receiver.url }, 25);
      const worker = workerWith();
      const t0 = clock;
      receiver.answerNext(503, 500);
      assert.deepEqual(await worker.deliverDue(), { delivered: 0, retried: 1, dead: 0 });
      let delivery = await deliveryOf(key);
      assert.deepEqual([delivery.status, delivery.attempts, delivery.next_attempt_at, delivery.last_error], ['pending', 1, at(t0, 500).toISOString(), 'HTTP 503: answered 503']);
      clock = at(t0, 499);
      assert.deepEqual(await worker.deliverDue(), { delivered: 0, retried: 0, dead: 0 }, 'not due before its backoff');
      clock = at(t0, 500);
      assert.deepEqual(await worker.deliverDue(), { delivered: 0, retried: 1, dead: 0 });
      delivery = await deliveryOf(key);
      assert.deepEqual([delivery.attempts, delivery.next_attempt_at], [2, at(t0, 1500).toISOString()], 'the second wait is twice the first');
      clock = at(t0, 1500);
      assert.deepEqual(await worker.deliverDue(), { delivered: 1, retried: 0, dead: 0 });
      delivery = await deliveryOf(key);
      assert.deepEqual([delivery.status, delivery.attempts, delivery.last_error], ['delivered', 3, null]);
      assert.deepEqual(requestsFor(key).map((r) => r.answer), [503, 500, 200]);
      assert.ok(requestsFor(key).every((r) => r.signature.ok));
      assert.equal(receiver.deliveries.filter((r) => r.idempotencyKey === key).length, 1);
    });

    it('dead-letters after the attempt limit, and at once on a permanent refusal', async () => {
      const { key } = await oneEvent({ kind: 'webhook', target: receiver.url }, 26);
      const worker = workerWith();
      const t0 = clock;
      receiver.answerNext(500, 500, 500);
      assert.equal((await worker.deliverDue()).retried, 1);
      clock = at(t0, 500);
      assert.equal((await worker.deliverDue()).retried, 1);
      clock = at(t0, 1500);
      assert.deepEqual(await worker.deliverDue(), { delivered: 0, retried: 0, dead: 1 });
      const dead = await deliveryOf(key);
      assert.deepEqual([dead.status, dead.attempts, dead.lease_owner], ['dead', 3, null]);
      assert.equal(dead.last_error, 'gave up after 3 attempts: HTTP 500: answered 500');
      clock = at(t0, 3_600_000);
      assert.deepEqual(await worker.deliverDue(), { delivered: 0, retried: 0, dead: 0 }, 'a dead letter is never tried again');
      assert.equal(requestsFor(key).length, 3);

      const gone = await oneEvent({ kind: 'webhook', target: receiver.url }, 27);
      receiver.answerNext(410);
      assert.deepEqual(await worker.deliverDue(), { delivered: 0, retried: 0, dead: 1 });
      const refused = await deliveryOf(gone.key);
      assert.deepEqual([refused.status, refused.attempts, refused.last_error], ['dead', 1, 'HTTP 410: answered 410']);
    });

    it('refuses loopback, private and link-local targets unless configured for development', async () => {
      const strict = workerWith({ guard: { allowPrivateTargets: false } });
      const targets = [
        [receiver.url, /^url: 127\.0\.0\.1 is a loopback address$/],
        ['http://169.254.169.254/latest/meta-data/', /^url: 169\.254\.169\.254 is a link-local/],
        ['http://10.20.0.5/hook', /^url: 10\.20\.0\.5 is a private address$/],
        ['http://[::1]:8080/hook', /^url: ::1 is a loopback address$/],
      ] as const;
      const before = receiver.requests.length;
      for (const [index, [target, reason]] of targets.entries()) {
        const { key } = await oneEvent({ kind: 'webhook', target }, 28 + index);
        assert.deepEqual(await strict.deliverDue(), { delivered: 0, retried: 0, dead: 1 });
        const delivery = await deliveryOf(key);
        assert.equal(delivery.status, 'dead');
        assert.match(delivery.last_error ?? '', reason);
      }
      assert.equal(receiver.requests.length, before, 'nothing was sent');
    });

    it('delivers e-mail over SMTP with the key in a header and a Message-ID derived from it, retrying a 451', async () => {
      const { event, key } = await oneEvent({ kind: 'email', target: 'soc@grid.example' }, 9);
      const worker = workerWith();
      smtp.refuseNext(1, { responseCode: 451, message: 'Requested action aborted: local error in processing' });
      assert.deepEqual(await worker.deliverDue(), { delivered: 0, retried: 1, dead: 0 });
      assert.match((await deliveryOf(key)).last_error ?? '', /451/);
      clock = at(clock, 500);
      assert.deepEqual(await worker.deliverDue(), { delivered: 1, retried: 0, dead: 0 });
      const messages = smtp.messages.filter((m) => m.header('x-clearinghouse-idempotency-key') === key);
      assert.equal(messages.length, 1);
      const [message] = messages;
      assert.deepEqual(message!.envelopeTo, ['soc@grid.example']);
      assert.equal(message!.envelopeFrom, 'notify@clearinghouse.example');
      assert.equal(message!.header('message-id'), messageIdFor(key, 'clearinghouse.example'));
      assert.equal(message!.header('x-clearinghouse-event'), 'exposure.new');
      assert.equal(message!.header('subject'), `[immediate] ${event.vulnId} affects pump-station-7`);
      assert.equal(event.vulnId, 'PYSEC-2012-2');
      assert.match(plainBody(message!.body), /PYSEC-2012-2 affects pkg:pypi\/django@1\.0\.1 on pump-station-7/);
      assert.match(plainBody(message!.body), /Fixed in: 1\.3\.2/);
      assert.equal((await deliveryOf(key)).status, 'delivered');
    });

    it('gives up the pending deliveries of a disabled subscription', async () => {
      const { sub, key } = await oneEvent({ kind: 'webhook', target: receiver.url }, 35);
      await fx.outbox.disableSubscription(sub.id, clock.toISOString());
      assert.deepEqual(await workerWith().deliverDue(), { delivered: 0, retried: 0, dead: 1 });
      assert.equal((await deliveryOf(key)).last_error, `subscription disabled at ${clock.toISOString()}`);
      assert.equal(requestsFor(key).length, 0);
    });

    it('makes one daily digest per digest subscription and day, once, with that subscription’s filters', async () => {
      await retireSubscriptions();
      const [pump, historian] = fx.assets;
      const created_at = '2026-07-01T12:00:00.000Z';
      const mailDigest = await fx.subscribe({ kind: 'email', target: 'manager@grid.example', digest: 'daily', min_priority: 'scheduled', asset_ids: JSON.stringify([pump!.id]), created_at });
      const hookDigest = await fx.subscribe({ kind: 'webhook', target: receiver.url, digest: 'daily', created_at });
      const otherDigest = await fx.subscribe({ kind: 'email', target: 'ops@water.example', digest: 'daily', org_id: fx.otherOrg.id, created_at });
      const lateDigest = await fx.subscribe({ kind: 'email', target: 'late@grid.example', digest: 'daily', created_at: '2026-07-15T00:00:00.000Z' });
      const day = '2026-07-14';
      const during = (time: string) => new Date(`${day}T${time}Z`);
      const events: ExposureNewEvent[] = [];
      for (const [index, asset, priority, time] of [
        [50, pump!, 'scheduled', '00:00:00.000'],
        [51, pump!, 'defer', '09:30:00.000'],
        [52, historian!, 'immediate', '23:59:59.999'],
      ] as const) {
        const event = sampleExposure(index, asset, priority, during(time).toISOString());
        events.push(event);
        await fx.enqueue([event], during(time));
      }
      await fx.enqueue([sampleExposure(53, pump!, 'immediate')], new Date('2026-07-15T00:00:00.000Z'));
      await fx.enqueue([sampleExposure(54, pump!, 'immediate')], new Date('2026-07-13T23:59:59.999Z'));

      clock = new Date('2026-07-16T00:05:00.000Z');
      const worker = workerWith({ digestDelayMs: 10 * 60_000 });
      assert.equal(worker.digestDay(), '2026-07-14', 'five minutes into the 16th, the 15th is still settling');
      clock = new Date('2026-07-15T00:10:00.000Z');
      assert.equal(worker.digestDay(), day);

      assert.equal(await worker.runDailyDigests(day), 2, 'the other organization had nothing that day; the late subscription began after it');
      assert.equal(await fx.outbox.hasDigestRun(lateDigest.id, day), false);
      assert.equal(await worker.runDailyDigests(day), 0, 'a day is digested once');
      const runs = await fx.store.db.selectFrom('digest_runs').selectAll().where('day', '=', day).orderBy('exposure_count').execute();
      assert.deepEqual(
        runs.map((r) => [r.subscription_id, r.exposure_count, r.outbox_id === null]).sort(),
        [
          [hookDigest.id, 3, false],
          [mailDigest.id, 1, false],
          [otherDigest.id, 0, true],
        ].sort(),
      );

      assert.deepEqual(await worker.drain(), { delivered: 2, retried: 0, dead: 0 });
      const mailKey = `digest:${fx.org.id}:${mailDigest.id}:${day}`;
      const [mail] = smtp.messages.filter((m) => m.header('x-clearinghouse-idempotency-key') === mailKey);
      assert.ok(mail);
      assert.deepEqual(mail.envelopeTo, ['manager@grid.example']);
      assert.equal(mail.header('subject'), `Daily digest ${day}: 1 new exposure`);
      assert.match(plainBody(mail.body), new RegExp(`\\[scheduled\\] ${events[0]!.vulnId} on pump-station-7`));
      assert.ok(!plainBody(mail.body).includes(events[1]!.vulnId), 'below the subscription priority');

      const hookKey = `digest:${fx.org.id}:${hookDigest.id}:${day}`;
      const [hook] = receiver.deliveries.filter((r) => r.idempotencyKey === hookKey);
      assert.ok(hook?.signature.ok);
      const digest = (JSON.parse(hook.rawBody.toString('utf8')) as { type: string; data: DailyDigestEvent }).data;
      assert.equal(digest.type, 'digest.daily');
      assert.deepEqual([digest.day, digest.total, digest.subscriptionId], [day, 3, hookDigest.id]);
      assert.deepEqual(digest.exposures, events);

      assert.equal(await worker.runDailyDigests(day), 0);
      assert.deepEqual(await worker.drain(), { delivered: 0, retried: 0, dead: 0 }, 'nothing is sent twice');
      for (const s of [mailDigest, hookDigest, otherDigest, lateDigest]) await fx.outbox.disableSubscription(s.id, clock.toISOString());
    });

    it('runs until stopped, and on stop finishes and records the delivery in hand', async () => {
      const worker = workerWith({ now: () => new Date(), pollMs: 10, sendTimeoutMs: 300, leaseMs: 60_000 });
      worker.start();
      const { key } = await oneEvent({ kind: 'webhook', target: receiver.url }, 36);
      await waitFor(async () => (await deliveryOf(key)).status === 'delivered');
      assert.equal(receiver.deliveries.filter((r) => r.idempotencyKey === key).length, 1);

      receiver.answerNext('hang');
      const hanging = await oneEvent({ kind: 'webhook', target: receiver.url }, 37);
      await waitFor(() => requestsFor(hanging.key).length === 1);
      await worker.stop();
      const interrupted = await deliveryOf(hanging.key);
      assert.deepEqual([interrupted.status, interrupted.attempts, interrupted.lease_owner], ['pending', 1, null]);
      assert.equal(interrupted.last_error, 'no complete response within 300 ms');
    });
  });
}
