import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { CsafDocument } from '../../../domain/publication/csaf-json.js';
import { openClearinghouse, type Clearinghouse } from '../../../services/clearinghouse.js';
import { csafErrors } from '../../../services/publication/validate-publication.js';
import type { ServiceError } from '../../../services/service-error.js';
import { sampleCase } from '../../../testing/publication-samples.js';
import { createTestStore, testDialects, type TestStore } from '../../../testing/test-stores.js';
import { buildApp } from '../../app.js';

const settings = {
  origin: 'https://clearinghouse.example',
  publisher: { name: 'AI Cybersecurity Clearinghouse', namespace: 'https://clearinghouse.example', contactDetails: 'mailto:disclosure@clearinghouse.example', cnaOrgId: '9f2b6c1e-2d4a-4b8e-9c3f-1a2b3c4d5e6f', cnaShortName: 'clearinghouse' },
};

interface Feed {
  feed: { entry: { id: string; content: { src: string }; updated: string }[] };
}

for (const dialect of testDialects) {
  describe(`publication and the CSAF provider on ${dialect}`, () => {
    let store: TestStore;
    let ch: Clearinghouse;
    let app: FastifyInstance;
    const tmp = mkdtempSync(join(tmpdir(), 'ch-csaf-provider-'));
    const get = (url: string) => app.inject({ method: 'GET', url });

    before(async () => {
      store = await createTestStore(dialect);
      ch = await openClearinghouse({ db: store.location, loadIndex: true, publication: settings });
      app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot: join(tmp, 'no-web'), logger: false, operators: ch });
    });
    after(async () => {
      await app.close();
      await ch.close();
      await store.dispose();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('serves a published case as a valid CSAF advisory listed in the feed, and its OSV record from the knowledge base', async () => {
      const published = await ch.publications.publish(sampleCase);
      assert.equal(published.csafUrl, 'https://clearinghouse.example/.well-known/csaf/white/2026/ch-2026-0042.json');
      assert.deepEqual(published.imported, { added: 1, updated: 0, unchanged: 0 });

      const metadata = await get('/.well-known/csaf/provider-metadata.json');
      assert.equal(metadata.statusCode, 200);
      const provider = metadata.json<{ role: string; canonical_url: string; distributions: { rolie: { feeds: { url: string }[] } }[] }>();
      assert.equal(provider.role, 'csaf_provider');
      assert.equal(provider.canonical_url, 'https://clearinghouse.example/.well-known/csaf/provider-metadata.json');
      assert.equal(provider.distributions[0]!.rolie.feeds[0]!.url, 'https://clearinghouse.example/.well-known/csaf/feed-tlp-white.json');

      const feed = (await get('/.well-known/csaf/feed-tlp-white.json')).json<Feed>();
      assert.deepEqual(feed.feed.entry.map((e) => [e.id, e.content.src]), [['CH-2026-0042', published.csafUrl]]);
      const served = await get(new URL(published.csafUrl).pathname);
      assert.equal(served.statusCode, 200);
      assert.match(String(served.headers['content-type']), /^application\/json/);
      const advisory = served.json<CsafDocument>();
      assert.equal(advisory.document.tracking.id, 'CH-2026-0042');
      assert.deepEqual(await csafErrors(advisory), []);

      const osv = await get('/v1/vulns/x_CH-2026-0042');
      assert.equal(osv.statusCode, 200, osv.body);
      assert.deepEqual(osv.json<{ aliases: string[] }>().aliases, ['CVE-2026-12345']);
      const affected = await app.inject({ method: 'POST', url: '/v1/query', payload: { package: { purl: 'pkg:pypi/markdown-render-py@1.4.1' } } });
      assert.deepEqual(affected.json<{ vulns: { id: string }[] }>().vulns.map((v) => v.id), ['x_CH-2026-0042']);
    });

    it('refuses a case whose documents would be invalid, storing nothing; a republication replaces the first', async () => {
      await assert.rejects(
        ch.publications.publish({ ...sampleCase, id: 'CH-2026-0043', affected: [{ purl: 'pkg:npm/x', fixed: 'not a version' }] }),
        (e: ServiceError) => e.kind === 'invalid' && e.field !== undefined && e.field.startsWith('/affected/0'),
      );
      assert.equal((await get('/.well-known/csaf/white/2026/ch-2026-0043.json')).statusCode, 404);
      assert.equal((await get('/v1/vulns/x_CH-2026-0043')).statusCode, 404);

      const revised = { ...sampleCase, modified: '2026-04-01T09:00:00Z', revisions: [...sampleCase.revisions, { date: '2026-04-01T09:00:00Z', summary: 'Credited the vendor.' }] };
      const again = await ch.publications.publish(revised);
      assert.deepEqual(again.imported, { added: 0, updated: 1, unchanged: 0 });
      const feed = (await get('/.well-known/csaf/feed-tlp-white.json')).json<Feed>();
      assert.deepEqual(feed.feed.entry.map((e) => [e.id, e.updated]), [['CH-2026-0042', '2026-04-01T09:00:00Z']]);
      assert.equal((await get('/.well-known/csaf/white/2026/ch-2026-0042.json')).json<CsafDocument>().document.tracking.version, '3');
      assert.equal((await get('/.well-known/csaf/white/2026/CH-2026-0042.json')).statusCode, 400);
    });
  });
}
