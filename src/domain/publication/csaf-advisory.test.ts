import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csafAdvisory, versRange } from './csaf-advisory.js';
import type { CsafBranch, CsafDocument } from './csaf-json.js';
import type { PublicationResult } from './publication-error.js';
import { built, sampleCase, samplePublisher, sampleWeaknessNames } from '../../testing/publication-samples.js';

const sample = sampleCase;
const publisher = samplePublisher;
const weaknessNames = sampleWeaknessNames;
const canonicalUrl = 'https://clearinghouse.example/.well-known/csaf/white/2026/ch-2026-0042.json';

const advisory = (result: PublicationResult<CsafDocument>): CsafDocument => built(result);

/** Each leaf product as `vendor / product / category name → id purl`. */
function leaves(branches: readonly CsafBranch[], trail: string[] = []): string[] {
  return branches.flatMap((b) =>
    b.product !== undefined
      ? [`${[...trail, `${b.category} ${b.name}`].join(' / ')} → ${b.product.product_id} ${b.product.product_identification_helper?.purl}`]
      : leaves(b.branches ?? [], [...trail, b.name]),
  );
}

describe('csafAdvisory', () => {
  it('publishes the sample case as a final CSAF 2.0 security advisory', () => {
    const csaf = advisory(csafAdvisory(sample, publisher, { weaknessNames, canonicalUrl }));
    assert.deepEqual(csaf.document, {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      title: sample.title,
      lang: 'en',
      publisher: { category: 'coordinator', name: publisher.name, namespace: publisher.namespace, contact_details: publisher.contactDetails },
      distribution: { tlp: { label: 'WHITE', url: 'https://www.first.org/tlp/' } },
      references: [{ category: 'self', summary: 'Canonical URL', url: canonicalUrl }],
      tracking: {
        id: 'CH-2026-0042',
        status: 'final',
        version: '2',
        initial_release_date: sample.published,
        current_release_date: sample.modified,
        revision_history: [
          { number: '1', date: '2026-03-02T15:00:00Z', summary: 'Initial publication.' },
          { number: '2', date: '2026-03-09T10:30:00Z', summary: 'Added the fixed version of markdown-render-py.' },
        ],
      },
    });
    assert.deepEqual(leaves(csaf.product_tree.branches), [
      '@example-org / markdown-render / product_version_range vers:npm/<4.2.1 → affected-1 pkg:npm/%40example-org/markdown-render',
      '@example-org / markdown-render / product_version 4.2.1 → fixed-1 pkg:npm/%40example-org/markdown-render@4.2.1',
      '@example-org / markdown-render / product_version_range vers:npm/>=5.0.0|<5.0.3 → affected-2 pkg:npm/%40example-org/markdown-render',
      '@example-org / markdown-render / product_version 5.0.3 → fixed-2 pkg:npm/%40example-org/markdown-render@5.0.3',
      'markdown-render-py / markdown-render-py / product_version_range vers:pypi/>=1.0.0|<1.4.2 → affected-3 pkg:pypi/markdown-render-py',
      'markdown-render-py / markdown-render-py / product_version 1.4.2 → fixed-3 pkg:pypi/markdown-render-py@1.4.2',
    ]);

    const [vulnerability, ...others] = csaf.vulnerabilities;
    assert.equal(others.length, 0);
    assert.equal(vulnerability!.cve, 'CVE-2026-12345');
    assert.deepEqual(vulnerability!.ids, [{ system_name: 'AI Cybersecurity Clearinghouse case', text: 'CH-2026-0042' }]);
    assert.deepEqual(vulnerability!.cwe, { id: 'CWE-79', name: weaknessNames.get('CWE-79') });
    assert.deepEqual(vulnerability!.notes, [
      { category: 'description', title: 'Description', text: sample.description },
      { category: 'other', title: 'Further weaknesses', text: 'CWE-116: Improper Encoding or Escaping of Output' },
      { category: 'other', title: 'CVSS v4.0', text: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N (base score 5.3, MEDIUM)' },
    ]);
    assert.deepEqual(vulnerability!.product_status, { known_affected: ['affected-1', 'affected-2', 'affected-3'], fixed: ['fixed-1', 'fixed-2', 'fixed-3'] });
    assert.deepEqual(vulnerability!.remediations, [
      { category: 'vendor_fix', details: 'Update @example-org/markdown-render to version 4.2.1 or later.', product_ids: ['affected-1'] },
      { category: 'vendor_fix', details: 'Update @example-org/markdown-render to version 5.0.3 or later.', product_ids: ['affected-2'] },
      { category: 'vendor_fix', details: 'Update markdown-render-py to version 1.4.2 or later.', product_ids: ['affected-3'] },
    ]);
    // CSAF 2.0 scores hold CVSS v2 and v3 only.
    assert.deepEqual(vulnerability!.scores, [
      { products: ['affected-1', 'affected-2', 'affected-3'], cvss_v3: { version: '3.1', vectorString: sample.cvssVectors[0], baseScore: 6.1, baseSeverity: 'MEDIUM' } },
    ]);
    assert.deepEqual(vulnerability!.references?.map((r) => [r.category, r.summary]), [['external', 'Advisory'], ['external', 'Fix'], ['external', 'Package']]);
    assert.deepEqual(vulnerability!.acknowledgments, [
      { names: ['A. Researcher'], summary: 'finder' },
      { names: ['AI Cybersecurity Clearinghouse'], summary: 'coordinator' },
    ]);
  });

  it('names the case by its own id only when no CVE is assigned, and has no self reference without a canonical URL', () => {
    const { cveId: _cveId, ...unassigned } = sample;
    const csaf = advisory(csafAdvisory({ ...unassigned, cwes: [], cvssVectors: [] }, publisher, { weaknessNames }));
    const vulnerability = csaf.vulnerabilities[0]!;
    for (const field of ['cve', 'cwe', 'scores'] as const) assert.equal(field in vulnerability, false, field);
    assert.equal('references' in csaf.document, false);
    assert.deepEqual(vulnerability.notes.map((n) => n.title), ['Description']);
  });

  it('remediates ranges without a fix too, and groups packages of one vendor', () => {
    const csaf = advisory(
      csafAdvisory(
        {
          ...sample,
          affected: [
            { purl: 'pkg:golang/github.com/gin-gonic/gin', introduced: 'v1.4.0', lastAffected: 'v1.9.0' },
            { purl: 'pkg:golang/github.com/gin-gonic/contrib', fixed: 'v0.0.0-20240101000000-abcdefabcdef' },
            { purl: 'pkg:gem/rack', introduced: '3.0.0' },
          ],
        },
        publisher,
        { weaknessNames },
      ),
    );
    assert.deepEqual(leaves(csaf.product_tree.branches), [
      'github.com/gin-gonic / gin / product_version_range vers:golang/>=v1.4.0|<=v1.9.0 → affected-1 pkg:golang/github.com/gin-gonic/gin',
      'github.com/gin-gonic / contrib / product_version_range vers:golang/<v0.0.0-20240101000000-abcdefabcdef → affected-2 pkg:golang/github.com/gin-gonic/contrib',
      'github.com/gin-gonic / contrib / product_version v0.0.0-20240101000000-abcdefabcdef → fixed-2 pkg:golang/github.com/gin-gonic/contrib@v0.0.0-20240101000000-abcdefabcdef',
      'rack / rack / product_version_range vers:gem/>=3.0.0 → affected-3 pkg:gem/rack',
    ]);
    const vulnerability = csaf.vulnerabilities[0]!;
    assert.deepEqual(vulnerability.product_status, { known_affected: ['affected-1', 'affected-2', 'affected-3'], fixed: ['fixed-2'] });
    assert.deepEqual(vulnerability.remediations.map((r) => [r.category, r.details]), [
      ['vendor_fix', 'Update github.com/gin-gonic/gin to a version later than v1.9.0, the last affected version.'],
      ['vendor_fix', 'Update github.com/gin-gonic/contrib to version v0.0.0-20240101000000-abcdefabcdef or later.'],
      ['none_available', 'No fixed version of rack is available.'],
    ]);
  });

  it('gives no purl to the range of a type whose purls must name a version (CRAN, Swift)', () => {
    const csaf = advisory(csafAdvisory({ ...sample, affected: [{ purl: 'pkg:cran/commonmark', fixed: '1.9.2' }] }, publisher, { weaknessNames }));
    assert.deepEqual(leaves(csaf.product_tree.branches), [
      'commonmark / commonmark / product_version_range vers:cran/<1.9.2 → affected-1 undefined',
      'commonmark / commonmark / product_version 1.9.2 → fixed-1 pkg:cran/commonmark@1.9.2',
    ]);
  });

  it('refuses a CWE the catalog does not name and a canonical URL that is not the advisory file', () => {
    const result = csafAdvisory({ ...sample, cwes: ['CWE-79', 'CWE-99999'] }, publisher, { weaknessNames, canonicalUrl: 'https://clearinghouse.example/advisory.json' });
    assert.ok(!result.ok);
    assert.deepEqual(result.errors, [
      { path: '/cwes/1', message: 'CWE-99999 is not in the CWE catalog, so the advisory cannot name it' },
      { path: '/canonicalUrl', message: '"https://clearinghouse.example/advisory.json" is not an https URL ending in /ch-2026-0042.json' },
    ]);
  });
});

describe('versRange', () => {
  it('writes each kind of range in the vers notation', () => {
    assert.equal(versRange('npm', { introduced: '0', fixed: '1.2.3' }), 'vers:npm/<1.2.3');
    assert.equal(versRange('pypi', { introduced: '1.0', fixed: '1.4.2' }), 'vers:pypi/>=1.0|<1.4.2');
    assert.equal(versRange('cargo', { introduced: '0', lastAffected: '0.9.0' }), 'vers:cargo/<=0.9.0');
    assert.equal(versRange('gem', { introduced: '2.0' }), 'vers:gem/>=2.0');
    assert.equal(versRange('deb', { introduced: '0' }), 'vers:deb/*');
  });
});
