import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decide, type Principal } from '../../domain/access/access-policy.js';
import { TLP_LABELS } from '../../domain/access/tlp.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { createTestStore, testDialects, type TestStore } from '../../testing/test-stores.js';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import { ServiceError } from '../service-error.js';
import type { UploadedSbom } from './inventory-service.js';

/** A synthetic advisory (OSV- prefix: not a real record) about one PyPI package. */
function advisory(id: string, modified: string, name: string, fixed: string): OsvRecord {
  return {
    schema_version: '1.6.0',
    id,
    modified,
    summary: 'test advisory',
    affected: [{ package: { ecosystem: 'PyPI', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
  };
}

/** True when the use case ran, false when it refused with a ServiceError; anything else fails the test. */
async function allowedBy(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (error) {
    if (error instanceof ServiceError) return false;
    throw error;
  }
}

const sbom = (components: UploadedSbom['components']): UploadedSbom => ({ format: 'CycloneDX', specVersion: '1.6', encoding: 'json', components });

for (const dialect of testDialects) {
  describe(`inventory and access on ${dialect}`, () => {
    let test: TestStore;
    let ch: Clearinghouse;
    const people: Record<string, Principal | undefined> = { anonymous: undefined };
    const assets: Record<string, string> = {};
    const dir = mkdtempSync(join(tmpdir(), 'ch-inventory-'));
    const exposuresOf = async (assetId: string) => (await ch.remediation.listExposures(people.gridAdmin, { assetId })).items;
    /** Imports advisories the way a user does: from a file. */
    const importAdvisory = (record: OsvRecord) => {
      const file = join(dir, `${record.id}-${record.modified.slice(0, 10)}.json`);
      writeFileSync(file, JSON.stringify(record));
      return ch.importer.importPaths([file]);
    };

    before(async () => {
      test = await createTestStore(dialect);
      ch = await openClearinghouse({ db: test.location, loadIndex: true });
      await ch.accounts.createOrganization({ name: 'Grid Co', type: 'operator', sector: 'energy' });
      await ch.accounts.createOrganization({ name: 'Water Co', type: 'operator', sector: 'water_and_wastewater_systems' });
      await ch.accounts.createOrganization({ name: 'CISA', type: 'agency' });
      for (const [key, org, role] of [
        ['gridAdmin', 'Grid Co', 'admin'],
        ['gridViewer', 'Grid Co', 'viewer'],
        ['waterMember', 'Water Co', 'member'],
        ['agencyAnalyst', 'CISA', 'analyst'],
      ] as const) {
        const user = await ch.accounts.createUser({ orgName: org, email: `${key}@example.org`, role, password: 'correct horse battery' });
        people[key] = { userId: user.id, orgId: user.org_id, role };
      }
      const token = await ch.accounts.createToken({ email: 'gridAdmin@example.org', name: 'ci', scopes: ['read'] });
      people.gridReadToken = await ch.accounts.principalOfToken(token.secret);
      for (const tlp of TLP_LABELS) {
        const asset = await ch.inventory.createAsset(people.gridAdmin, { name: `scada ${tlp}`, criticality: 'high', systemExposure: 'controlled', missionImpact: 'mef_failure', tlp });
        assets[tlp] = asset.id;
      }
      await ch.access.share(people.gridAdmin, 'assets', assets.AMBER!, { orgIds: [people.agencyAnalyst!.orgId] });
    });
    after(async () => {
      await ch.close();
      await test.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists, gets and writes exactly what the access policy allows, for every marking and person', async () => {
      for (const [who, principal] of Object.entries(people)) {
        const listed = new Set((await ch.inventory.listAssets(principal, { offset: 0, limit: 100 })).map((a) => a.id));
        for (const tlp of TLP_LABELS) {
          const id = assets[tlp]!;
          const marking = (await ch.access.marking('assets', id))!;
          const mayRead = decide(principal, 'read', marking).allowed;
          assert.equal(listed.has(id), mayRead, `${who} list TLP:${tlp}`);
          const got = await allowedBy(ch.inventory.getAsset(principal, id));
          assert.equal(got, mayRead, `${who} get TLP:${tlp}`);
          const mayWrite = decide(principal, 'write', marking).allowed;
          const wrote = await allowedBy(ch.inventory.uploadSbom(principal, id, sbom([]), '{}'));
          assert.equal(wrote, mayWrite, `${who} upload to TLP:${tlp}`);
        }
      }
      // The policy itself is not vacuous here: strangers see GREEN but not AMBER+STRICT.
      assert.ok(decide(people.waterMember, 'read', (await ch.access.marking('assets', assets.GREEN!))!).allowed);
      assert.ok(!decide(people.waterMember, 'read', (await ch.access.marking('assets', assets['AMBER+STRICT']!))!).allowed);
    });

    it('finds exposures on upload with the nearest fix, and keeps unmatched components', async () => {
      const asset = await ch.inventory.createAsset(people.gridAdmin, { name: 'historian', criticality: 'critical', systemExposure: 'open', missionImpact: 'mission_failure' });
      await importAdvisory(advisory('OSV-TEST-1', '2026-01-01T00:00:00Z', 'demo-lib', '2.0.0'));
      const result = await ch.inventory.uploadSbom(
        people.gridAdmin,
        asset.id,
        sbom([
          { ref: 'a', name: 'demo-lib', version: '1.5.0', purl: 'pkg:pypi/demo-lib@1.5.0', cpes: [] },
          { ref: 'b', name: 'Demo_Lib', purl: 'pkg:pypi/Demo_Lib@2.1.0', cpes: [] },
          { ref: 'c', name: 'firmware-blob', version: '7', cpes: ['cpe:2.3:o:acme:fw:7:*:*:*:*:*:*:*'] },
        ]),
        'doc',
      );
      assert.equal(result.exposures, 1);
      assert.equal(result.unmatched, 1);
      const exposures = await exposuresOf(asset.id);
      assert.deepEqual(
        exposures.map((e) => [e.vuln_id, e.component_name, e.fixed_version]),
        [['OSV-TEST-1', 'demo-lib', '2.0.0']],
      );
    });

    it('updates only what a new or changed advisory touches', async () => {
      const asset = await ch.inventory.createAsset(people.gridAdmin, { name: 'pumps', criticality: 'medium', systemExposure: 'small', missionImpact: 'degraded' });
      await ch.inventory.uploadSbom(people.gridAdmin, asset.id, sbom([{ ref: 'x', name: 'other-lib', purl: 'pkg:pypi/other-lib@3.0.0', cpes: [] }]), 'doc');
      assert.deepEqual(await exposuresOf(asset.id), []);
      const summary = await importAdvisory(advisory('OSV-TEST-2', '2026-01-02T00:00:00Z', 'other-lib', '3.1.0'));
      assert.equal(summary.added, 1);
      assert.deepEqual((await exposuresOf(asset.id)).map((e) => [e.vuln_id, e.fixed_version]), [['OSV-TEST-2', '3.1.0']]);
      // The advisory is corrected: 3.0.0 was never affected. The exposure goes.
      await importAdvisory(advisory('OSV-TEST-2', '2026-01-03T00:00:00Z', 'other-lib', '2.9.0'));
      assert.deepEqual(await exposuresOf(asset.id), []);
    });

    it('catches up exposures an advisory write left behind, as after a crash between the two', async () => {
      const asset = await ch.inventory.createAsset(people.gridAdmin, { name: 'valves', criticality: 'high', systemExposure: 'controlled', missionImpact: 'degraded' });
      await ch.inventory.uploadSbom(people.gridAdmin, asset.id, sbom([{ ref: 'v', name: 'valve-lib', purl: 'pkg:pypi/valve-lib@1.0.0', cpes: [] }]), 'doc');
      // The record is committed but the process dies before the exposures follow: write it the way the importer does, without the follow-up.
      const record = advisory('OSV-TEST-3', '2026-01-04T00:00:00Z', 'valve-lib', '1.1.0');
      await ch.vulnerabilities.writeBatch([{ id: record.id, modified: record.modified, modifiedMs: Date.parse(record.modified), published: null, withdrawn: null, source: 'osv', aliases: [], record: JSON.stringify(record) }]);
      assert.deepEqual(await exposuresOf(asset.id), []);
      // The next start (a new process on the same store) catches up.
      await ch.close();
      ch = await openClearinghouse({ db: test.location, loadIndex: true });
      assert.deepEqual((await exposuresOf(asset.id)).map((e) => [e.vuln_id, e.fixed_version]), [['OSV-TEST-3', '1.1.0']]);
    });

    it('refuses bad input with the field at fault and writes nothing', async () => {
      await assert.rejects(
        ch.inventory.createAsset(people.gridAdmin, { name: 'x', criticality: 'extreme', systemExposure: 'open', missionImpact: 'degraded' }),
        (e: unknown) => e instanceof ServiceError && e.field === '/criticality',
      );
      await assert.rejects(
        ch.inventory.createAsset(people.gridAdmin, { name: 'y', criticality: 'low', systemExposure: 'open', missionImpact: 'degraded', tlp: 'WHITE' }),
        (e: unknown) => e instanceof ServiceError && e.field === '/tlp',
      );
      const names = (await ch.inventory.listAssets(people.gridAdmin, { offset: 0, limit: 100 })).map((a) => a.name);
      assert.ok(!names.includes('x') && !names.includes('y'));
    });
  });
}
