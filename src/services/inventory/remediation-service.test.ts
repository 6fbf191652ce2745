import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../domain/access/access-policy.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { createTestStore, testDialects, type TestStore } from '../../testing/test-stores.js';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import { ServiceError } from '../service-error.js';
import { readVex } from '../vex/read-vex.js';
import { exposuresCsv } from './remediation-service.js';

/** Synthetic advisories (OSV-TEST- ids, not real records) with a CVE alias and a CVSS vector. */
function advisory(id: string, cve: string, name: string, fixed: string, vector: string): OsvRecord {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-01-01T00:00:00Z',
    aliases: [cve],
    severity: [{ type: 'CVSS_V3', score: vector }],
    affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
  };
}

/** A KEV catalog listing synthetic CVE ids, in the catalog's own shape. */
function kevCatalog(...cves: string[]) {
  return {
    title: 'CISA Catalog of Known Exploited Vulnerabilities',
    catalogVersion: '2026.01.01',
    dateReleased: '2026-01-01T00:00:00.000Z',
    count: cves.length,
    vulnerabilities: cves.map((cveID) => ({
      cveID,
      vendorProject: 'Test',
      product: 'Test',
      vulnerabilityName: 'Test flaw',
      dateAdded: '2026-01-01',
      shortDescription: 'A test entry.',
      requiredAction: 'Apply updates.',
      dueDate: '2026-01-22',
      knownRansomwareCampaignUse: 'Unknown',
      notes: '',
    })),
  };
}

const CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const LOW = 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N';
const sbom = (components: [string, string][]) => ({
  format: 'CycloneDX',
  specVersion: '1.6',
  encoding: 'json',
  components: components.map(([name, version]) => ({ ref: name, name, version, purl: `pkg:npm/${name}@${version}`, cpes: [] })),
});

for (const dialect of testDialects) {
  describe(`priority, remediation and VEX on ${dialect}`, () => {
    let store: TestStore;
    let ch: Clearinghouse;
    let admin: Principal;
    let member: Principal;
    let stranger: Principal;
    let assetId: string;
    const dir = mkdtempSync(join(tmpdir(), 'ch-remediation-'));
    const importJson = (name: string, value: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(value));
      return ch.importer.importPaths([file]);
    };

    before(async () => {
      store = await createTestStore(dialect);
      ch = await openClearinghouse({ db: store.location, loadIndex: true });
      await ch.accounts.createOrganization({ name: 'Grid Co', type: 'operator', sector: 'energy' });
      await ch.accounts.createOrganization({ name: 'Water Co', type: 'operator', sector: 'water_and_wastewater_systems' });
      const person = async (email: string, orgName: string, role: 'admin' | 'member') => {
        const user = await ch.accounts.createUser({ orgName, email, role, password: 'correct horse battery' });
        return { userId: user.id, orgId: user.org_id, role };
      };
      admin = await person('admin@grid.example', 'Grid Co', 'admin');
      member = await person('member@grid.example', 'Grid Co', 'member');
      stranger = await person('member@water.example', 'Water Co', 'member');
      await importJson('kev.json', kevCatalog('CVE-2099-0001'));
      await importJson('a.json', advisory('OSV-TEST-KEV', 'CVE-2099-0001', 'left-pad', '1.3.0', CRITICAL));
      await importJson('b.json', advisory('OSV-TEST-LOW', 'CVE-2099-0002', 'is-odd', '3.0.1', LOW));
      await importJson('c.json', advisory('OSV-TEST-CRIT', 'CVE-2099-0003', 'is-even', '1.0.1', CRITICAL));
      const asset = await ch.inventory.createAsset(admin, { name: 'billing', criticality: 'high', systemExposure: 'open', missionImpact: 'mission_failure' });
      assetId = asset.id;
      await ch.inventory.uploadSbom(admin, assetId, sbom([['is-odd', '3.0.0'], ['left-pad', '1.1.0'], ['is-even', '1.0.0'], ['react', '18.0.0']]), 'v1');
    });
    after(async () => {
      await ch.close();
      await store.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    // Expected rows of the vendored tables (src/domain/ssvc/tables.ts): negligible safety × mission failure → very high
    // human impact; active/open/yes/very high → immediate; none/open/yes → out-of-cycle; none/open/no → scheduled.
    it('sorts exposures by SSVC priority with KEV, CVSS and the BOD 26-04 timeline', async () => {
      const { items, total } = await ch.remediation.listExposures(member, {});
      assert.equal(total, 3);
      assert.deepEqual(
        items.map((e) => [e.vuln_id, e.priority, e.in_kev, e.cvss_score, e.timeline]),
        [
          ['OSV-TEST-KEV', 'immediate', true, 9.8, '3 days & forensic investigation'],
          ['OSV-TEST-CRIT', 'out-of-cycle', false, 9.8, '3 days'],
          ['OSV-TEST-LOW', 'scheduled', false, 1.8, '60 days'],
        ],
      );
      const today = new Date().toISOString().slice(0, 10);
      const due = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      assert.deepEqual(
        items.map((e) => [e.vuln_id, e.status, e.due_date]),
        [
          ['OSV-TEST-KEV', 'open', due(3)],
          ['OSV-TEST-CRIT', 'open', due(3)],
          ['OSV-TEST-LOW', 'open', due(60)],
        ],
      );
      assert.deepEqual((await ch.remediation.listExposures(member, { sort: 'cvss', priority: ['scheduled'] })).items.map((e) => e.vuln_id), ['OSV-TEST-LOW']);
      assert.equal((await ch.remediation.listExposures(stranger, {})).total, 0, 'another operator sees none of an AMBER+STRICT asset');
      await assert.rejects(ch.remediation.listExposures(member, { sort: 'name' }), (e: unknown) => e instanceof ServiceError && e.field === '/sort');
    });

    it('records who changed a status, lets only the admin move a due date, and only earlier', async () => {
      await ch.remediation.update(member, assetId, 'OSV-TEST-LOW', { status: 'in_progress', note: 'ticket OPS-12' });
      await assert.rejects(ch.remediation.update(member, assetId, 'OSV-TEST-LOW', { dueDate: '2020-01-01' }), (e: unknown) => e instanceof ServiceError && e.kind === 'forbidden');
      const { remediation } = await ch.remediation.remediation(admin, assetId, 'OSV-TEST-LOW');
      const later = `${Number(remediation.due_date!.slice(0, 4)) + 1}${remediation.due_date!.slice(4)}`;
      await assert.rejects(ch.remediation.update(admin, assetId, 'OSV-TEST-LOW', { dueDate: later }), (e: unknown) => e instanceof ServiceError && e.field === '/dueDate' && /earlier, not later/.test(e.message));
      await ch.remediation.update(admin, assetId, 'OSV-TEST-LOW', { dueDate: '2020-01-01' });
      await assert.rejects(ch.remediation.update(member, assetId, 'OSV-TEST-LOW', { status: 'risk_accepted' }), (e: unknown) => e instanceof ServiceError && e.field === '/note');
      await assert.rejects(ch.remediation.update(stranger, assetId, 'OSV-TEST-LOW', { status: 'remediated' }), (e: unknown) => e instanceof ServiceError && e.kind === 'not_found');
      const { history } = await ch.remediation.remediation(admin, assetId, 'OSV-TEST-LOW');
      assert.deepEqual(
        history.map((h) => [h.field, h.old_value, h.new_value, h.changed_by]),
        [
          ['status', null, 'open', null],
          ['status', 'open', 'in_progress', member.userId],
          ['due_date', remediation.due_date, '2020-01-01', admin.userId],
        ],
      );
      const overdue = await ch.remediation.overdue(member, {});
      assert.deepEqual(overdue.items.map((e) => [e.vuln_id, e.status, e.due_date]), [['OSV-TEST-LOW', 'in_progress', '2020-01-01']]);
    });

    it("applies an operator's policy to flaws found later, refusing to loosen BOD 26-04", async () => {
      await assert.rejects(ch.remediation.setPolicy(admin, '60 days', 90), (e: unknown) => e instanceof ServiceError && e.field === '/days');
      await assert.rejects(ch.remediation.setPolicy(member, '60 days', 30), (e: unknown) => e instanceof ServiceError && e.kind === 'forbidden');
      await ch.remediation.setPolicy(admin, '60 days', 30);
      await importJson('d.json', advisory('OSV-TEST-LOW2', 'CVE-2099-0004', 'react', '18.0.1', LOW));
      const [exposure] = (await ch.remediation.listExposures(member, { vulnId: 'OSV-TEST-LOW2' })).items;
      assert.equal(exposure?.timeline, '60 days');
      const today = new Date().toISOString().slice(0, 10);
      assert.equal(exposure?.due_date, new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10));
    });

    it('hides exposures an OpenVEX not_affected statement covers, by CVE alias, and shows them on request', async () => {
      const vex = await readVex(
        JSON.stringify({
          '@context': 'https://openvex.dev/ns/v0.2.0',
          '@id': 'https://grid.example/vex/1',
          author: 'Grid Co security',
          timestamp: '2026-01-05T00:00:00Z',
          version: 1,
          statements: [{ vulnerability: { name: 'CVE-2099-0003' }, products: [{ '@id': 'pkg:npm/is-even@1.0.0' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
        }),
      );
      assert.ok(vex.ok, JSON.stringify(vex));
      const outcome = await ch.vex.apply(member, vex.vex, { assetId });
      assert.deepEqual([outcome.statements, outcome.exposuresUpdated], [1, 1]);
      const shown = (await ch.remediation.listExposures(member, {})).items.map((e) => e.vuln_id);
      assert.ok(!shown.includes('OSV-TEST-CRIT'));
      const all = await ch.remediation.listExposures(member, { includeNotAffected: true });
      const hidden = all.items.find((e) => e.vuln_id === 'OSV-TEST-CRIT');
      assert.deepEqual([hidden?.status, hidden?.vex_justification], ['not_affected', 'vulnerable_code_not_in_execute_path']);
      // The statement outlives the SBOM: a re-upload keeps the exposure hidden.
      await ch.inventory.uploadSbom(admin, assetId, sbom([['is-odd', '3.0.0'], ['left-pad', '1.1.0'], ['is-even', '1.0.0']]), 'v2');
      assert.equal((await ch.remediation.listExposures(member, { includeNotAffected: true })).items.find((e) => e.vuln_id === 'OSV-TEST-CRIT')?.status, 'not_affected');
    });

    it('closes remediations an SBOM no longer calls for, and reopens them when the flaw comes back', async () => {
      await ch.inventory.uploadSbom(admin, assetId, sbom([['is-odd', '3.0.1'], ['left-pad', '1.1.0'], ['is-even', '1.0.0']]), 'v3');
      assert.equal((await ch.remediation.remediation(admin, assetId, 'OSV-TEST-LOW')).remediation.status, 'remediated');
      await ch.inventory.uploadSbom(admin, assetId, sbom([['is-odd', '3.0.0'], ['left-pad', '1.1.0'], ['is-even', '1.0.0']]), 'v4');
      const { remediation, history } = await ch.remediation.remediation(admin, assetId, 'OSV-TEST-LOW');
      assert.equal(remediation.status, 'open');
      assert.deepEqual(history.slice(-2).map((h) => [h.old_value, h.new_value, h.note]), [['in_progress', 'remediated', 'no longer in the current SBOM'], ['remediated', 'open', 'exposed again']]);
    });

    it("exports the organization's exposures as CSV, not-affected ones included", async () => {
      const rows = await ch.remediation.exportRows(member);
      const csv = exposuresCsv(rows).split('\r\n');
      assert.equal(csv[0], 'asset_name,component_name,component_version,purl,vuln_id,priority,cvss_score,in_kev,epss,timeline,due_date,status,fixed_version,vex_status,vex_justification,first_seen');
      assert.equal(csv.length, rows.length + 2);
      assert.ok(csv.some((line) => line.startsWith('billing,left-pad,1.1.0,pkg:npm/left-pad@1.1.0,OSV-TEST-KEV,immediate,9.8,true,,3 days & forensic investigation,')));
      assert.ok(csv.some((line) => line.includes(',OSV-TEST-CRIT,') && line.includes(',not_affected,')));
      assert.deepEqual(await ch.remediation.exportRows(stranger), []);
    });

    it('re-prioritizes exposures and tightens due dates when KEV lists one of their CVEs', async () => {
      await importJson('e.json', advisory('OSV-TEST-LATE', 'CVE-2099-0005', 'is-odd', '3.0.1', LOW));
      const before = (await ch.remediation.listExposures(member, { vulnId: 'OSV-TEST-LATE' })).items[0];
      assert.deepEqual([before?.priority, before?.in_kev, before?.timeline], ['scheduled', false, '60 days']);
      await importJson('kev-2.json', kevCatalog('CVE-2099-0001', 'CVE-2099-0005'));
      const after = (await ch.remediation.listExposures(member, { vulnId: 'OSV-TEST-LATE' })).items[0];
      // Active exploitation, open system, not automatable, very high human impact: immediate (deployer table);
      // in KEV, exposed, not automatable, partial impact: 14 days (BOD 26-04 table).
      assert.deepEqual([after?.priority, after?.in_kev, after?.timeline], ['immediate', true, '14 days']);
      const today = new Date().toISOString().slice(0, 10);
      assert.equal(after?.due_date, new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10));
      const { history } = await ch.remediation.remediation(admin, assetId, 'OSV-TEST-LATE');
      assert.equal(history.at(-1)?.note, 'timeline now 14 days');
    });

    it('writes a notification for each exposure that appears or goes, in the outbox, once', async () => {
      const events = async () =>
        (await ch.store.db.selectFrom('outbox').select(['event_type', 'payload']).orderBy('id').execute()).map((r) => ({ type: r.event_type, ...(JSON.parse(r.payload) as { vulnId: string; assetName: string; component: { name: string } }) }));
      const seen = await events();
      assert.ok(seen.some((e) => e.type === 'exposure.new' && e.vulnId === 'OSV-TEST-KEV' && e.assetName === 'billing' && e.component.name === 'left-pad'));
      const count = seen.length;
      await ch.inventory.uploadSbom(admin, assetId, sbom([['is-odd', '3.0.0'], ['left-pad', '1.3.0'], ['is-even', '1.0.0']]), 'v5');
      const after = (await events()).slice(count);
      assert.deepEqual(after.map((e) => [e.type, e.vulnId]), [['exposure.resolved', 'OSV-TEST-KEV']], 'the same SBOM again tells nothing; the fixed left-pad tells one thing');
    });
  });
}
