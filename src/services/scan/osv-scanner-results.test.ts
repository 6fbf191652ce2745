import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { repoRoot } from '../../testing/shared-data.js';
import { compareIds, groupByAliases, maxSeverityOf, maxSeverityText, resultsJson, vectorScorer, type PackageVulns } from './osv-scanner-results.js';

const fixtureRecords = new Map(
  readFileSync(join(repoRoot, 'src/services/scan/fixtures/osv-records.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const record = JSON.parse(line) as OsvRecord;
      return [record.id, record] as const;
    }),
);
const real = (id: string): OsvRecord => fixtureRecords.get(id)!;

/** A synthetic record (OSV-TEST- ids: not real advisories) with aliases and severities. */
function synthetic(id: string, aliases: string[], severity: OsvRecord['severity'] = [], affectedSeverity?: OsvRecord['severity']): OsvRecord {
  return {
    id,
    modified: '2024-01-01T00:00:00Z',
    aliases,
    severity,
    affected: [
      { package: { ecosystem: 'PyPI', name: 'Example_Pkg' }, ...(affectedSeverity ? { severity: affectedSeverity } : {}) },
      { package: { ecosystem: 'PyPI', name: 'other' }, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }] },
    ],
  };
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe('osv-scanner results', () => {
  it('groups records that share an id or alias, transitively, in the order of their first record', () => {
    const chain = [synthetic('OSV-TEST-3', ['CVE-2024-0001']), synthetic('OSV-TEST-1', ['GHSA-aaaa-bbbb-cccc']), synthetic('OSV-TEST-2', ['CVE-2024-0001', 'GHSA-aaaa-bbbb-cccc']), synthetic('OSV-TEST-4', [])];
    assert.deepEqual(groupByAliases(chain), [
      { ids: ['OSV-TEST-1', 'OSV-TEST-2', 'OSV-TEST-3'], aliases: ['CVE-2024-0001', 'GHSA-aaaa-bbbb-cccc', 'OSV-TEST-1', 'OSV-TEST-2', 'OSV-TEST-3'] },
      { ids: ['OSV-TEST-4'], aliases: ['OSV-TEST-4'] },
    ]);
    // Real: RUSTSEC-2022-0042 names MAL-2022-1 among its aliases.
    assert.deepEqual(
      groupByAliases([real('MAL-2022-1'), real('RUSTSEC-2022-0042'), real('PYSEC-2014-8')]).map((g) => g.ids),
      [['MAL-2022-1', 'RUSTSEC-2022-0042'], ['PYSEC-2014-8']],
    );
  });

  it("orders ids as osv-scanner does: DSA and USN, then CVE, then others, GHSA last", () => {
    assert.deepEqual(['GHSA-xxxx-yyyy-zzzz', 'PYSEC-2021-88', 'CVE-2021-1', 'USN-1-1', 'PYSEC-2021-104'].sort(compareIds), ['USN-1-1', 'CVE-2021-1', 'PYSEC-2021-104', 'PYSEC-2021-88', 'GHSA-xxxx-yyyy-zzzz']);
  });

  it("takes the highest CVSS base score of the records and of their entries for the package, not other packages' entries", () => {
    const score = vectorScorer();
    // v2 7.5 record-wide, v3.1 9.8 on this package's entry; the other package's 10.0 does not count.
    const records = [synthetic('OSV-TEST-1', [], [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }], [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }])];
    assert.deepEqual(maxSeverityOf(records, 'PyPI', 'example-pkg', score), { score: 9.8, rating: 'CRITICAL' });
    assert.deepEqual(maxSeverityOf([synthetic('OSV-TEST-2', [], [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }])], 'PyPI', 'example-pkg', score), { score: 7.5, rating: 'HIGH' });
    // Real: PYSEC-2023-193 carries CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:C/C:L/I:L/A:N; the jinja2 records carry none.
    assert.equal(maxSeverityText(maxSeverityOf([real('PYSEC-2023-193')], 'PyPI', 'zope', score)), '4.8');
    assert.equal(maxSeverityText(maxSeverityOf([real('PYSEC-2014-8'), real('PYSEC-2021-66')], 'PyPI', 'jinja2', score)), '');
    // A vector that does not score is left out, not guessed.
    assert.equal(maxSeverityOf([synthetic('OSV-TEST-3', [], [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:X' }])], 'PyPI', 'example-pkg', score), undefined);
  });

  it('writes JSON text equal to JSON.stringify(results, null, 2), whatever the packages hold', async () => {
    const source = { path: 'bom.json', type: 'sbom' as const };
    const packages: PackageVulns[] = [
      {
        package: { name: 'failure', version: '0.1.8', ecosystem: 'crates.io', purl: 'pkg:cargo/failure@0.1.8' },
        vulnerabilities: [real('RUSTSEC-2019-0036'), real('RUSTSEC-2020-0036')],
        groups: [{ ids: ['RUSTSEC-2019-0036', 'RUSTSEC-2020-0036'], aliases: ['CVE-2019-25010'], max_severity: '9.8' }],
      },
      { package: { name: 'zope', version: '5.1', ecosystem: 'PyPI' }, vulnerabilities: [], groups: [] },
    ];
    assert.equal(await text(resultsJson(source, from(packages))), JSON.stringify({ results: [{ source, packages }] }, null, 2));
    assert.equal(await text(resultsJson(source, from([]))), JSON.stringify({ results: [] }, null, 2));
  });
});
