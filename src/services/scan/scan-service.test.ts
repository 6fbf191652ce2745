import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { repoRoot } from '../../testing/shared-data.js';
import { createTestStore, testDialects, type TestStore } from '../../testing/test-stores.js';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import { packageOf } from '../inventory/component-package.js';
import { readSbom, type ParsedSbom } from '../sbom/read-sbom.js';
import { scanServiceOf, type ScanReport, type ScanService, type VulnerabilityResults } from './scan-service.js';

const fixtures = join(repoRoot, 'src/services/scan/fixtures');
const recordsFile = join(fixtures, 'osv-records.jsonl');
const fixtureRecords = new Map(
  readFileSync(recordsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const record = JSON.parse(line) as OsvRecord;
      return [record.id, record] as const;
    }),
);

async function sbomAt(path: string): Promise<ParsedSbom> {
  const read = await readSbom(readFileSync(path));
  assert.ok(read.ok, JSON.stringify(read));
  return read.sbom;
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

/** Every id and alias of the records, sorted, once each: what a group's `aliases` holds. */
function aliasesOf(...ids: string[]): string[] {
  return [...new Set(ids.flatMap((id) => [id, ...(fixtureRecords.get(id)!.aliases ?? [])]))].sort();
}

for (const dialect of testDialects) {
  describe(`scan service on ${dialect}`, () => {
    let test: TestStore;
    let ch: Clearinghouse;
    let sbom: ParsedSbom;
    let service: ScanService;
    let report: ScanReport;
    let results: VulnerabilityResults;
    before(async () => {
      test = await createTestStore(dialect);
      ch = await openClearinghouse({ db: test.location, loadIndex: false });
      const summary = await ch.importer.importPaths([recordsFile]);
      assert.equal(summary.added, fixtureRecords.size);
      sbom = await sbomAt(join(fixtures, 'scan-fixture.cdx.json'));
      service = scanServiceOf(ch);
      report = await service.scan(sbom, 'plant-historian.cdx.json');
      results = await service.results(report);
    });
    after(async () => {
      await ch.close();
      await test.dispose();
    });

    it("reports each vulnerable package with its full records and alias groups, in osv-scanner's shape", () => {
      assert.equal(results.results.length, 1);
      const [source] = results.results;
      assert.deepEqual(source!.source, { path: 'plant-historian.cdx.json', type: 'sbom' });
      assert.deepEqual(
        source!.packages.map((p) => p.package),
        [
          { name: 'jinja2', version: '2.4.1', ecosystem: 'PyPI', purl: 'pkg:pypi/jinja2@2.4.1' },
          { name: 'zope', version: '5.1', ecosystem: 'PyPI', purl: 'pkg:pypi/zope@5.1' },
          { name: 'failure', version: '0.1.8', ecosystem: 'crates.io', purl: 'pkg:cargo/failure@0.1.8' },
          { name: 'rustdecimal', version: '1.23.1', ecosystem: 'crates.io', purl: 'pkg:cargo/rustdecimal@1.23.1' },
          { name: 'vsftpd', version: '3.0.3-33.el8', ecosystem: 'AlmaLinux:8', purl: 'pkg:rpm/almalinux/vsftpd@3.0.3-33.el8?arch=x86_64&distro=almalinux-8' },
        ],
      );
      const byName = new Map(source!.packages.map((p) => [p.package.name, p]));
      // failure: both RustSec records cover every version ("introduced 0.0.0-0", no fix) and carry the same aliases.
      const failure = byName.get('failure')!;
      assert.deepEqual(failure.vulnerabilities, [fixtureRecords.get('RUSTSEC-2019-0036'), fixtureRecords.get('RUSTSEC-2020-0036')]);
      assert.deepEqual(failure.groups, [{ ids: ['RUSTSEC-2019-0036', 'RUSTSEC-2020-0036'], aliases: aliasesOf('RUSTSEC-2019-0036', 'RUSTSEC-2020-0036'), max_severity: '9.8' }]);
      // rustdecimal: the RustSec record aliases the malicious-packages record.
      assert.deepEqual(byName.get('rustdecimal')!.groups, [{ ids: ['MAL-2022-1', 'RUSTSEC-2022-0042'], aliases: aliasesOf('MAL-2022-1', 'RUSTSEC-2022-0042'), max_severity: '' }]);
      // zope 5.1 lies in each record's 5.x range; two pairs share a GHSA alias; only PYSEC-2023-193 has a CVSS vector (3.1, 4.8).
      assert.deepEqual(byName.get('zope')!.groups, [
        { ids: ['PYSEC-2021-104', 'PYSEC-2021-88'], aliases: aliasesOf('PYSEC-2021-104', 'PYSEC-2021-88'), max_severity: '' },
        { ids: ['PYSEC-2021-368', 'PYSEC-2021-875'], aliases: aliasesOf('PYSEC-2021-368', 'PYSEC-2021-875'), max_severity: '' },
        { ids: ['PYSEC-2023-193'], aliases: aliasesOf('PYSEC-2023-193'), max_severity: '4.8' },
      ]);
      // vsftpd on AlmaLinux 8: the three AlmaLinux:8 records (fixed in 3.0.3-34.el8 and later), not those of releases 9 and 10.
      assert.deepEqual(byName.get('vsftpd')!.vulnerabilities.map((v) => v.id), ['ALBA-2021:4175', 'ALBA-2022:1936', 'ALSA-2026:0608']);
      // jinja2 2.4.1: every jinja2 record is "introduced 0, fixed" above it; none aliases another.
      const jinja2 = byName.get('jinja2')!;
      assert.deepEqual(jinja2.vulnerabilities.map((v) => v.id), ['PYSEC-2014-8', 'PYSEC-2014-82', 'PYSEC-2019-217', 'PYSEC-2019-220', 'PYSEC-2021-66']);
      assert.deepEqual(jinja2.groups.map((g) => g.ids), jinja2.vulnerabilities.map((v) => [v.id]));
    });

    it('writes the JSON a package at a time, the same text JSON.stringify gives for the whole', async () => {
      assert.equal(await text(service.json(report)), JSON.stringify(results, null, 2));
      assert.deepEqual(
        report.vulnerable.map((p) => [p.package.name, p.ids, p.groups]),
        results.results[0]!.packages.map((p) => [p.package.name, p.vulnerabilities.map((v) => v.id), p.groups]),
      );
    });

    it('finds the same, batch by batch, when it reads one record at a time', async () => {
      const small = scanServiceOf(ch, { recordBatch: 1 });
      const again = await small.scan(sbom, 'plant-historian.cdx.json');
      assert.deepEqual(again, report);
      assert.equal(await text(small.json(again)), JSON.stringify(results, null, 2));
    });

    it('lists the findings most severe first, with the lowest version that fixes the whole group', () => {
      assert.deepEqual(
        report.findings.map((f) => [f.package.name, f.ids.join(' '), f.severity ? `${f.severity.score} ${f.severity.rating}` : '', f.fixedVersion ?? '']),
        [
          ['failure', 'RUSTSEC-2019-0036 RUSTSEC-2020-0036', '9.8 CRITICAL', ''],
          ['zope', 'PYSEC-2023-193', '4.8 MEDIUM', '5.8.6'],
          ['jinja2', 'PYSEC-2014-8', '', '2.7.2'],
          ['jinja2', 'PYSEC-2014-82', '', '2.7.3'],
          ['jinja2', 'PYSEC-2019-217', '', '2.10.1'],
          ['jinja2', 'PYSEC-2019-220', '', '2.8.1'],
          ['jinja2', 'PYSEC-2021-66', '', '2.11.3'],
          ['rustdecimal', 'MAL-2022-1 RUSTSEC-2022-0042', '', ''],
          ['vsftpd', 'ALBA-2021:4175', '', '3.0.3-34.el8'],
          ['vsftpd', 'ALBA-2022:1936', '', '3.0.3-35.el8'],
          ['vsftpd', 'ALSA-2026:0608', '', '3.0.3-36.el8_10.3'],
          // Fixed in 5.2.1 and 5.2: only 5.2.1 closes both.
          ['zope', 'PYSEC-2021-104 PYSEC-2021-88', '', '5.2.1'],
          ['zope', 'PYSEC-2021-368 PYSEC-2021-875', '', '5.3'],
        ],
      );
    });

    it('lists the components it could not scan, and why', () => {
      assert.deepEqual(
        report.unscanned.map((c) => [c.ref, c.reason]),
        [
          ['vendored-zlib', 'no purl given'],
          ['generic-openssl', 'no OSV ecosystem for pkg:generic'],
          ['vsftpd-unknown-release', 'AlmaLinux advisories apply per release; give the release stream (e.g. AlmaLinux:8) to match them'],
          ['failure-fork', 'cannot parse version "main": expected a number'],
        ],
      );
      assert.equal(report.componentCount, 12);
      // jinja2 2.4.1 (named twice), jinja2 3.1.4, zope, failure, rustdecimal, humantime, vsftpd with and without its release.
      assert.equal(report.packageCount, 8);
    });

    it('leaves out withdrawn records: humantime is named only by RUSTSEC-2025-0014, withdrawn', () => {
      assert.ok(fixtureRecords.get('RUSTSEC-2025-0014')!.withdrawn);
      assert.ok(!results.results[0]!.packages.some((p) => p.package.name === 'humantime'));
    });

    it('finds what the full match index finds, for every package of the SBOM', async () => {
      const full = await openClearinghouse({ db: test.location, loadIndex: true });
      try {
        const found = new Map(results.results[0]!.packages.map((p) => [`${p.package.ecosystem}/${p.package.name}@${p.package.version}`, p.vulnerabilities.map((v) => v.id)]));
        for (const component of sbom.components) {
          const pkg = packageOf(component);
          if (pkg.unmatchedReason !== null) continue;
          const answer = full.knowledgeBase.match({ ecosystem: pkg.queryEcosystem!, name: pkg.packageName!, version: pkg.version! });
          const expected = answer.ok ? [...answer.ids] : [];
          assert.deepEqual(found.get(`${pkg.queryEcosystem}/${pkg.packageName}@${pkg.version}`) ?? [], expected, component.ref);
        }
      } finally {
        await full.close();
      }
    });

    it('gives empty results, as osv-scanner does, when no record covers the SBOM', async () => {
      const clean = await service.scan(await sbomAt(join(repoRoot, 'src/services/sbom/fixtures/cyclonedx-1.5-nested.json')), 'nested.json');
      assert.deepEqual(await service.results(clean), { results: [] });
      assert.equal(await text(service.json(clean)), JSON.stringify({ results: [] }, null, 2));
      assert.deepEqual(clean.findings, []);
      assert.deepEqual(
        clean.unscanned.map((c) => c.ref),
        ['vendored-zlib', 'broken', 'generic'],
      );
    });
  });
}
