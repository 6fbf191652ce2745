import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../../testing/shared-data.js';
import { createTestStore, testDialects, type TestStore } from '../../testing/test-stores.js';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import { zipFile } from '../../testing/zip-file.js';
import { InputPathError, MAX_RECORD_BYTES } from './import-sources.js';

const fixtures = join(repoRoot, 'src/services/import/fixtures');
const sample = join(repoRoot, 'sample-data');

for (const dialect of testDialects) {
  describe(`import on ${dialect}`, () => {
    let test: TestStore;
    let ch: Clearinghouse;
    let tmp: string;
    before(async () => {
      test = await createTestStore(dialect);
      ch = await openClearinghouse({ db: test.location, loadIndex: true });
      tmp = mkdtempSync(join(tmpdir(), 'ch-import-'));
    });
    after(async () => {
      await ch.close();
      await test.dispose();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('imports a zip export and gzip JSON Lines, rejecting bad lines by number and keeping the rest', async () => {
      const summary = await ch.importer.importPaths([join(fixtures, 'osv-export.zip'), join(fixtures, 'rustsec.jsonl.gz')]);
      assert.equal(summary.added, 6);
      assert.equal(summary.rejected, 2);
      const lines = summary.rejections.map((r) => r.location.line).sort();
      assert.deepEqual(lines, [4, 5]);
      assert.match(summary.rejections.find((r) => r.location.line === 4)!.reason, /not valid OSV/);
      assert.match(summary.rejections.find((r) => r.location.line === 5)!.reason, /invalid JSON/);
      assert.equal(summary.rejections.find((r) => r.location.line === 4)!.id, 'BROKEN-1');
      assert.equal(await ch.vulnerabilities.count(), 6);
      assert.ok(await ch.vulnerabilities.get('GO-2022-0451'));
    });

    it('is idempotent: the same files again change nothing', async () => {
      const summary = await ch.importer.importPaths([join(fixtures, 'osv-export.zip'), join(fixtures, 'rustsec.jsonl.gz')]);
      assert.deepEqual([summary.added, summary.updated, summary.unchanged], [0, 0, 6]);
    });

    it('replaces a record when a newer modified arrives, and ignores an older one', async () => {
      const current = JSON.parse((await ch.vulnerabilities.get('RUSTSEC-2017-0003'))!);
      const newer = { ...current, modified: '2099-01-01T00:00:00Z', summary: 'newer text' };
      const older = { ...current, modified: '2000-01-01T00:00:00Z', summary: 'older text' };
      writeFileSync(join(tmp, 'newer.json'), JSON.stringify(newer));
      writeFileSync(join(tmp, 'older.json'), JSON.stringify(older));
      const first = await ch.importer.importPaths([join(tmp, 'newer.json')]);
      assert.equal(first.updated, 1);
      const second = await ch.importer.importPaths([join(tmp, 'older.json')]);
      assert.equal(second.unchanged, 1);
      assert.equal(JSON.parse((await ch.vulnerabilities.get('RUSTSEC-2017-0003'))!).summary, 'newer text');
    });

    it('imports the sample folder: OSV records, CVE records converted to OSV, and the KEV catalog', async () => {
      const summary = await ch.importer.importPaths([sample]);
      assert.equal(summary.rejected, 0, JSON.stringify(summary.rejections.slice(0, 3)));
      assert.equal(summary.formats.kev, 1404);
      assert.equal(summary.formats.cve, 25);
      assert.ok((summary.formats.osv ?? 0) >= 370);
      const cve = JSON.parse((await ch.vulnerabilities.get('CVE-2021-44228')) ?? 'null');
      if (cve) assert.equal(cve.id, 'CVE-2021-44228');
      const kevRows = await ch.kev.forCves(['CVE-2021-44228']);
      assert.equal(kevRows[0]?.date_added, '2021-12-10');
    });

    it('attaches KEV fields to records whose id or alias is listed', async () => {
      const cveIds = (await ch.kev.allIds()).slice(0, 5000);
      const stored: string[] = [];
      for await (const page of ch.vulnerabilities.all()) stored.push(...page.filter((r) => r.id.startsWith('CVE-')).map((r) => r.id));
      const listed = stored.find((id) => cveIds.includes(id));
      assert.ok(listed, 'the sample holds CVE records that are in KEV');
      const [record] = await ch.knowledgeBase.records([listed]);
      assert.equal((record!.database_specific!.kev as { cveID: string }).cveID, listed);
    });

    it('imports EPSS scores and rejects a malformed row by line', async () => {
      const summary = await ch.importer.importPaths([join(fixtures, 'epss-sample.csv')]);
      assert.equal(summary.added, 2);
      assert.deepEqual(summary.rejections.map((r) => r.location.line), [5]);
      const [score] = await ch.epss.forCves(['CVE-2021-44228']);
      assert.equal(score?.epss, 0.94358);
      assert.equal(score?.score_date, '2025-08-25T00:00:00+0000');
      const again = await ch.importer.importPaths([join(fixtures, 'epss-sample.csv')]);
      assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, 2]);
    });

    it('refuses compression bombs by name and still imports the rest: a zip entry or a gzip line that inflates past the record limit', async () => {
      const bomb = Buffer.alloc(MAX_RECORD_BYTES + 1, 0x20);
      const record = Buffer.from(readFileSync(join(sample, 'osv-sample.jsonl'), 'utf8').split('\n')[0]!);
      writeFileSync(join(tmp, 'bomb.zip'), zipFile([{ name: 'BOMB-1.json', data: bomb }, { name: 'OK-1.json', data: record }]));
      writeFileSync(join(tmp, 'bomb.jsonl.gz'), gzipSync(Buffer.concat([Buffer.from('{"id":'), bomb])));
      assert.ok(statSync(join(tmp, 'bomb.zip')).size < MAX_RECORD_BYTES / 100);
      const summary = await ch.importer.importPaths([join(tmp, 'bomb.zip'), join(tmp, 'bomb.jsonl.gz')]);
      const reasons = summary.rejections.map((r) => `${r.location.entry ?? r.location.line}: ${r.reason}`).sort();
      assert.deepEqual(reasons, [
        '1: cannot read: a line longer than 33554432 bytes: not a record',
        `BOMB-1.json: zip entry BOMB-1.json inflates to ${MAX_RECORD_BYTES + 1} bytes, over the 32 MiB limit for one record`,
      ]);
      assert.equal(summary.added + summary.unchanged + summary.updated, 1);
    });

    it('refuses a path that does not exist before writing anything', async () => {
      const before = await ch.vulnerabilities.count();
      await assert.rejects(ch.importer.importPaths([sample, join(tmp, 'missing.json')]), InputPathError);
      assert.equal(await ch.vulnerabilities.count(), before);
    });

    it('keeps the in-memory index current as records are written', () => {
      const affected = ch.knowledgeBase.match({ ecosystem: 'Go', name: 'github.com/coreos/ignition/v2', version: '2.13.0' });
      assert.deepEqual(affected.ok && affected.ids, ['GO-2022-0451']);
      const fixed = ch.knowledgeBase.match({ ecosystem: 'Go', name: 'github.com/coreos/ignition/v2', version: '2.14.0' });
      assert.deepEqual(fixed.ok && fixed.ids, []);
    });
  });
}
