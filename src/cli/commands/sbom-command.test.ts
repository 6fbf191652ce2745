import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { repoRoot } from '../../testing/shared-data.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');
const fixture = (name: string) => fileURLToPath(new URL(`../../services/sbom/fixtures/${name}`, import.meta.url));

describe('clearinghouse sbom upload', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ch-sbom-cli-'));
  const db = join(tmp, 'sbom.db');
  let token = '';
  const upload = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [bin, 'sbom', 'upload', ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, CLEARINGHOUSE_TOKEN: token, ...env } });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  before(async () => {
    // A synthetic advisory (OSV-TEST- id): lodash before 4.17.21, which the nested CycloneDX fixture holds at 4.17.20.
    writeFileSync(
      join(tmp, 'advisory.json'),
      JSON.stringify({ schema_version: '1.6.0', id: 'OSV-TEST-LODASH', modified: '2026-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }] }] }),
    );
    const ch = await openClearinghouse({ db, loadIndex: true });
    try {
      await ch.importer.importPaths([join(tmp, 'advisory.json')]);
      await ch.accounts.createOrganization({ name: 'Grid Co', type: 'operator', sector: 'energy' });
      await ch.accounts.createUser({ orgName: 'Grid Co', email: 'ops@grid.example', role: 'member' });
      token = (await ch.accounts.createToken({ email: 'ops@grid.example', name: 'uploads', scopes: ['write'] })).secret;
      const principal = (await ch.accounts.principalOfToken(token))!;
      await ch.inventory.createAsset(principal, { name: 'plant historian', criticality: 'high', systemExposure: 'controlled', missionImpact: 'mef_failure' });
    } finally {
      await ch.close();
    }
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('stores an SBOM as the named asset\'s current one and reports its exposures', async () => {
    const result = upload(['--asset', 'plant historian', fixture('cyclonedx-1.5-nested.json')]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /stored CycloneDX 1\.5 \(json\) as the current SBOM of "plant historian": \d+ components, \d+ unmatched, 1 exposures/);
    const tagValue = upload(['--asset', 'plant historian', fixture('spdx-2.2.spdx')]);
    assert.equal(tagValue.status, 0, tagValue.stderr);
    assert.match(tagValue.stdout, /stored SPDX 2\.2 \(tag-value\)/);
    const ch = await openClearinghouse({ db, loadIndex: false });
    try {
      assert.equal((await ch.store.db.selectFrom('sboms').select('id').execute()).length, 2);
    } finally {
      await ch.close();
    }
  });

  it('refuses bad input with exit 2, every fault listed, and nothing stored', async () => {
    const bad = join(tmp, 'bad.cdx.json');
    writeFileSync(bad, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ type: 'library' }, { type: 'library', name: 7 }] }));
    const invalid = upload(['--asset', 'plant historian', bad]);
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /bad\.cdx\.json: \/components\/0/);
    assert.match(invalid.stderr, /bad\.cdx\.json: \/components\/1/);
    const xxe = upload(['--asset', 'plant historian', fixture('external-entity.xml')]);
    assert.equal(xxe.status, 2);
    assert.match(xxe.stderr, /DOCTYPE/);
    assert.equal(upload(['--asset', 'no such asset', fixture('cyclonedx-1.5-nested.json')]).status, 2);
    const revoked = upload(['--asset', 'plant historian', fixture('cyclonedx-1.5-nested.json')], { CLEARINGHOUSE_TOKEN: 'cht_unknown' });
    assert.equal(revoked.status, 2);
    assert.match(revoked.stderr, /token is unknown/);
    assert.equal(upload(['--asset', 'plant historian', join(tmp, 'missing.json')]).status, 2);
    const ch = await openClearinghouse({ db, loadIndex: false });
    try {
      assert.equal((await ch.store.db.selectFrom('sboms').select('id').execute()).length, 2, 'nothing more was stored');
    } finally {
      await ch.close();
    }
  });
});
