import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OsvRecord } from '../domain/osv/osv-record.js';
import { repoRoot } from '../testing/shared-data.js';
import { createTestStore, testDialects, type TestStore } from '../testing/test-stores.js';
import { openStore, type Store } from './database.js';
import { migrateToLatest } from './migrate.js';
import { PackageRecordRepository, type RecordPackage } from './package-records.js';
import { VulnerabilityRepository, type VulnerabilityWrite } from './vulnerability-repository.js';

/** Entries in one order, to compare listings whatever collation orders the store's ids; each entry's JSON as a value (PostgreSQL's jsonb reorders keys and spaces). */
function sorted(entries: readonly RecordPackage[]): string[] {
  return entries.map((p) => JSON.stringify([p.vulnId, p.ecosystem, p.name, canonical(JSON.parse(p.entry))])).sort();
}

/** A JSON value with object keys sorted, so equal values print equally. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
}

/** The real records `npm start` loads (sample-data/README.md), and two synthetic ones (OSV-TEST- ids) naming no package. */
const records: OsvRecord[] = [
  ...readFileSync(join(repoRoot, 'sample-data/osv-sample.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OsvRecord),
  { id: 'OSV-TEST-NULL-AFFECTED', modified: '2024-01-01T00:00:00Z', affected: null },
  {
    id: 'OSV-TEST-GIT-ONLY',
    modified: '2024-01-01T00:00:00Z',
    affected: [{ ranges: [{ type: 'GIT', repo: 'https://github.com/example/example', events: [{ introduced: '0' }] }] }],
  },
];

function toWrite(record: OsvRecord): VulnerabilityWrite {
  return {
    id: record.id,
    modified: record.modified,
    modifiedMs: Date.parse(record.modified),
    published: record.published ?? null,
    withdrawn: record.withdrawn ?? null,
    source: 'osv',
    aliases: record.aliases ?? [],
    record: JSON.stringify(record),
  };
}

/** What the records say, read in JavaScript: every affected package of every record. */
function expected(): RecordPackage[] {
  return records.flatMap((r) => (r.affected ?? []).flatMap((a) => (a.package ? [{ vulnId: r.id, ecosystem: a.package.ecosystem, name: a.package.name, entry: JSON.stringify(a) }] : [])));
}

for (const dialect of testDialects) {
  describe(`PackageRecordRepository on ${dialect}`, () => {
    let test: TestStore;
    let store: Store;
    let repo: PackageRecordRepository;
    before(async () => {
      test = await createTestStore(dialect);
      store = openStore(test.location);
      await migrateToLatest(store);
      await new VulnerabilityRepository(store).writeBatch(records.map(toWrite));
      repo = new PackageRecordRepository(store);
    });
    after(async () => {
      await store.close();
      await test.dispose();
    });

    it('lists every affected package of every record once, the entries of a record together, whatever the page size', async () => {
      const want = sorted(expected());
      assert.ok(want.length > records.length, 'some records name several packages');
      for (const pageSize of [7, 2000]) {
        const pages: RecordPackage[][] = [];
        for await (const page of repo.packages(pageSize)) pages.push(page);
        const listed = pages.flat();
        assert.deepEqual(sorted(listed), want, `page size ${pageSize}`);
        const runs = listed.filter((p, i) => i === 0 || listed[i - 1]!.vulnId !== p.vulnId).map((p) => p.vulnId);
        assert.equal(runs.length, new Set(runs).size, 'the entries of each record come together');
        assert.equal(pages.length, Math.ceil(records.length / pageSize));
      }
    });

    it('gives no entry for records that name no package, and reads past them', async () => {
      const listed = new Set<string>();
      for await (const page of repo.packages(1)) for (const p of page) listed.add(p.vulnId);
      assert.ok(!listed.has('OSV-TEST-NULL-AFFECTED'));
      assert.ok(!listed.has('OSV-TEST-GIT-ONLY'));
      assert.ok(listed.has('PYSEC-2014-8'));
      assert.equal(listed.size, new Set(expected().map((p) => p.vulnId)).size);
    });

    it('reads the heads of records by id: modified, withdrawn, aliases and severity, lists empty where the record has none', async () => {
      const ids = ['PYSEC-2014-8', 'OSV-TEST-NULL-AFFECTED', 'NO-SUCH-RECORD', ...records.filter((r) => r.severity?.length).slice(0, 3).map((r) => r.id)];
      const heads = await repo.heads(ids);
      const want = records
        .filter((r) => ids.includes(r.id))
        .map((r) => ({ id: r.id, modified: r.modified, withdrawn: r.withdrawn ?? null, aliases: r.aliases ?? [], severity: r.severity ?? [] }));
      assert.equal(want.length, 5);
      assert.deepEqual(
        [...heads].sort((a, b) => (a.id < b.id ? -1 : 1)),
        want.sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
      assert.deepEqual(await repo.heads([]), []);
    });

    it('lists nothing in an empty store', async () => {
      const empty = await createTestStore(dialect);
      const other = openStore(empty.location);
      try {
        await migrateToLatest(other);
        const pages: RecordPackage[][] = [];
        for await (const page of new PackageRecordRepository(other).packages()) pages.push(page);
        assert.deepEqual(pages, []);
      } finally {
        await other.close();
        await empty.dispose();
      }
    });
  });
}
