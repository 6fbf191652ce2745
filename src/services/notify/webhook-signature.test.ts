import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../testing/shared-data.js';
import {
  eventHeader,
  idempotencyKeyHeader,
  signatureHeader,
  signWebhookBody,
  verifyWebhookSignature,
  webhookHeaders,
} from './webhook-signature.js';

/** A real OSV record (Jinja2's PYSEC-2014-82, from sample-data) as the notification payload, plus non-ASCII text. */
const record = readFileSync(join(repoRoot, 'sample-data/osv-sample.jsonl'), 'utf8')
  .split('\n')
  .find((line) => line.includes('"id":"PYSEC-2014-82"'));
const body = JSON.stringify({ event: 'vulnerability.affects-inventory', note: 'Pröduct № 7', vulnerability: JSON.parse(record!) });
const secret = 'whsec_test_3f9a';
const now = new Date('2026-07-01T12:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('webhook signatures', () => {
  it('signs and verifies a round trip, byte for byte', () => {
    const header = signWebhookBody(secret, body, t);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.deepEqual(verifyWebhookSignature(secret, header, body, { now }), { ok: true, timestampSeconds: t });
    // The receiver sees bytes, not a string: the UTF-8 encoding must verify the same.
    assert.equal(verifyWebhookSignature(secret, header, Buffer.from(body, 'utf8'), { now }).ok, true);
  });

  it('builds the three delivery headers', () => {
    const headers = webhookHeaders({ secret, body, event: 'vulnerability.affects-inventory', idempotencyKey: 'ntf-1', now });
    assert.equal(headers[idempotencyKeyHeader], 'ntf-1');
    assert.equal(headers[eventHeader], 'vulnerability.affects-inventory');
    assert.equal(headers[signatureHeader], signWebhookBody(secret, body, t));
  });

  it('rejects a tampered body, a wrong secret and a changed timestamp', () => {
    const header = signWebhookBody(secret, body, t);
    const tampered = body.replace('2.7.2', '2.7.3');
    assert.notEqual(tampered, body);
    for (const check of [
      verifyWebhookSignature(secret, header, tampered, { now }),
      verifyWebhookSignature('whsec_other', header, body, { now }),
      // The timestamp is inside the HMAC, so freshening it to dodge the tolerance breaks the signature.
      verifyWebhookSignature(secret, header.replace(`t=${t}`, `t=${t + 60}`), body, { now }),
    ]) {
      assert.equal(check.ok, false);
      assert.equal(!check.ok && check.failure, 'signature-mismatch');
    }
  });

  it('refuses signatures outside the tolerance, in either direction', () => {
    const header = signWebhookBody(secret, body, t);
    const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000);
    assert.equal(verifyWebhookSignature(secret, header, body, { now: at(300), toleranceSeconds: 300 }).ok, true);
    const late = verifyWebhookSignature(secret, header, body, { now: at(301), toleranceSeconds: 300 });
    assert.equal(!late.ok && late.failure, 'timestamp-out-of-tolerance');
    const early = verifyWebhookSignature(secret, header, body, { now: at(-301), toleranceSeconds: 300 });
    assert.equal(!early.ok && early.failure, 'timestamp-out-of-tolerance');
    const tight = verifyWebhookSignature(secret, header, body, { now: at(11), toleranceSeconds: 10 });
    assert.equal(!tight.ok && tight.failure, 'timestamp-out-of-tolerance');
  });

  it('names missing and malformed headers', () => {
    const missing = verifyWebhookSignature(secret, undefined, body, { now });
    assert.equal(!missing.ok && missing.failure, 'missing-header');
    for (const header of ['', 'garbage', `t=${t}`, 'v1=' + 'a'.repeat(64), `t=${t},v1=abc`, `t=soon,v1=${'a'.repeat(64)}`]) {
      const check = verifyWebhookSignature(secret, header, body, { now });
      assert.equal(check.ok, false, header);
      assert.ok(!check.ok && ['missing-header', 'malformed-header'].includes(check.failure), header);
      assert.ok(!check.ok && check.message.length > 0);
    }
  });

  it('accepts any matching v1 entry, as during a secret rotation', () => {
    const current = signWebhookBody(secret, body, t);
    const previous = signWebhookBody('whsec_previous', body, t);
    const both = `${previous},${current.split(',')[1]!}`;
    assert.equal(verifyWebhookSignature(secret, both, body, { now }).ok, true);
    assert.equal(verifyWebhookSignature('whsec_previous', both, body, { now }).ok, true);
    assert.equal(verifyWebhookSignature('whsec_unknown', both, body, { now }).ok, false);
  });
});
