import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { repoRoot } from '../../testing/shared-data.js';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../../testing/webhook-test-receiver.js';
import { sendWebhook, type WebhookDelivery } from './webhook-sender.js';

/** A real OSV record (Werkzeug's first in sample-data) wrapped as the notification payload. */
const record = readFileSync(join(repoRoot, 'sample-data/osv-sample.jsonl'), 'utf8')
  .split('\n')
  .find((line) => line.includes('"purl":"pkg:pypi/werkzeug"'));
const body = JSON.stringify({ event: 'vulnerability.affects-inventory', asset: 'Pumpstation – SCADA', vulnerability: JSON.parse(record!) });
const secret = 'whsec_sender_test';

describe('webhook sender against a receiver on loopback', () => {
  let receiver: WebhookTestReceiver;
  let keySerial = 0;
  let delivery: WebhookDelivery;
  before(async () => {
    receiver = await startWebhookTestReceiver({ secret });
  });
  after(async () => {
    await receiver.close();
  });
  beforeEach(() => {
    keySerial += 1;
    delivery = {
      url: receiver.url,
      secret,
      event: 'vulnerability.affects-inventory',
      idempotencyKey: `ntf-${keySerial}`,
      body,
      timeoutMs: 5000,
      guard: { allowPrivateTargets: true },
    };
  });
  const requestsFor = (key: string) => receiver.requests.filter((r) => r.idempotencyKey === key);
  const deliveriesFor = (key: string) => receiver.deliveries.filter((r) => r.idempotencyKey === key);

  it('delivers on 200, signed and byte for byte', async () => {
    assert.deepEqual(await sendWebhook(delivery), { outcome: 'delivered', status: 200 });
    const [received] = deliveriesFor(delivery.idempotencyKey);
    assert.ok(received);
    assert.equal(received.method, 'POST');
    assert.equal(received.path, '/hooks/clearinghouse');
    assert.equal(received.rawBody.toString('utf8'), body);
    assert.equal(received.headers['content-type'], 'application/json');
    assert.equal(received.headers['clearinghouse-event'], 'vulnerability.affects-inventory');
    assert.ok(received.signature.ok);
  });

  it('retries on 500, and the retry with the same key is delivered once', async () => {
    receiver.answerNext(500);
    const first = await sendWebhook(delivery);
    assert.equal(first.outcome, 'retry');
    assert.equal(first.outcome === 'retry' && first.status, 500);
    assert.match(first.outcome === 'retry' ? first.reason : '', /HTTP 500: answered 500/);
    assert.equal(deliveriesFor(delivery.idempotencyKey).length, 0);
    assert.equal((await sendWebhook(delivery)).outcome, 'delivered');
    // A duplicate after success (say the worker crashed before recording it) is acknowledged, not taken twice.
    assert.equal((await sendWebhook(delivery)).outcome, 'delivered');
    assert.equal(requestsFor(delivery.idempotencyKey).length, 3);
    assert.equal(deliveriesFor(delivery.idempotencyKey).length, 1);
  });

  it('retries on 408 and 429', async () => {
    receiver.answerNext(408, 429);
    assert.equal((await sendWebhook(delivery)).outcome, 'retry');
    assert.equal((await sendWebhook(delivery)).outcome, 'retry');
  });

  it('rejects on 404 for good', async () => {
    receiver.answerNext(404);
    const outcome = await sendWebhook(delivery);
    assert.deepEqual(outcome, { outcome: 'rejected', status: 404, reason: 'HTTP 404: answered 404' });
  });

  it('rejects a redirect without following it', async () => {
    receiver.answerNext(302);
    const outcome = await sendWebhook(delivery);
    assert.equal(outcome.outcome, 'rejected');
    assert.equal(outcome.outcome === 'rejected' && outcome.status, 302);
    assert.match(outcome.outcome === 'rejected' ? outcome.reason : '', /redirect to \/redirected not followed/);
    assert.equal(requestsFor(delivery.idempotencyKey).length, 1);
    assert.equal(receiver.requests.filter((r) => r.path === '/redirected').length, 0);
  });

  it('retries when the receiver does not answer in time', async () => {
    receiver.answerNext('hang');
    const outcome = await sendWebhook({ ...delivery, timeoutMs: 200 });
    assert.deepEqual(outcome, { outcome: 'retry', reason: 'no complete response within 200 ms' });
    assert.equal(requestsFor(delivery.idempotencyKey)[0]?.answer, 'hang');
  });

  it('is rejected by a receiver holding another secret', async () => {
    const outcome = await sendWebhook({ ...delivery, secret: 'whsec_wrong' });
    assert.equal(outcome.outcome, 'rejected');
    assert.equal(outcome.outcome === 'rejected' && outcome.status, 401);
    const [received] = requestsFor(delivery.idempotencyKey);
    assert.ok(received && !received.signature.ok && received.signature.failure === 'signature-mismatch');
    assert.equal(deliveriesFor(delivery.idempotencyKey).length, 0);
  });

  it('refuses a loopback target when private targets are not allowed, without connecting', async () => {
    const outcome = await sendWebhook({ ...delivery, guard: { allowPrivateTargets: false } });
    assert.equal(outcome.outcome, 'rejected');
    assert.match(outcome.outcome === 'rejected' ? outcome.reason : '', /127\.0\.0\.1 is a loopback address/);
    assert.equal(requestsFor(delivery.idempotencyKey).length, 0);
  });

  it('connects to the checked address, not to a fresh lookup of the name', async () => {
    const port = new URL(receiver.url).port;
    const outcome = await sendWebhook({
      ...delivery,
      url: `http://hooks.clearinghouse.invalid:${port}/hooks/clearinghouse`,
      guard: { allowPrivateTargets: true, resolveHost: async () => [{ address: '127.0.0.1', family: 4 }] },
    });
    assert.deepEqual(outcome, { outcome: 'delivered', status: 200 });
    assert.equal(requestsFor(delivery.idempotencyKey)[0]?.headers.host, `hooks.clearinghouse.invalid:${port}`);
  });

  it('retries when the name does not resolve, or nothing listens', async () => {
    const unresolved = await sendWebhook({
      ...delivery,
      url: 'https://hooks.clearinghouse.invalid/',
      guard: {
        allowPrivateTargets: false,
        resolveHost: async () => {
          throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
        },
      },
    });
    assert.deepEqual(unresolved, { outcome: 'retry', reason: 'url: host hooks.clearinghouse.invalid did not resolve (EAI_AGAIN)' });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await sendWebhook({ ...delivery, url: `http://127.0.0.1:${port}/` });
    assert.deepEqual(refused, { outcome: 'retry', reason: 'network error: ECONNREFUSED' });
  });

  it('rejects a URL that is not http(s)', async () => {
    const outcome = await sendWebhook({ ...delivery, url: 'file:///etc/passwd' });
    assert.equal(outcome.outcome, 'rejected');
  });
});
