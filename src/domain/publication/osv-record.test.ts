import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OsvRecord } from '../osv/osv-record.js';
import { osvId, osvRecord } from './osv-record.js';
import type { PublicationResult } from './publication-error.js';
import { built, sampleCase } from '../../testing/publication-samples.js';

const sample = sampleCase;

const record = (result: PublicationResult<OsvRecord>): OsvRecord => built(result);

describe('osvId', () => {
  it("gives the case id the OSV schema's prefix for unregistered databases", () => {
    assert.equal(osvId('CH-2026-0042'), 'x_CH-2026-0042');
  });
});

describe('osvRecord', () => {
  it('publishes the sample case', () => {
    const osv = record(osvRecord(sample));
    assert.equal(osv.schema_version, '1.6.2');
    assert.equal(osv.id, 'x_CH-2026-0042');
    assert.deepEqual([osv.published, osv.modified], [sample.published, sample.modified]);
    assert.deepEqual(osv.aliases, ['CVE-2026-12345']);
    assert.equal(osv.summary, sample.title);
    assert.equal(osv.details, sample.description);
    assert.deepEqual(osv.severity, [
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' },
      { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N' },
    ]);
    assert.deepEqual(osv.affected, [
      {
        package: { ecosystem: 'npm', name: '@example-org/markdown-render', purl: 'pkg:npm/%40example-org/markdown-render' },
        ranges: [
          { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.2.1' }] },
          { type: 'SEMVER', events: [{ introduced: '5.0.0' }, { fixed: '5.0.3' }] },
        ],
      },
      {
        package: { ecosystem: 'PyPI', name: 'markdown-render-py', purl: 'pkg:pypi/markdown-render-py' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0.0' }, { fixed: '1.4.2' }] }],
      },
    ]);
    assert.deepEqual(osv.references, sample.references.map(({ type, url }) => ({ type, url })));
    assert.deepEqual(osv.credits, [
      { name: 'A. Researcher', type: 'FINDER' },
      { name: 'AI Cybersecurity Clearinghouse', type: 'COORDINATOR' },
    ]);
    // The v4.0 rating wins over the v3.1 one; here both say MEDIUM.
    assert.deepEqual(osv.database_specific, { cwe_ids: ['CWE-79', 'CWE-116'], severity: 'MEDIUM' });
  });

  it('leaves out what the case does not have', () => {
    const { cveId: _cveId, ...rest } = sample;
    const osv = record(osvRecord({ ...rest, cwes: [], cvssVectors: [], references: [], credits: [] }));
    for (const field of ['aliases', 'severity', 'references', 'credits', 'database_specific'] as const) assert.equal(field in osv, false, field);
  });

  it('writes last_affected and open ranges, Go versions without v', () => {
    const osv = record(
      osvRecord({
        ...sample,
        affected: [
          { purl: 'pkg:golang/github.com/gin-gonic/gin', introduced: 'v1.4.0', lastAffected: 'v1.9.0' },
          { purl: 'pkg:gem/rack', introduced: '3.0.0' },
        ],
      }),
    );
    assert.deepEqual(osv.affected, [
      { package: { ecosystem: 'Go', name: 'github.com/gin-gonic/gin', purl: 'pkg:golang/github.com/gin-gonic/gin' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '1.4.0' }, { last_affected: '1.9.0' }] }] },
      { package: { ecosystem: 'RubyGems', name: 'rack', purl: 'pkg:gem/rack' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '3.0.0' }] }] },
    ]);
  });

  it('collects every error of the case, its packages and its vectors', () => {
    const result = osvRecord({ ...sample, published: 'soon', cvssVectors: ['CVSS:9.9/AV:N'], affected: [{ purl: 'pkg:npm/left-pad', fixed: 'x.y' }] });
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map((e) => e.path), ['/published', '/affected/0/fixed', '/cvssVectors/0']);
  });
});
