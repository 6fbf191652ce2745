import type { OsvRecord } from '../osv/osv-record.js';
import { resolveEcosystem } from '../versioning/ecosystems.js';
import type { VersionScheme } from '../versioning/version-scheme.js';

/** A package version as an SBOM names it. */
export interface InstalledPackage {
  /** OSV ecosystem, with its release stream where it has one (`Debian:12`). */
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string;
}

/**
 * The lowest `fixed` version above the installed one among the record's ranges for
 * this package: the upgrade that closes the record with the smallest step. Undefined
 * when the record names no fix above it (withdrawn from upstream, or not yet fixed).
 */
export function nearestFixedVersion(record: OsvRecord, installed: InstalledPackage, schemes: ReadonlyMap<string, VersionScheme>): string | undefined {
  const wanted = resolveEcosystem(installed.ecosystem);
  if (!wanted.ok) return undefined;
  const { definition } = wanted.value;
  const scheme = schemes.get(definition.schemeId);
  const current = scheme?.parse(installed.version);
  if (!scheme || !current?.ok) return undefined;
  const name = definition.normalizeName(installed.name);
  let best: { text: string; value: unknown } | undefined;
  for (const affected of record.affected ?? []) {
    const pkg = affected.package;
    if (!pkg) continue;
    const resolved = resolveEcosystem(pkg.ecosystem);
    if (!resolved.ok || resolved.value.definition.base !== definition.base || definition.normalizeName(pkg.name) !== name) continue;
    if (definition.streamed && resolved.value.suffix !== undefined && resolved.value.suffix !== wanted.value.suffix) continue;
    for (const range of affected.ranges ?? []) {
      if (range.type === 'GIT') continue;
      for (const event of range.events) {
        if (!('fixed' in event) || event.fixed === undefined) continue;
        const fixed = scheme.parse(event.fixed);
        if (!fixed.ok || scheme.compare(fixed.value, current.value) <= 0) continue;
        if (!best || scheme.compare(fixed.value, best.value) < 0) best = { text: event.fixed, value: fixed.value };
      }
    }
  }
  return best?.text;
}
