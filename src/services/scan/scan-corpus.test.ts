import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { resolveEcosystem } from '../../domain/versioning/ecosystems.js';
import { versionSchemes } from '../../domain/versioning/registry.js';
import { readJsonLines, repoRoot, sharedDataPath } from '../../testing/shared-data.js';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import { packageOf } from '../inventory/component-package.js';
import { readSbom } from '../sbom/read-sbom.js';
import { scanServiceOf, type VulnerabilityResults } from './scan-service.js';

/** The OSV sources whose ecosystems the SBOMs below use (PyPI, crates.io, npm, Maven, AlmaLinux). */
const osvFiles = ['pypi.jsonl.gz', 'crates-io.jsonl.gz', 'malicious-packages.jsonl.gz', 'almalinux.jsonl.gz'];
const sbomFixtures = join(repoRoot, 'src/services/sbom/fixtures');

interface Installed {
  ecosystem: string;
  name: string;
  version: string;
}

const keyOf = (p: Installed): string => `${p.ecosystem}|${p.name}|${p.version}`;

/** The packages an SBOM names, as the scan reads them (purl → OSV ecosystem and name). */
async function packagesIn(path: string): Promise<Installed[]> {
  const read = await readSbom(readFileSync(path));
  assert.ok(read.ok, path);
  return read.sbom.components.flatMap((c) => {
    const pkg = packageOf(c);
    return pkg.unmatchedReason === null ? [{ ecosystem: pkg.queryEcosystem!, name: pkg.packageName!, version: pkg.version! }] : [];
  });
}

/**
 * Whether a record affects a package version, evaluated as the OSV schema describes it
 * (sort each range's events, then walk them), directly from the record: independent of the
 * match index the scan uses. Versions compare only through the ecosystem's version scheme.
 */
function affects(record: OsvRecord, p: Installed): boolean {
  if (record.withdrawn) return false;
  const wanted = resolveEcosystem(p.ecosystem);
  assert.ok(wanted.ok, wanted.ok ? '' : wanted.error);
  const { definition } = wanted.value;
  const scheme = versionSchemes.get(definition.schemeId)!;
  const installed = scheme.parse(p.version);
  if (!installed.ok) return false;
  const compare = (text: string): number => {
    if (text === '0') return 1;
    const bound = scheme.parse(text);
    return bound.ok ? scheme.compare(installed.value, bound.value) : Number.NaN;
  };
  for (const affected of record.affected ?? []) {
    const pkg = affected.package;
    const resolved = pkg && resolveEcosystem(pkg.ecosystem);
    if (!pkg || !resolved?.ok || resolved.value.definition.base !== definition.base || definition.normalizeName(pkg.name) !== p.name) continue;
    // A distribution's advisories are per release: an entry for one release says nothing of another (nor of a package whose release is unknown).
    if (definition.streamed && resolved.value.suffix !== undefined && resolved.value.suffix !== wanted.value.suffix) continue;
    if ((affected.versions ?? []).includes(p.version)) return true;
    for (const range of affected.ranges ?? []) {
      if (range.type === 'GIT') continue;
      const events = range.events
        .map((e) => Object.entries(e)[0] as [string, string])
        .sort(([, a], [, b]) => {
          if (a === '0' || b === '0') return a === b ? 0 : a === '0' ? -1 : 1;
          const [x, y] = [scheme.parse(a), scheme.parse(b)];
          return x.ok && y.ok ? scheme.compare(x.value, y.value) : 0;
        });
      let inRange = false;
      for (const [kind, value] of events) {
        const c = compare(value);
        if (kind === 'introduced' && c >= 0) inRange = true;
        else if (kind === 'fixed' && c >= 0) inRange = false;
        else if (kind === 'last_affected' && c > 0) inRange = false;
      }
      if (inRange) return true;
    }
  }
  return false;
}

/** Package key → ids of the records that affect it, for every package given, from the OSV files. */
async function expectedFindings(packages: readonly Installed[]): Promise<Map<string, string[]>> {
  // Only the packages a record names are evaluated against it: by ecosystem base and normalized name.
  const byName = new Map<string, Installed[]>();
  const nameKey = (ecosystem: string, name: string): string | undefined => {
    const resolved = resolveEcosystem(ecosystem);
    return resolved.ok ? `${resolved.value.definition.base}|${resolved.value.definition.normalizeName(name)}` : undefined;
  };
  for (const p of packages) {
    const key = nameKey(p.ecosystem, p.name)!;
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  const expected = new Map<string, string[]>();
  for (const file of osvFiles) {
    for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', file))) {
      const named = new Set((record.affected ?? []).flatMap((a) => (a.package ? (byName.get(nameKey(a.package.ecosystem, a.package.name) ?? '') ?? []) : [])));
      for (const p of named) {
        if (!affects(record, p)) continue;
        const ids = expected.get(keyOf(p)) ?? [];
        if (!ids.includes(record.id)) expected.set(keyOf(p), [...ids, record.id].sort());
      }
    }
  }
  return expected;
}

/** Package key → ids of the records the scan reported for it. */
function reported(results: VulnerabilityResults): Map<string, string[]> {
  return new Map(results.results.flatMap((s) => s.packages.map((p) => [keyOf(p.package), p.vulnerabilities.map((v) => v.id).sort()] as const)));
}

describe('scan service on real SBOMs and real OSV records (shared/data)', () => {
  let tmp: string;
  let ch: Clearinghouse;
  /** The fixtures, and real SBOMs from shared/data (two from the large examples' archive). */
  const sboms: string[] = [];
  const packagesBySbom = new Map<string, Installed[]>();
  let expected: Map<string, string[]>;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-scan-corpus-'));
    ch = await openClearinghouse({ db: join(tmp, 'scan.db'), loadIndex: false });
    const summary = await ch.importer.importPaths(osvFiles.map((f) => sharedDataPath('osv', f)));
    assert.ok(summary.added > 30000);
    const large = join(tmp, 'large');
    mkdirSync(large);
    const members = ['./SBOM/juice-shop/via_npm/flat/bom.1.4.json', './OBOM/Example-1-Decoupled/bom.json'];
    const untar = spawnSync('tar', ['-xzf', sharedDataPath('sbom/cyclonedx/bom-examples-large.tar.gz'), '-C', large, ...members], { encoding: 'utf8' });
    assert.equal(untar.status, 0, untar.stderr);
    sboms.push(
      join(repoRoot, 'src/services/scan/fixtures/scan-fixture.cdx.json'),
      join(sbomFixtures, 'spdx-2.3.json'),
      join(sbomFixtures, 'spdx-2.2.spdx'),
      join(sbomFixtures, 'cyclonedx-1.5-nested.json'),
      join(sbomFixtures, 'cyclonedx-1.6-nested.xml'),
      ...members.map((m) => join(large, m)),
      sharedDataPath('sbom/spdx/spec-examples-2.3/SPDXJSONExample-v2.3.spdx.json'),
      sharedDataPath('sbom/spdx/spdx-examples/presentations/SBOMS-SPDX-Now-and-Future/ACME-v2.3.spdx.json'),
    );
    for (const sbom of sboms) packagesBySbom.set(sbom, await packagesIn(sbom));
    expected = await expectedFindings([...packagesBySbom.values()].flat());
  });
  after(async () => {
    await ch.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reports, for each SBOM, exactly the records whose ranges cover its packages', async () => {
    const service = scanServiceOf(ch);
    let vulnerable = 0;
    for (const sbom of sboms) {
      const read = await readSbom(readFileSync(sbom));
      assert.ok(read.ok, sbom);
      const report = await service.scan(read.sbom, sbom);
      const found = reported(await service.results(report));
      const keys = new Set(packagesBySbom.get(sbom)!.map(keyOf));
      assert.deepEqual(found, new Map([...expected].filter(([key]) => keys.has(key))), sbom);
      assert.equal(report.findings.length > 0, found.size > 0, sbom);
      if (found.size > 0) vulnerable++;
    }
    // The fixtures name vulnerable versions; the real SBOMs' npm and Maven packages have no records here (GHSA is not in the corpus).
    assert.equal(vulnerable, 3);
  });

  it('checks every component of a real 1,115-component SBOM (juice-shop, npm) and finds nothing', async () => {
    const juiceShop = sboms.find((s) => s.endsWith('bom.1.4.json'))!;
    const read = await readSbom(readFileSync(juiceShop));
    assert.ok(read.ok);
    const report = await scanServiceOf(ch).scan(read.sbom, juiceShop);
    assert.equal(report.componentCount, 1115);
    assert.deepEqual(report.unscanned, []);
    assert.equal(report.packageCount, new Set(packagesBySbom.get(juiceShop)!.map(keyOf)).size);
    assert.deepEqual(report.findings, []);
  });
});
