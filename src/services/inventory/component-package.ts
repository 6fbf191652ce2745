import { ecosystemForPurl } from '../../domain/purl/ecosystem-map.js';
import { formatPurl, parsePurl, type Purl } from '../../domain/purl/purl.js';
import { resolveEcosystem } from '../../domain/versioning/ecosystems.js';

/** What of an SBOM component says which package it is. */
export interface PackageComponent {
  readonly version?: string | undefined;
  readonly purl?: string | undefined;
  readonly unmatchedReason?: string | undefined;
}

/** Where a component stands for matching: the package it names, or why it names none. */
export interface ComponentPackage {
  readonly version: string | null;
  /** The OSV ecosystem without its stream (`Debian`). */
  readonly ecosystem: string | null;
  /** The package name, normalized as the ecosystem compares names. */
  readonly packageName: string | null;
  /** The OSV ecosystem to match in, with its stream where the purl gives one (`Debian:12`). */
  readonly queryEcosystem: string | null;
  /** The purl without version, qualifiers or subpath: what VEX statements name. */
  readonly packagePurl: string | null;
  readonly unmatchedReason: string | null;
}

/** The package a component names through its purl, or why it names none. */
export function packageOf(component: PackageComponent): ComponentPackage {
  const version = component.version ?? null;
  const none = (reason: string, packagePurl: string | null = null): ComponentPackage => ({ version, ecosystem: null, packageName: null, queryEcosystem: null, packagePurl, unmatchedReason: reason });
  if (component.unmatchedReason) return none(component.unmatchedReason);
  if (!component.purl) return none('no purl');
  // Lenient, as every purl reader here is: SBOM tools write `pkg:npm/@scope/name` with a raw '@'.
  const parsed = parsePurl(component.purl, { lenient: true });
  if (!parsed.ok) return none(parsed.error);
  const packagePurl = packagePurlOf(parsed.purl);
  const mapped = ecosystemForPurl(parsed.purl);
  if ('error' in mapped) return none(mapped.error, packagePurl);
  const resolved = resolveEcosystem(mapped.osvEcosystem);
  if (!resolved.ok) return none(resolved.error, packagePurl);
  const purlVersion = mapped.version ?? null;
  if (!version && !purlVersion) return none('no version', packagePurl);
  const definition = resolved.value.definition;
  return {
    version: version ?? purlVersion,
    ecosystem: definition.base,
    packageName: definition.normalizeName(mapped.name),
    queryEcosystem: mapped.osvEcosystem,
    packagePurl,
    unmatchedReason: null,
  };
}

/** A purl's package identity (type, namespace, name), canonical: what VEX statements and exposures are matched on. */
export function packagePurlOf(purl: Purl): string {
  return formatPurl({ type: purl.type, ...(purl.namespace === undefined ? {} : { namespace: purl.namespace }), name: purl.name });
}
