import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { draftFromCsaf } from './csaf-findings.js';

/** The parts of a CSAF document these tests change. */
interface Branch {
  branches?: Branch[];
  product?: { product_identification_helper?: { purl?: string } };
}
interface Advisory {
  product_tree: { branches: Branch[] };
  vulnerabilities: { product_status: Record<string, string[]> }[];
}

const bsi = (): Advisory => JSON.parse(readFileSync(new URL('fixtures/bsi-2022-0001.json', import.meta.url), 'utf8')) as Advisory;

describe('draftFromCsaf', () => {
  it('reads the BSI example advisory: notes, CWE, CVSS, ids, affected products by CPE with their version branches', () => {
    const result = draftFromCsaf(bsi());
    assert.ok(result.ok);
    assert.equal(result.value.format, 'csaf');
    assert.equal(result.value.findings.length, 1);
    const [finding] = result.value.findings;
    // No vulnerability title and no summary note: the CVE id is the title.
    assert.equal(finding?.title, 'CVE-2022-27193');
    assert.match(finding?.description ?? '', /^CSAF Tools CVRF-CSAF-Converter 1\.0\.0-rc1 resolves XML External Entities \(XXE\)/);
    assert.deepEqual(finding?.cwes, ['CWE-611']);
    assert.deepEqual(finding?.cvssVectors, ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C']);
    assert.deepEqual(finding?.identifiers, ['CVE-2022-27193', 'csaf-tools/CVRF-CSAF-Converter#78']);
    // known_affected lists 1.0.0-alpha to 1.0.0-rc1; 1.0.0-rc2 is fixed and not listed.
    assert.deepEqual(
      finding?.affected.map((a) => [a.cpe, a.versions]),
      ['1.0.0-alpha', '1.0.0-dev1', '1.0.0-dev2', '1.0.0-dev3', '1.0.0-rc1'].map((v) => [`cpe:/a:csaf-tools:cvrf-csaf-converter:${v}`, [v]]),
    );
  });

  it('resolves relationships to the component\'s purl without version (a Red Hat product tree)', () => {
    // RHSA-2024:6220 lists its products as fixed; listed as known affected instead, they exercise the relationship chain.
    const advisory = readJson<Advisory>(sharedDataPath('csaf', 'real-world', 'redhat', 'rhsa-2024_6220.json'));
    const vulnerability = advisory.vulnerabilities[0]!;
    vulnerability.product_status = { known_affected: vulnerability.product_status['fixed']! };
    const result = draftFromCsaf(advisory);
    assert.ok(result.ok);
    const affected = result.value.findings[0]?.affected ?? [];
    const pyyaml = affected.find((a) => a.purl === 'pkg:rpm/redhat/PyYAML?arch=src');
    assert.deepEqual(pyyaml, { purl: 'pkg:rpm/redhat/PyYAML?arch=src', versions: ['5.4.1-1.module+el8.5.0+10613+59a13ec4'] });
    // Red Hat's own purl type for modules is kept as given.
    assert.ok(affected.some((a) => a.purl === 'pkg:rpmmod/redhat/python39' && a.versions.includes('3.9:8060020240801142753:6a631399')));
    assert.ok(affected.every((a) => a.purl !== undefined && a.cpe === undefined), 'the platforms\' CPEs are not the affected products');
    assert.equal(result.value.findings[0]?.title, 'pypa/setuptools: Remote code execution via download functions in the package_index module in pypa/setuptools');
  });

  it('names products that carry no identification helper, with first and last affected versions marked', () => {
    const advisory = readJson<Advisory>(sharedDataPath('csaf', 'examples', 'cisco-sa-20180328-smi2.json'));
    const vulnerability = advisory.vulnerabilities[0]!;
    const [first, last, ...rest] = vulnerability.product_status['known_affected']!;
    vulnerability.product_status = { known_affected: rest, first_affected: [first!], last_affected: [last!] };
    const result = draftFromCsaf(advisory);
    assert.ok(result.ok);
    const [finding] = result.value.findings;
    assert.equal(finding?.title, 'Cisco IOS and IOS XE Software Smart Install Remote Code Execution Vulnerability');
    assert.deepEqual(finding?.identifiers, ['CVE-2018-0171', 'CSCvg76186']);
    assert.equal(finding?.affected.length, rest.length + 2);
    assert.ok(finding?.affected.every((a) => a.name?.startsWith('Cisco IOS')));
    assert.ok(finding?.affected.some((a) => a.versions[0]?.startsWith('first_affected ')));
    assert.ok(finding?.affected.some((a) => a.versions[0]?.startsWith('last_affected ')));
  });

  it('reports an invalid purl of an affected product at its path', () => {
    const advisory = bsi();
    advisory.product_tree.branches[0]!.branches![0]!.branches![0]!.product!.product_identification_helper!.purl = 'pkg:maven/cvrf-csaf-converter@1.0.0-alpha';
    assert.deepEqual(draftFromCsaf(advisory), {
      ok: false,
      errors: [
        {
          path: '/product_tree/branches/0/branches/0/branches/0/product/product_identification_helper/purl',
          message: 'invalid purl "pkg:maven/cvrf-csaf-converter@1.0.0-alpha": maven purls require a namespace',
        },
      ],
    });
  });
});
