import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../http/app.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { readJsonLines, repoRoot, sharedDataPath } from '../../testing/shared-data.js';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import { feedUrlOf, pullFeed, type FeedPageProgress, type FeedPullSummary } from './feed-client.js';
import { FeedCursorStore } from './feed-cursor-store.js';
import { FeedService } from './feed-service.js';

/** Everything a scan reads from a store, in a comparable order. */
async function contents(ch: Clearinghouse): Promise<unknown> {
  const db = ch.store.db;
  return {
    records: await db.selectFrom('vulnerabilities').select(['id', 'modified', 'modified_ms', 'published', 'withdrawn', 'record']).orderBy('id').execute(),
    aliases: await db.selectFrom('vulnerability_aliases').selectAll().orderBy('alias').orderBy('vuln_id').execute(),
    kev: await db.selectFrom('kev_entries').selectAll().orderBy('cve_id').execute(),
    epss: await db.selectFrom('epss_scores').selectAll().orderBy('cve_id').execute(),
  };
}

/** What the proxy does to the n-th feed request (1-based). */
type ProxyAction = 'pass' | 'cut' | 'tamper' | 'strip-digest' | 'invalid-record';

/**
 * A loopback proxy in front of the server that can cut the connection, alter a page after
 * it was digested, drop the digest, or serve a bad record under a correct digest.
 */
async function startProxy(target: string, plan: { action: (n: number) => ProxyAction; requests: string[] }): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    plan.requests.push(req.url ?? '');
    const action = plan.action(plan.requests.length);
    if (action === 'cut') {
      res.socket?.destroy();
      return;
    }
    void (async () => {
      const upstream = await fetch(`${target}${req.url ?? ''}`);
      let body = Buffer.from(await upstream.arrayBuffer());
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (name !== 'content-length' && name !== 'connection' && name !== 'keep-alive') headers[name] = value;
      });
      if (action === 'tamper') body = Buffer.from(body.toString('utf8').replace('"modified":"', '"modified":"1'));
      if (action === 'strip-digest') delete headers['repr-digest'];
      if (action === 'invalid-record') {
        body = Buffer.from(body.toString('utf8').replace(/"modified":"[^"]*"/, '"modified":"not a date"'));
        const digest = createHash('sha256').update(body).digest();
        headers['repr-digest'] = `sha-256=:${digest.toString('base64')}:`;
        headers['page-sha256'] = digest.toString('hex');
      }
      res.writeHead(upstream.status, headers).end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

describe('pullFeed from a real server over loopback HTTP', () => {
  let tmp: string;
  let server: Clearinghouse;
  let app: FastifyInstance;
  let serverUrl: string;
  const clients: Clearinghouse[] = [];
  const proxies: Server[] = [];

  const openClient = async (name: string): Promise<Clearinghouse> => {
    const ch = await openClearinghouse({ db: join(tmp, `${name}.db`), loadIndex: false });
    clients.push(ch);
    return ch;
  };
  const pull = async (client: Clearinghouse, baseUrl: string, pages: FeedPageProgress[] = []): Promise<FeedPullSummary> => {
    const feed = feedUrlOf(baseUrl);
    assert.ok('url' in feed);
    return pullFeed({ feedUrl: feed.url, importer: client.importer, cursors: new FeedCursorStore(client.store), limit: 50, onPage: (p) => pages.push(p) });
  };
  const storedCursor = async (client: Clearinghouse, baseUrl: string): Promise<string | undefined> =>
    new FeedCursorStore(client.store).get(`${baseUrl}/v1/feed`);

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-feed-client-'));
    server = await openClearinghouse({ db: join(tmp, 'server.db'), loadIndex: true });
    const loaded = await server.importer.importPaths([join(repoRoot, 'sample-data'), join(repoRoot, 'src/services/import/fixtures/epss-sample.csv')]);
    assert.equal(loaded.added, 396 + 1404 + 2);
    app = await buildApp({ knowledgeBase: server.knowledgeBase, queries: server.queries, webRoot: join(tmp, 'no-web'), logger: false, feed: new FeedService(server.store) });
    serverUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    for (const proxy of proxies) proxy.close();
    await app.close();
    for (const ch of [server, ...clients]) await ch.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('copies every record, KEV entry and EPSS score into an empty store, then pulls nothing the second time unless restarted', async () => {
    const client = await openClient('full');
    const pages: FeedPageProgress[] = [];
    const first = await pull(client, serverUrl, pages);
    assert.equal(first.failure, undefined);
    assert.deepEqual([first.pages, first.added, first.updated, first.unchanged, first.rejected], [8, 396 + 1404 + 2, 0, 0, 0]);
    assert.deepEqual(pages.map((p) => p.records), [50, 50, 50, 50, 50, 50, 50, 46]);
    assert.deepEqual([pages[7]!.kevEntries, pages[7]!.epssScores], [1404, 2]);
    assert.deepEqual(await contents(client), await contents(server));

    const again: FeedPageProgress[] = [];
    const second = await pull(client, serverUrl, again);
    assert.deepEqual([second.pages, second.added, second.updated, second.unchanged, second.rejected], [1, 0, 0, 0, 0]);
    assert.deepEqual(again.map((p) => [p.records, p.kevEntries, p.epssScores]), [[0, 0, 0]]);

    const restarted = await pullFeed({ feedUrl: `${serverUrl}/v1/feed`, importer: client.importer, cursors: new FeedCursorStore(client.store), restart: true });
    assert.deepEqual([restarted.pages, restarted.added, restarted.updated, restarted.unchanged], [1, 0, 0, 396 + 1404 + 2], 'everything again, all unchanged');
  });

  it('then pulls only what changed on the server: updated and added records, and the KEV catalog once it changed', async () => {
    const client = clients[0]!;
    const changedRecords: OsvRecord[] = [];
    for (const id of ['PYSEC-2008-2', 'RUSTSEC-2017-0003']) {
      const record = JSON.parse((await server.vulnerabilities.get(id))!) as OsvRecord;
      changedRecords.push({ ...record, modified: '2030-06-01T00:00:00Z', summary: `${id}, revised` });
    }
    const added: OsvRecord[] = [];
    for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv/julia.jsonl.gz'))) {
      if ((await server.vulnerabilities.get(record.id)) === undefined) added.push(record);
      if (added.length === 3) break;
    }
    const file = join(tmp, 'changes.jsonl');
    writeFileSync(file, [...changedRecords, ...added].map((r) => JSON.stringify(r)).join('\n'));
    assert.equal((await server.importer.importPaths([file])).rejected, 0);
    const [entry] = await server.kev.forCves(['CVE-2021-44228']);
    await server.kev.upsertCatalog([{ ...entry!, due_date: '2030-12-31', catalog_version: '2030.06.01' }]);

    const pages: FeedPageProgress[] = [];
    const summary = await pull(client, serverUrl, pages);
    assert.deepEqual(pages.map((p) => [p.records, p.kevEntries, p.epssScores]), [[5, 1404, 0]]);
    assert.deepEqual([summary.added, summary.updated, summary.unchanged, summary.rejected], [3, 2 + 1, 1403, 0]);
    assert.equal(JSON.parse((await client.vulnerabilities.get('PYSEC-2008-2'))!).summary, 'PYSEC-2008-2, revised');
    assert.deepEqual(await contents(client), await contents(server));
  });

  it('resumes after the last page written when the server goes away mid-sync', async () => {
    const client = await openClient('interrupted');
    const plan = { action: (n: number): ProxyAction => (n <= 2 ? 'pass' : 'cut'), requests: [] as string[] };
    const proxy = await startProxy(serverUrl, plan);
    proxies.push(proxy.server);
    const cut = await pull(client, proxy.url);
    assert.equal(cut.failure?.page, 3);
    assert.match(cut.failure?.reason ?? '', /cannot fetch/);
    assert.equal(cut.pages, 2);
    assert.equal(await client.vulnerabilities.count(), 100, 'the two pages written, nothing more');
    const cursor = await storedCursor(client, proxy.url);
    assert.ok(cursor);

    plan.action = () => 'pass';
    plan.requests.length = 0;
    const rest: FeedPageProgress[] = [];
    const resumed = await pull(client, proxy.url, rest);
    assert.equal(resumed.failure, undefined);
    assert.equal(new URL(plan.requests[0]!, proxy.url).searchParams.get('since'), cursor, 'the rerun starts at the stored cursor');
    assert.equal(rest.reduce((n, p) => n + p.records, 0), 399 - 100);
    assert.deepEqual(await contents(client), await contents(server));
  });

  it('writes nothing from a page that does not match its SHA-256, or comes without one, and completes on a rerun', async () => {
    const client = await openClient('tampered');
    const plan = { action: (n: number): ProxyAction => (n === 2 ? 'tamper' : 'pass'), requests: [] as string[] };
    const proxy = await startProxy(serverUrl, plan);
    proxies.push(proxy.server);
    const tampered = await pull(client, proxy.url);
    assert.equal(tampered.failure?.page, 2);
    assert.match(tampered.failure?.reason ?? '', /does not match its SHA-256.*nothing from it was written/);
    assert.equal(tampered.pages, 1);
    assert.equal(await client.vulnerabilities.count(), 50, 'page 1 only');

    plan.action = () => 'strip-digest';
    const unsigned = await pull(client, proxy.url);
    assert.match(unsigned.failure?.reason ?? '', /no sha-256 Repr-Digest/);
    assert.equal(await client.vulnerabilities.count(), 50);

    plan.action = () => 'pass';
    const rerun = await pull(client, proxy.url);
    assert.equal(rerun.failure, undefined);
    assert.deepEqual(await contents(client), await contents(server));
  });

  it('validates pulled records like an import: a bad one is rejected with its page, the rest are written', async () => {
    const client = await openClient('invalid');
    const proxy = await startProxy(serverUrl, { action: (n) => (n === 1 ? 'invalid-record' : 'pass'), requests: [] });
    proxies.push(proxy.server);
    const summary = await pull(client, proxy.url);
    assert.equal(summary.failure, undefined);
    assert.equal(summary.rejected, 1);
    assert.deepEqual(summary.rejections[0]!.location, { file: `${proxy.url}/v1/feed page 1`, entry: '/records/0' });
    assert.match(summary.rejections[0]!.reason, /not valid OSV: \/modified must match/);
    assert.equal(await client.vulnerabilities.count(), 399 - 1);
  });

  it('reports a refused request with the problem detail, and reads server URLs with or without /v1/feed', async () => {
    const client = await openClient('refused');
    const refused = await pullFeed({ feedUrl: `${serverUrl}/v1/feed`, importer: client.importer, cursors: new FeedCursorStore(client.store), limit: 100_000 });
    assert.equal(refused.pages, 0);
    assert.match(refused.failure?.reason ?? '', /HTTP 400: \/querystring\/limit: must be <= 5000/);
    assert.deepEqual(feedUrlOf('https://ch.example.gov'), { url: 'https://ch.example.gov/v1/feed' });
    assert.deepEqual(feedUrlOf('https://ch.example.gov/mirror/'), { url: 'https://ch.example.gov/mirror/v1/feed' });
    assert.deepEqual(feedUrlOf('https://ch.example.gov/v1/feed'), { url: 'https://ch.example.gov/v1/feed' });
    assert.match((feedUrlOf('ftp://ch.example.gov') as { error: string }).error, /not an http\(s\) URL/);
    assert.match((feedUrlOf('ch.example.gov') as { error: string }).error, /not a URL/);
    assert.match((feedUrlOf('https://ch.example.gov/?since=x') as { error: string }).error, /without a query/);
  });
});
