import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openClearinghouse, type Clearinghouse } from '../../../services/clearinghouse.js';
import { FeedService } from '../../../services/feed/feed-service.js';
import { repoRoot } from '../../../testing/shared-data.js';
import { buildApp } from '../../app.js';

describe('GET /v1/feed', () => {
  let tmp: string;
  let ch: Clearinghouse;
  let app: FastifyInstance;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-feed-http-'));
    ch = await openClearinghouse({ db: join(tmp, 'server.db'), loadIndex: true });
    await ch.importer.importPaths([join(repoRoot, 'sample-data')]);
    app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot: join(tmp, 'no-web'), logger: false, feed: new FeedService(ch.store) });
  });
  after(async () => {
    await app.close();
    await ch.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('sends a page with its SHA-256 as an RFC 9530 Repr-Digest and in hex', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/feed?limit=7' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const digest = createHash('sha256').update(res.rawPayload).digest();
    assert.equal(res.headers['repr-digest'], `sha-256=:${digest.toString('base64')}:`);
    assert.equal(res.headers['page-sha256'], digest.toString('hex'));
    const page = res.json<{ next: string; more: boolean; records: { id: string }[] }>();
    assert.equal(page.records.length, 7);
    assert.equal(page.more, true);
    const next = await app.inject({ method: 'GET', url: `/v1/feed?limit=7&since=${page.next}` });
    assert.equal(next.statusCode, 200);
    const ids = next.json<{ records: { id: string }[] }>().records.map((r) => r.id);
    assert.equal(ids.length, 7);
    assert.ok(ids.every((id) => !page.records.some((r) => r.id === id)), 'the second page carries other records');
  });

  it('answers bad parameters with 400 problem+json naming the parameter', async () => {
    const cases: [string, string, RegExp][] = [
      ['/v1/feed?since=not-a-cursor', '/querystring/since', /not a cursor this feed issued/],
      ['/v1/feed?since=', '/querystring/since', /must NOT have fewer than 1 characters/],
      ['/v1/feed?limit=0', '/querystring/limit', /must be >= 1/],
      ['/v1/feed?limit=5001', '/querystring/limit', /must be <= 5000/],
      ['/v1/feed?limit=ten', '/querystring/limit', /must be integer/],
      ['/v1/feed?cursor=x', '/querystring', /must NOT have additional properties/],
    ];
    for (const [url, field, message] of cases) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 400, url);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, url);
      const body = res.json<{ status: number; errors: { field: string; message: string }[] }>();
      assert.equal(body.status, 400);
      assert.equal(body.errors[0]?.field, field, url);
      assert.match(body.errors[0]?.message ?? '', message, url);
    }
  });

  it('is described in the OpenAPI document, digest included', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, { get?: { parameters?: { name: string }[]; responses: Record<string, { description?: string; content?: Record<string, { schema: { description?: string } }> }> } }> }>();
    const get = doc.paths['/v1/feed']?.get;
    assert.ok(get);
    assert.deepEqual(get.parameters?.map((p) => p.name).sort(), ['limit', 'since']);
    assert.match(get.responses['200']?.content?.['application/json']?.schema.description ?? '', /Repr-Digest: sha-256=:<base64>:.*page-sha256/);
    assert.ok(get.responses['400']);
  });
});
