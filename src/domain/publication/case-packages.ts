import semver from 'semver';
import { ecosystemForPurl } from '../purl/ecosystem-map.js';
import { formatPurl, parsePurl, type Purl } from '../purl/purl.js';
import { resolveEcosystem } from '../versioning/ecosystems.js';
import { versionSchemes } from '../versioning/registry.js';
import type { VersionScheme } from '../versioning/version-scheme.js';
import type { PublicationError, PublicationResult } from './publication-error.js';
import type { PublishableCase } from './publishable-case.js';

/** The version scheme of an OSV ecosystem (`npm`, `Debian:12`), when versions there can be ordered. */
export function versionSchemeOf(osvEcosystem: string): VersionScheme | undefined {
  const resolved = resolveEcosystem(osvEcosystem);
  return resolved.ok ? versionSchemes.get(resolved.value.definition.schemeId) : undefined;
}

/** The version scheme of a package purl's ecosystem, when versions there can be ordered. */
export function versionSchemeOfPurl(purlText: string): VersionScheme | undefined {
  const parsed = parsePurl(purlText);
  if (!parsed.ok) return undefined;
  const osv = ecosystemForPurl(parsed.purl);
  return 'error' in osv ? undefined : versionSchemeOf(osv.osvEcosystem);
}

/** A range's bounds; `introduced: '0'` means from the first version. */
export interface RangeBounds {
  readonly introduced: string;
  readonly fixed?: string;
  readonly lastAffected?: string;
}

/** One affected entry of a case, checked: its versions parse in the package's ecosystem and are in order. */
export interface CaseRange {
  /** Its index in the case's `affected`. */
  readonly index: number;
  /** As the case gives them: the package's own version strings, as purls carry them. */
  readonly given: RangeBounds;
  /** As OSV and CVE ranges write them: Go versions without their leading `v`. */
  readonly bounds: RangeBounds;
}

/** An affected package with every range the case gives for it. */
export interface CasePackage {
  /** Parsed and normalized, without version. */
  readonly purl: Purl;
  /** Its canonical string. */
  readonly purlText: string;
  /** The OSV ecosystem, with its stream when the purl names one (`Debian:12`). */
  readonly ecosystem: string;
  /** The OSV ecosystem without stream (`Debian`). */
  readonly ecosystemBase: string;
  /** The package name as OSV spells it (`@scope/name`, `group:artifact`). */
  readonly name: string;
  /** The purl namespace, or the name when the purl has none: registries name no vendor. */
  readonly vendor: string;
  readonly product: string;
  /** SEMVER when the ecosystem orders by SemVer and every bound is a SemVer 2.0 version; else ECOSYSTEM. */
  readonly rangeType: 'SEMVER' | 'ECOSYSTEM';
  /** The CVE `versionType` of its ranges. */
  readonly versionType: string;
  readonly ranges: readonly CaseRange[];
}

/** A package while the case's entries are read: its ranges get their written bounds and type once all are in. */
interface CollectedPackage {
  readonly pkg: Omit<CasePackage, 'ranges' | 'rangeType' | 'versionType'>;
  readonly schemeId: string;
  readonly ranges: Omit<CaseRange, 'bounds'>[];
}

/** Version schemes that order by SemVer precedence: OSV publishes their ranges as SEMVER (Go vulndb, RustSec, npm). */
const SEMVER_SCHEMES = new Set(['semver', 'go']);

/** CVE `versionType` names that differ from the scheme id (the CVE schema's examples say `python`). */
const CVE_VERSION_TYPES: Readonly<Record<string, string>> = { pypi: 'python' };

/**
 * The case's affected packages, grouped by purl in the order they first appear. Each purl is
 * parsed by the one purl parser and mapped to its OSV ecosystem; its versions are read by that
 * ecosystem's version scheme, so a range whose bounds do not parse or are out of order is an
 * error, never published.
 */
export function casePackages(c: PublishableCase): PublicationResult<CasePackage[]> {
  const errors: PublicationError[] = [];
  const packages = new Map<string, CollectedPackage>();

  c.affected.forEach((entry, index) => {
    const at = `/affected/${index}`;
    const parsed = parsePurl(entry.purl);
    if (!parsed.ok) {
      errors.push({ path: `${at}/purl`, message: `${JSON.stringify(entry.purl)} is not a purl: ${parsed.error}` });
      return;
    }
    const purl = parsed.purl;
    if (purl.version !== undefined) {
      errors.push({ path: `${at}/purl`, message: `the package purl names version ${purl.version}: give the package alone, and its versions as introduced, fixed or lastAffected` });
      return;
    }
    const osv = ecosystemForPurl(purl);
    if ('error' in osv) {
      errors.push({ path: `${at}/purl`, message: osv.error });
      return;
    }
    const scheme = versionSchemeOf(osv.osvEcosystem);
    if (scheme === undefined) {
      errors.push({ path: `${at}/purl`, message: `the versions of ${osv.ecosystem} packages cannot be ordered here, so their ranges cannot be checked` });
      return;
    }
    const rangeErrors = boundErrors(entry, scheme, at);
    if (rangeErrors.length > 0) {
      errors.push(...rangeErrors);
      return;
    }

    const purlText = formatPurl(purl);
    const known: CollectedPackage = packages.get(purlText) ?? {
      pkg: { purl, purlText, ecosystem: osv.osvEcosystem, ecosystemBase: osv.ecosystem, name: osv.name, vendor: purl.namespace ?? purl.name, product: purl.name },
      schemeId: scheme.id,
      ranges: [],
    };
    known.ranges.push({ index, given: givenBounds(entry) });
    packages.set(purlText, known);
  });
  if (errors.length > 0) return { ok: false, errors };

  return {
    ok: true,
    value: [...packages.values()].map(({ pkg, schemeId, ranges }) => {
      // OSV's SEMVER versions have no leading `v`; Go module versions always do.
      const written = (version: string): string => (pkg.ecosystemBase === 'Go' ? version.replace(/^v/, '') : version);
      const withBounds = ranges.map((r) => ({ ...r, bounds: mapBounds(r.given, written) }));
      const semverRanges = SEMVER_SCHEMES.has(schemeId) && withBounds.every((r) => boundList(r.bounds).every(isSemVer));
      return {
        ...pkg,
        rangeType: semverRanges ? 'SEMVER' : 'ECOSYSTEM',
        versionType: semverRanges ? 'semver' : (CVE_VERSION_TYPES[schemeId] ?? schemeId),
        ranges: withBounds,
      };
    }),
  };
}

function givenBounds(entry: PublishableCase['affected'][number]): RangeBounds {
  return {
    introduced: entry.introduced ?? '0',
    ...(entry.fixed !== undefined && { fixed: entry.fixed }),
    ...(entry.lastAffected !== undefined && { lastAffected: entry.lastAffected }),
  };
}

function mapBounds(bounds: RangeBounds, map: (version: string) => string): RangeBounds {
  return {
    introduced: bounds.introduced === '0' ? '0' : map(bounds.introduced),
    ...(bounds.fixed !== undefined && { fixed: map(bounds.fixed) }),
    ...(bounds.lastAffected !== undefined && { lastAffected: map(bounds.lastAffected) }),
  };
}

/** The bounds that are versions (`introduced: '0'` is not one). */
function boundList(bounds: RangeBounds): string[] {
  return [bounds.introduced, bounds.fixed, bounds.lastAffected].filter((v): v is string => v !== undefined && v !== '0');
}

/**
 * Strict SemVer 2.0, which OSV's SEMVER type requires: `semver` accepts a leading `v` or `=`
 * and returns the version without it, so only a version it returns unchanged is strict. This
 * decides the range type only; versions are ordered by the ecosystem's scheme.
 */
function isSemVer(version: string): boolean {
  return semver.valid(version) === version;
}

function boundErrors(entry: PublishableCase['affected'][number], scheme: VersionScheme, at: string): PublicationError[] {
  if (entry.fixed !== undefined && entry.lastAffected !== undefined) {
    return [{ path: `${at}/lastAffected`, message: 'a range ends either at its fixed version or at its last affected version, not both' }];
  }
  const errors: PublicationError[] = [];
  const read = (field: 'introduced' | 'fixed' | 'lastAffected', text: string | undefined): unknown => {
    if (text === undefined || (field === 'introduced' && text === '0')) return undefined;
    const parsed = scheme.parse(text);
    if (parsed.ok) return parsed.value;
    errors.push({ path: `${at}/${field}`, message: `not a ${scheme.displayName} version: ${parsed.error}` });
    return undefined;
  };
  const introduced = read('introduced', entry.introduced);
  const fixed = read('fixed', entry.fixed);
  const lastAffected = read('lastAffected', entry.lastAffected);
  if (introduced !== undefined && fixed !== undefined && scheme.compare(introduced, fixed) >= 0) {
    errors.push({ path: `${at}/fixed`, message: `fixed ${entry.fixed} is not after introduced ${entry.introduced}` });
  }
  if (introduced !== undefined && lastAffected !== undefined && scheme.compare(introduced, lastAffected) > 0) {
    errors.push({ path: `${at}/lastAffected`, message: `last affected ${entry.lastAffected} is before introduced ${entry.introduced}` });
  }
  return errors;
}
