import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readJsonLines, sharedDataPath } from '../../testing/shared-data.js';
import type { OsvRecord } from '../osv/osv-record.js';
import { draftFromOsv, LISTED_VERSIONS_MAX, osvFinding } from './osv-findings.js';

const fixture = (name: string): OsvRecord => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as OsvRecord;

describe('osvFinding', () => {
  it('reads an OCaml advisory: CWEs, CVSS, the package as a purl with its ECOSYSTEM range written out', () => {
    const finding = osvFinding(fixture('OSEC-2016-01.json'));
    assert.equal(finding.title, 'Buffer overflow and information leak in OCaml < 4.03.0');
    assert.match(finding.description, /^## Bug description\n\nOCaml versions 4\.02\.3 and earlier/);
    assert.deepEqual(finding.cwes, ['CWE-119', 'CWE-200']);
    assert.deepEqual(finding.cvssVectors, ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H']);
    assert.deepEqual(finding.identifiers, ['OSEC-2016-01', 'CVE-2015-8869']);
    // The range's events, then the listed versions; the GIT range's commits are not versions of the package.
    assert.equal(finding.affected.length, 1);
    assert.equal(finding.affected[0]?.purl, 'pkg:opam/ocaml');
    assert.deepEqual(finding.affected[0]?.versions.slice(0, 4), ['introduced 0', 'fixed 4.03.0', '3.07', '3.07+1']);
    assert.equal(finding.affected[0]?.versions.at(-1), '4.02.4');
    assert.ok(finding.affected[0]?.versions.every((v) => !/[0-9a-f]{40}/.test(v)));
  });

  it('keeps a package the ecosystem map has no purl for by name, and caps listed versions', () => {
    const finding = osvFinding({
      id: 'CLEANSTART-2025-0001',
      modified: '2025-01-01T00:00:00Z',
      details: 'First line.\nSecond line.',
      affected: [
        { package: { ecosystem: 'CleanStart', name: 'vault-k8s-fips' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.4.2' }] }] },
        { package: { ecosystem: 'PyPI', name: 'Jinja2' }, versions: Array.from({ length: 80 }, (_, i) => `2.${i}`) },
        { package: { ecosystem: 'PyPI', name: 'jinja2' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '3.0' }, { last_affected: '3.1' }] }] },
      ],
    });
    assert.equal(finding.title, 'First line.');
    assert.deepEqual(finding.affected[0], { name: 'vault-k8s-fips (CleanStart)', versions: ['introduced 0', 'fixed 1.4.2'] });
    // Two entries for one package (the purl normalizes the name) become one.
    assert.equal(finding.affected.length, 2);
    assert.equal(finding.affected[1]?.purl, 'pkg:pypi/jinja2');
    assert.equal(finding.affected[1]?.versions.length, LISTED_VERSIONS_MAX + 2);
    assert.deepEqual(finding.affected[1]?.versions.slice(-2), ['introduced 3.0', 'last_affected 3.1']);
  });
});

describe('draftFromOsv', () => {
  it('refuses a withdrawn record', () => {
    const result = draftFromOsv({ ...fixture('OSEC-2016-01.json'), withdrawn: '2024-01-01T00:00:00Z' });
    assert.deepEqual(result, { ok: false, errors: [{ path: '/withdrawn', message: 'OSEC-2016-01 was withdrawn on 2024-01-01T00:00:00Z: it names no vulnerability to take in' }] });
  });

  it('reads every Go vulndb record into a finding with its id, a title and its packages', async () => {
    let records = 0;
    for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'go.jsonl.gz'))) {
      const result = draftFromOsv(record);
      if (record.withdrawn !== undefined) {
        assert.equal(result.ok, false, record.id);
        continue;
      }
      assert.ok(result.ok, record.id);
      const [finding] = result.value.findings;
      assert.equal(finding?.identifiers[0], record.id);
      assert.ok(finding.title.length > 0 && finding.title.length <= 300, record.id);
      const packages = new Set((record.affected ?? []).flatMap((a) => (a.package ? [a.package.name] : [])));
      assert.ok(finding.affected.length > 0 && finding.affected.length <= packages.size, record.id);
      for (const product of finding.affected) assert.ok(product.purl?.startsWith('pkg:golang/') || product.name?.endsWith(' (Go)'), `${record.id}: ${JSON.stringify(product)}`);
      records++;
    }
    assert.ok(records > 3900, `${records} records`);
  });
});
