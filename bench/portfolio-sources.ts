// What the portfolio benchmark builds its SBOMs from: the real SBOMs of the shared data and
// the packages the OSV corpus names, with the versions its ranges name. Deterministic: one
// seeded random source drives every choice.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OsvRecord } from '../src/domain/osv/osv-record.js';
import { purlForPackage } from '../src/domain/purl/ecosystem-map.js';
import { formatPurl } from '../src/domain/purl/purl.js';
import { resolveEcosystem } from '../src/domain/versioning/ecosystems.js';
import { versionSchemes } from '../src/domain/versioning/registry.js';
import type { UploadedComponent } from '../src/services/inventory/inventory-service.js';
import { readSbom } from '../src/services/sbom/read-sbom.js';
import { readJsonLines, sharedDataPath } from '../src/testing/shared-data.js';
import { osvCorpusFiles } from './corpus.js';

/** A seeded source of numbers in [0, 1) (mulberry32): the same seed gives the same portfolio. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A real SBOM of the shared data, read by the repo's own reader. */
export interface RealSbom {
  readonly path: string;
  readonly components: readonly UploadedComponent[];
}

/**
 * Every distinct real SBOM with at least one component: the plain files under sbom/ and the
 * large CycloneDX examples (unpacked with the system's tar). Documents the reader refuses
 * (CycloneDX 1.2/1.3, SPDX 3) are left out; the JSON and XML copies of one BOM count once.
 */
export async function readRealSboms(): Promise<RealSbom[]> {
  const root = sharedDataPath('sbom');
  const unpacked = mkdtempSync(join(tmpdir(), 'ch-portfolio-sboms-'));
  try {
    execFileSync('tar', ['-xzf', join(root, 'cyclonedx', 'bom-examples-large.tar.gz'), '-C', unpacked]);
    const files = [...filesUnder(root).filter((f) => !f.endsWith('.tar.gz') && !f.includes('/schema/')), ...filesUnder(unpacked)];
    const seen = new Set<string>();
    const sboms: RealSbom[] = [];
    for (const path of files) {
      const result = await readSbom(readFileSync(path));
      if (!result.ok || result.sbom.components.length === 0) continue;
      const signature = result.sbom.components.map((c) => c.purl ?? `${c.name}@${c.version ?? ''}`).sort().join('\n');
      if (seen.has(signature)) continue;
      seen.add(signature);
      sboms.push({ path: path.startsWith(root) ? path.slice(root.length + 1) : `cyclonedx/bom-examples-large.tar.gz:${path.slice(unpacked.length + 1)}`, components: result.sbom.components });
    }
    return sboms;
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** A package the OSV corpus names, with the versions its ranges and lists name, ascending. */
export interface PoolPackage {
  /** OSV ecosystem with its release stream where it has one (`AlmaLinux:8`). */
  readonly ecosystem: string;
  readonly name: string;
  /** Records naming the package. */
  readonly advisories: number;
  /** One real record naming it, whose shape a new advisory can take. */
  readonly exampleId: string;
  readonly affectedVersions: readonly string[];
  readonly fixedVersions: readonly string[];
}

/**
 * The packages of the corpus's advisories that a purl can name, in a fixed order (most
 * advised first).
 * Malicious-package reports (MAL-) and withdrawn records are left out: real portfolios
 * hold vulnerable packages, rarely malware. Julia purls need a uuid OSV does not give.
 */
export async function readPackagePool(): Promise<PoolPackage[]> {
  interface Gathering {
    ecosystem: string;
    name: string;
    advisories: number;
    exampleId: string;
    affected: Set<string>;
    fixed: Set<string>;
  }
  const byKey = new Map<string, Gathering>();
  for (const file of osvCorpusFiles()) {
    for await (const record of readJsonLines<OsvRecord>(file)) {
      if (record.id.startsWith('MAL-') || record.withdrawn) continue;
      for (const affected of record.affected ?? []) {
        if (!affected.package) continue;
        const { ecosystem, name } = affected.package;
        const key = `${ecosystem}\u0000${name}`;
        let entry = byKey.get(key);
        if (!entry) byKey.set(key, (entry = { ecosystem, name, advisories: 0, exampleId: record.id, affected: new Set(), fixed: new Set() }));
        entry.advisories++;
        for (const v of affected.versions ?? []) entry.affected.add(v);
        for (const range of affected.ranges ?? []) {
          if (range.type === 'GIT') continue;
          for (const event of range.events) {
            if ('introduced' in event && event.introduced !== '0') entry.affected.add(event.introduced);
            if ('last_affected' in event) entry.affected.add(event.last_affected);
            if ('fixed' in event) entry.fixed.add(event.fixed);
          }
        }
      }
    }
  }
  const pool: PoolPackage[] = [];
  for (const entry of byKey.values()) {
    const resolved = resolveEcosystem(entry.ecosystem);
    if (!resolved.ok) continue;
    const scheme = versionSchemes.get(resolved.value.definition.schemeId)!;
    const ascending = (versions: Set<string>): string[] =>
      [...versions]
        .map((text) => ({ text, parsed: scheme.parse(text) }))
        .filter((v) => v.parsed.ok)
        .sort((a, b) => scheme.compare((a.parsed as { value: unknown }).value, (b.parsed as { value: unknown }).value))
        .map((v) => v.text);
    const affectedVersions = ascending(entry.affected);
    const fixedVersions = ascending(entry.fixed);
    const anyVersion = affectedVersions[0] ?? fixedVersions[0];
    if (anyVersion === undefined || !purlForPackage(entry.ecosystem, entry.name, anyVersion).ok) continue;
    pool.push({ ecosystem: entry.ecosystem, name: entry.name, advisories: entry.advisories, exampleId: entry.exampleId, affectedVersions, fixedVersions });
  }
  return pool.sort((a, b) => b.advisories - a.advisories || a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name));
}

/**
 * A version of a pool package as a portfolio holds it: mostly the newest fix (kept up to
 * date), sometimes an older fix, now and then a version an advisory names as affected.
 * An older fix is often still affected by a later advisory, as in real portfolios. The
 * shares put about one component in eight in reach of an advisory.
 */
export function heldVersion(pkg: PoolPackage, random: Random): string {
  const pick = (list: readonly string[]): string | undefined => list[Math.floor(random() * list.length)];
  const roll = random();
  const chosen =
    roll < 0.85 ? pkg.fixedVersions[pkg.fixedVersions.length - 1] : roll < 0.95 ? pick(pkg.fixedVersions) : pick(pkg.affectedVersions);
  return chosen ?? pick(pkg.affectedVersions) ?? pick(pkg.fixedVersions)!;
}

/** A pool package at a version, as an SBOM reader hands it over (canonical purl). */
export function poolComponent(pkg: PoolPackage, version: string): UploadedComponent | undefined {
  const purl = purlForPackage(pkg.ecosystem, pkg.name, version);
  if (!purl.ok) return undefined;
  const text = formatPurl(purl.purl);
  return { ref: text, name: pkg.name, version, purl: text, cpes: [] };
}

/**
 * Draws ranks with Zipf(1) weights: a few packages sit in most assets, most packages in a
 * few, as in real portfolios.
 */
export class ZipfDraw {
  readonly #cumulative: Float64Array;

  constructor(size: number, exponent = 1) {
    const weights = Array.from({ length: size }, (_, rank) => 1 / (rank + 1) ** exponent);
    const total = weights.reduce((a, b) => a + b, 0);
    this.#cumulative = new Float64Array(size);
    let running = 0;
    for (const [rank, weight] of weights.entries()) this.#cumulative[rank] = (running += weight) / total;
  }

  next(random: Random): number {
    const target = random();
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
