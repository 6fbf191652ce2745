import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { createTestStore, testDialects, type TestStore } from '../../testing/test-stores.js';
import { readJsonLines, repoRoot, sharedDataPath } from '../../testing/shared-data.js';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import { decodeCursor, encodeCursor, isCursorError } from './feed-cursor.js';
import { FeedCursorStore } from './feed-cursor-store.js';
import { parsePage, reprDigestSha256, sha256Of, type FeedPage } from './feed-page.js';
import { defaultFeedSettings, FeedService } from './feed-service.js';

const sampleData = join(repoRoot, 'sample-data');
const epssFixture = join(repoRoot, 'src/services/import/fixtures/epss-sample.csv');

/** Reads a page, checking that its digests cover its body. */
async function fetchPage(feed: FeedService, since: string | undefined, limit?: number): Promise<FeedPage> {
  const result = await feed.page({ since, limit });
  assert.ok('page' in result, JSON.stringify(result));
  const digest = sha256Of(result.page.body);
  assert.equal(result.page.sha256, digest.hex);
  assert.equal(reprDigestSha256(result.page.reprDigest), digest.base64);
  const parsed = parsePage(result.page.body);
  assert.ok('page' in parsed, JSON.stringify(parsed));
  return parsed.page;
}

/** Follows `next` while `more` holds. */
async function pullAll(feed: FeedService, since: string | undefined, limit?: number): Promise<{ pages: FeedPage[]; next: string }> {
  const pages: FeedPage[] = [];
  let cursor = since;
  for (;;) {
    const page = await fetchPage(feed, cursor, limit);
    pages.push(page);
    cursor = page.next;
    if (!page.more) return { pages, next: cursor };
  }
}

const recordsOf = (pages: FeedPage[]): OsvRecord[] => pages.flatMap((p) => p.records as OsvRecord[]);

/** Imports records through the importer, as a JSON Lines file. */
async function importRecords(ch: Clearinghouse, dir: string, records: readonly object[]): Promise<void> {
  const path = join(dir, `import-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n'));
  const summary = await ch.importer.importPaths([path]);
  assert.equal(summary.rejected, 0, JSON.stringify(summary.rejections));
}

/** A change written in another connection and left uncommitted, as a concurrent importer's would be. */
interface OpenWrite {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

async function beginWrite(test: TestStore, record: OsvRecord): Promise<OpenWrite> {
  const values = [record.id, record.modified, Date.parse(record.modified), record.published ?? null, null, 'osv', JSON.stringify(record)];
  if (test.dialect === 'postgres') {
    const client = new pg.Client({ connectionString: test.location });
    await client.connect();
    await client.query('begin');
    await client.query('insert into vulnerabilities (id, modified, modified_ms, published, withdrawn, source, record) values ($1, $2, $3, $4, $5, $6, $7)', values);
    await client.query('insert into vulnerability_changes (vuln_id) values ($1)', [record.id]);
    const end = async (sql: string): Promise<void> => {
      await client.query(sql);
      await client.end();
    };
    return { commit: () => end('commit'), rollback: () => end('rollback') };
  }
  const db = new BetterSqlite3(test.location);
  db.exec('begin immediate');
  db.prepare('insert into vulnerabilities (id, modified, modified_ms, published, withdrawn, source, record) values (?, ?, ?, ?, ?, ?, ?)').run(...values);
  db.prepare('insert into vulnerability_changes (vuln_id) values (?)').run(record.id);
  const end = (sql: string): Promise<void> => {
    db.exec(sql);
    db.close();
    return Promise.resolve();
  };
  return { commit: () => end('commit'), rollback: () => end('rollback') };
}

for (const dialect of testDialects) {
  describe(`FeedService on ${dialect}`, () => {
    let test: TestStore;
    let ch: Clearinghouse;
    let feed: FeedService;
    let tmp: string;
    let storedIds: string[];
    /** Real records the store does not hold yet. */
    let fresh: OsvRecord[];
    /** Where the first full pull ended. */
    let caughtUp: string;

    before(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'ch-feed-'));
      test = await createTestStore(dialect);
      ch = await openClearinghouse({ db: test.location, loadIndex: false });
      await ch.importer.importPaths([sampleData, epssFixture]);
      feed = new FeedService(ch.store, { defaultLimit: 100, maxLimit: 1000, epssScoresPerRecord: 1, epssFingerprintMaxAgeMs: 0 });
      storedIds = (await ch.store.db.selectFrom('vulnerabilities').select('id').execute()).map((r) => r.id).sort();
      fresh = [];
      for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv/julia.jsonl.gz'))) {
        if (!storedIds.includes(record.id)) fresh.push(record);
        if (fresh.length === 10) break;
      }
    });
    after(async () => {
      await ch.close();
      await test.dispose();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('serves every stored record once, in pages of at most the limit, then the KEV catalog and the EPSS scores', async () => {
      const { pages, next } = await pullAll(feed, undefined, 50);
      caughtUp = next;
      const records = recordsOf(pages);
      assert.equal(storedIds.length, 396, '371 OSV and 25 CVE sample records');
      assert.deepEqual(records.map((r) => r.id).sort(), storedIds);
      assert.ok(pages.every((p) => p.records.length <= 50));
      assert.equal(pages.filter((p) => p.records.length === 50).length, 7);
      for (const record of records) assert.deepEqual(record, JSON.parse((await ch.vulnerabilities.get(record.id))!), record.id);
      const kevPages = pages.filter((p) => p.kev_entries !== undefined);
      assert.equal(kevPages.length, 1, 'the catalog comes once, whole');
      assert.equal(kevPages[0]!.kev_entries!.length, 1404);
      const log4shell = kevPages[0]!.kev_entries!.find((e) => e.cveID === 'CVE-2021-44228');
      assert.equal(log4shell?.catalogVersion, '2025.08.25');
      assert.equal(log4shell?.vendorProject, 'Apache');
      assert.deepEqual(
        pages.flatMap((p) => p.epss_scores),
        [
          { cve: 'CVE-2021-44228', epss: 0.94358, percentile: 0.99993, model_version: 'v2023.03.01', score_date: '2025-08-25T00:00:00+0000' },
          { cve: 'CVE-2023-4863', epss: 0.51, percentile: 0.97, model_version: 'v2023.03.01', score_date: '2025-08-25T00:00:00+0000' },
        ],
      );
    });

    it('gives nothing after the last cursor, and the same page for the same cursor', async () => {
      const first = await feed.page({ since: caughtUp });
      const second = await feed.page({ since: caughtUp });
      assert.ok('page' in first && 'page' in second);
      assert.equal(first.page.body, second.page.body);
      assert.deepEqual(JSON.parse(first.page.body), { next: caughtUp, more: false, records: [], epss_scores: [] });
    });

    it('serves a record changed several times once, at its current version, with the records added since', async () => {
      const plain = JSON.parse((await ch.vulnerabilities.get('PYSEC-2008-2'))!) as OsvRecord;
      for (const day of ['2030-01-01', '2030-01-02', '2030-01-03']) {
        await importRecords(ch, tmp, [{ ...plain, modified: `${day}T00:00:00Z`, summary: `changed on ${day}` }]);
      }
      await importRecords(ch, tmp, fresh.slice(0, 3));
      const { pages, next } = await pullAll(feed, caughtUp, 2);
      const records = recordsOf(pages);
      assert.deepEqual(records.map((r) => r.id), ['PYSEC-2008-2', ...fresh.slice(0, 3).map((r) => r.id)]);
      assert.equal(records[0]!.summary, 'changed on 2030-01-03');
      assert.deepEqual(pages.map((p) => p.records.length), [2, 2]);
      caughtUp = next;
    });

    it('sends the whole KEV catalog again when an entry changes, and EPSS slices again when a score changes', async () => {
      const [entry] = await ch.kev.forCves(['CVE-2021-44228']);
      assert.ok(entry);
      await ch.kev.upsertCatalog([{ ...entry, due_date: '2030-12-31', catalog_version: '2030.01.01' }]);
      await ch.epss.upsert([{ cve_id: 'CVE-2023-4863', epss: 0.6, percentile: 0.98, score_date: '2025-08-26T00:00:00+0000', model_version: 'v2023.03.01' }]);
      const { pages, next } = await pullAll(feed, caughtUp, 1);
      assert.equal(pages.length, 2, 'one EPSS score a page');
      assert.equal(pages[0]!.kev_entries?.length, 1404);
      assert.equal(pages[1]!.kev_entries, undefined);
      const changed = pages[0]!.kev_entries?.find((e) => e.cveID === 'CVE-2021-44228');
      assert.equal(changed?.dueDate, '2030-12-31');
      assert.equal(changed?.catalogVersion, '2030.01.01');
      assert.deepEqual(
        pages.map((p) => p.epss_scores.map((s) => [s.cve, s.epss])),
        [[['CVE-2021-44228', 0.94358]], [['CVE-2023-4863', 0.6]]],
      );
      assert.deepEqual(recordsOf(pages), []);
      const after = await fetchPage(feed, next);
      assert.deepEqual([after.records, after.kev_entries, after.epss_scores, after.more], [[], undefined, [], false]);
      caughtUp = next;
    });

    it('reuses an EPSS fingerprint for its maximum age, so a score change reaches clients at most that late', async () => {
      const cached = new FeedService(ch.store, defaultFeedSettings);
      assert.deepEqual((await fetchPage(cached, caughtUp)).epss_scores, []);
      await ch.epss.upsert([{ cve_id: 'CVE-2023-4863', epss: 0.7, percentile: 0.99, score_date: '2025-08-27T00:00:00+0000', model_version: 'v2023.03.01' }]);
      assert.deepEqual((await fetchPage(cached, caughtUp)).epss_scores, [], 'within the maximum age the change is not seen yet');
      const { pages, next } = await pullAll(feed, caughtUp);
      assert.deepEqual(
        pages.flatMap((p) => p.epss_scores).map((s) => [s.cve, s.epss]),
        [['CVE-2021-44228', 0.94358], ['CVE-2023-4863', 0.7]],
      );
      caughtUp = next;
    });

    it('does not pass a change still in flight in another connection, then serves it once committed', async () => {
      const [inFlight, later, rolledBack, afterGap] = fresh.slice(3, 7);
      assert.ok(inFlight && later && rolledBack && afterGap);
      const open = await beginWrite(test, inFlight);
      try {
        // On PostgreSQL a later change can commit first; SQLite's single writer lock rules that out.
        if (dialect === 'postgres') await importRecords(ch, tmp, [later]);
        const held = await fetchPage(feed, caughtUp);
        assert.deepEqual(held.records, []);
        assert.equal(held.next, caughtUp, 'the cursor stays before the change in flight');
      } finally {
        await open.commit();
      }
      if (dialect === 'sqlite') await importRecords(ch, tmp, [later]);
      const { pages, next } = await pullAll(feed, caughtUp);
      assert.deepEqual(recordsOf(pages).map((r) => r.id), [inFlight.id, later.id]);
      const abandoned = await beginWrite(test, rolledBack);
      await abandoned.rollback();
      await importRecords(ch, tmp, [afterGap]);
      const past = await pullAll(feed, next);
      assert.deepEqual(recordsOf(past.pages).map((r) => r.id), [afterGap.id], 'a rolled-back change leaves a gap that is passed');
      assert.ok(decodeCursorSeq(past.next) > decodeCursorSeq(next));
    });

    it('refuses a malformed or foreign cursor and a bad limit, naming the parameter', async () => {
      for (const since of ['not a cursor', 'eyJ2IjoyfQ', Buffer.from('{"v":1,"s":-1,"k":"","e":""}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
        const result = await feed.page({ since });
        assert.ok('error' in result, since);
        assert.equal(result.error.field, 'since');
        assert.match(result.error.message, /not a cursor this feed issued/);
      }
      const ahead = await feed.page({ since: encodeCursor({ seq: 1_000_000, kev: '', epss: '' }) });
      assert.ok('error' in ahead);
      assert.deepEqual([ahead.error.field, /ahead of this server's change log/.test(ahead.error.message)], ['since', true]);
      for (const limit of [0, -1, 1.5, 1001]) {
        const result = await feed.page({ limit });
        assert.ok('error' in result, String(limit));
        assert.equal(result.error.field, 'limit');
        assert.match(result.error.message, /from 1 to 1000/);
      }
    });

    it('remembers one cursor per feed URL, replacing it on each page', async () => {
      const cursors = new FeedCursorStore(ch.store);
      assert.equal(await cursors.get('http://a.example/v1/feed'), undefined);
      await cursors.put('http://a.example/v1/feed', 'first', new Date('2030-01-01T00:00:00Z'));
      await cursors.put('http://a.example/v1/feed', 'second', new Date('2030-01-02T00:00:00Z'));
      await cursors.put('http://b.example/v1/feed', 'other', new Date('2030-01-02T00:00:00Z'));
      assert.equal(await cursors.get('http://a.example/v1/feed'), 'second');
      assert.equal(await cursors.get('http://b.example/v1/feed'), 'other');
    });
  });
}

function decodeCursorSeq(text: string): number {
  const cursor = decodeCursor(text);
  assert.ok(!isCursorError(cursor));
  return cursor.seq;
}
