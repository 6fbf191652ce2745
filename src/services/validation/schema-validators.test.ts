import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { validateCve, validateKev, validateOsv, validateSarif } from './schema-validators.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../domain/cve/fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('validateOsv', () => {
  it('accepts a minimal and a full record', () => {
    assert.deepEqual(validateOsv({ id: 'CVE-2024-0001', modified: '2024-01-01T00:00:00Z' }), { ok: true });
    assert.deepEqual(
      validateOsv({
        schema_version: '1.6.2',
        id: 'GHSA-xxxx-xxxx-xxxx',
        modified: '2024-01-01T00:00:00.123Z',
        aliases: ['CVE-2024-0001'],
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0.1' }] }] }],
        references: [{ type: 'WEB', url: 'https://example.com/' }],
      }),
      { ok: true },
    );
  });

  it('rejects bad records with JSON Pointer paths', () => {
    const result = validateOsv({
      id: 'NOPE-1',
      modified: '2024-01-01',
      extra: true,
      affected: [{ ranges: [{ type: 'GIT', events: [{ introduced: '0' }, { fixed: '1.0' }] }] }],
      references: [{ type: 'WEB', url: 'not a uri' }],
    });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    const has = (start: string): boolean => result.errors.some((e) => e.startsWith(start));
    assert.ok(has('/ must NOT have additional properties (extra)'), result.errors.join('\n'));
    assert.ok(has('/id must match pattern'));
    assert.ok(has('/modified '));
    assert.ok(has("/affected/0/ranges/0 must have required property 'repo'"));
    assert.ok(has('/affected/0/ranges/0/events/1/fixed must match pattern'));
    assert.ok(has('/references/0/url must match format "uri"'));
  });

  it('rejects fixed together with last_affected in one range', () => {
    const result = validateOsv({
      id: 'CVE-2024-0001',
      modified: '2024-01-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2' }, { last_affected: '1' }] }] }],
    });
    assert.equal(result.ok, false);
  });
});

describe('validateCve', () => {
  it('accepts real CVE 5.0 and 5.1 records', () => {
    assert.deepEqual(validateCve(fixture('CVE-2023-5752')), { ok: true });
    assert.deepEqual(validateCve(fixture('CVE-2019-25161')), { ok: true });
  });

  it('rejects a record with a broken id and a missing required field', () => {
    const record = fixture('CVE-2023-5752');
    const meta = record['cveMetadata'] as Record<string, unknown>;
    const result = validateCve({ ...record, cveMetadata: { ...meta, cveId: 'CVE-23-1' }, dataType: undefined });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.errors.some((e) => e.startsWith('/cveMetadata/cveId')), JSON.stringify(result));
  });
});

describe('validateKev', () => {
  const catalog = {
    title: 'CISA Catalog of Known Exploited Vulnerabilities',
    catalogVersion: '2025.08.25',
    dateReleased: '2025-08-25T17:04:19.9796Z',
    count: 1,
    vulnerabilities: [{
      cveID: 'CVE-2021-44228', vendorProject: 'Apache', product: 'Log4j2', vulnerabilityName: 'Apache Log4j2 RCE',
      dateAdded: '2021-12-10', shortDescription: 'JNDI features...', requiredAction: 'Apply updates.', dueDate: '2021-12-24',
      knownRansomwareCampaignUse: 'Known', notes: '', cwes: ['CWE-20'],
    }],
  };

  it('accepts a catalog', () => {
    assert.deepEqual(validateKev(catalog), { ok: true });
  });

  it('rejects entries that break the $defs rules', () => {
    const bad = { ...catalog, vulnerabilities: [{ ...catalog.vulnerabilities[0], cveID: 'CVE-21-1', dateAdded: '10/12/2021', cwes: ['20'] }] };
    const result = validateKev(bad);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.ok(result.errors.some((e) => e.startsWith('/vulnerabilities/0/cveID')), result.errors.join('\n'));
    assert.ok(result.errors.some((e) => e.startsWith('/vulnerabilities/0/dateAdded')));
    assert.ok(result.errors.some((e) => e.startsWith('/vulnerabilities/0/cwes/0')));
  });

  it('rejects a catalog without vulnerabilities', () => {
    assert.deepEqual(validateKev({ ...catalog, vulnerabilities: undefined }), { ok: false, errors: ["/ must have required property 'vulnerabilities'"] });
  });
});

describe('validateSarif', () => {
  it('accepts the SARIF tutorials\' logs', () => {
    for (const sample of ['CodeFlows.sarif', 'RegionVariants.sarif', 'Taxonomies.sarif', 'Suppressions.sarif']) {
      assert.deepEqual(validateSarif(readJson(sharedDataPath('sarif', 'sarif-tutorials', sample))), { ok: true }, sample);
    }
  });

  it('rejects a broken log with JSON Pointer paths', () => {
    const result = validateSarif({ version: '2.0.0', runs: [{ tool: { driver: {} }, results: [{ ruleId: 'R1', message: {}, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] });
    assert.ok(!result.ok);
    const has = (start: string): boolean => result.errors.some((e) => e.startsWith(start));
    assert.ok(has('/version must be equal to one of the allowed values'), result.errors.join('\n'));
    assert.ok(has("/runs/0/tool/driver must have required property 'name'"));
    assert.ok(has('/runs/0/results/0/locations/0/physicalLocation/region/startLine must be >= 1'));
  });
});
