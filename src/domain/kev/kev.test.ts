import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateKev } from '../../services/validation/schema-validators.js';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { kevDatabaseSpecific, kevEntriesByCve, type KevCatalog, type KevVulnerability } from './kev.js';

const entry = (over: Partial<KevVulnerability>): KevVulnerability => ({
  cveID: 'CVE-2021-44228',
  vendorProject: 'Apache',
  product: 'Log4j2',
  vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
  dateAdded: '2021-12-10',
  shortDescription: 'Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints.',
  requiredAction: 'For all affected software assets, apply updates per vendor instructions.',
  dueDate: '2021-12-24',
  knownRansomwareCampaignUse: 'Known',
  notes: 'https://logging.apache.org/log4j/2.x/security.html',
  cwes: ['CWE-20', 'CWE-400', 'CWE-502'],
  ...over,
});

const catalogOf = (vulnerabilities: KevVulnerability[]): KevCatalog => ({ catalogVersion: '1', dateReleased: '2025-01-01T00:00:00.000Z', count: vulnerabilities.length, vulnerabilities });

describe('kevEntriesByCve', () => {
  it('keys entries by CVE id with the fields the knowledge base keeps', () => {
    const map = kevEntriesByCve(catalogOf([entry({}), entry({ cveID: 'CVE-2023-0001', notes: '', cwes: undefined, knownRansomwareCampaignUse: undefined })]));
    assert.deepEqual(map.get('CVE-2021-44228'), {
      dateAdded: '2021-12-10',
      dueDate: '2021-12-24',
      knownRansomwareCampaignUse: 'Known',
      vendorProject: 'Apache',
      product: 'Log4j2',
      vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
      requiredAction: 'For all affected software assets, apply updates per vendor instructions.',
      shortDescription: 'Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints.',
      notes: 'https://logging.apache.org/log4j/2.x/security.html',
      cwes: ['CWE-20', 'CWE-400', 'CWE-502'],
    });
    const sparse = map.get('CVE-2023-0001');
    assert.deepEqual(sparse?.cwes, []);
    assert.equal(sparse?.notes, undefined);
    assert.equal(sparse?.knownRansomwareCampaignUse, undefined);
  });

  it('keeps the most recently added entry when a CVE repeats', () => {
    const map = kevEntriesByCve(catalogOf([entry({ dateAdded: '2022-01-01', dueDate: 'later' }), entry({ dateAdded: '2021-12-10', dueDate: 'earlier' })]));
    assert.equal(map.size, 1);
    assert.equal(map.get('CVE-2021-44228')?.dueDate, 'later');
  });
});

describe('kevDatabaseSpecific', () => {
  it("uses CISA's camelCase fields and values, leaving out empty notes and CWE lists", () => {
    const map = kevEntriesByCve(catalogOf([entry({ notes: '', cwes: [], knownRansomwareCampaignUse: 'Unknown' })]));
    const kev = map.get('CVE-2021-44228');
    assert.ok(kev);
    assert.deepEqual(kevDatabaseSpecific(kev), {
      dateAdded: '2021-12-10',
      dueDate: '2021-12-24',
      vendorProject: 'Apache',
      product: 'Log4j2',
      vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
      requiredAction: 'For all affected software assets, apply updates per vendor instructions.',
      shortDescription: 'Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints.',
      knownRansomwareCampaignUse: 'Unknown',
    });
  });
});

describe('the real KEV catalog (../shared/data, catalog 2025.08.25)', () => {
  const catalog = readJson<KevCatalog>(sharedDataPath('kev', 'known_exploited_vulnerabilities.json'));

  it('validates against its schema and maps all 1,404 entries', () => {
    assert.deepEqual(validateKev(catalog), { ok: true });
    assert.equal(catalog.vulnerabilities.length, 1404);
    assert.equal(catalog.count, 1404);
    const map = kevEntriesByCve(catalog);
    assert.equal(map.size, 1404);
    const log4shell = map.get('CVE-2021-44228');
    assert.equal(log4shell?.dateAdded, '2021-12-10');
    assert.equal(log4shell?.knownRansomwareCampaignUse, 'Known');
    for (const kev of map.values()) {
      const ds = kevDatabaseSpecific(kev);
      assert.match(ds.dateAdded, /^\d{4}-\d{2}-\d{2}$/);
      assert.match(ds.dueDate, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(ds.knownRansomwareCampaignUse === 'Known' || ds.knownRansomwareCampaignUse === 'Unknown');
    }
  });
});
