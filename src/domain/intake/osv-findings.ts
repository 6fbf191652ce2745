import type { OsvAffected, OsvRecord } from '../osv/osv-record.js';
import { purlForPackage } from '../purl/ecosystem-map.js';
import { formatPurl } from '../purl/purl.js';
import { scorableVectors, titleFrom, uniqueTexts } from './finding-text.js';
import type { IntakeResult } from './intake-error.js';
import type { AffectedProduct, Finding, ReportDraft } from './report-draft.js';
import { readReportPurl, withoutVersion } from './report-purl.js';
import { isCweId } from './weakness.js';

/**
 * Most listed versions kept per package. Some records list every release of a package (a
 * few hundred); the ranges' events already say the same, and the record stays in the
 * knowledge base for the full list.
 */
export const LISTED_VERSIONS_MAX = 50;

/** A schema-valid OSV record as a report with one finding. A withdrawn record is refused: it names no vulnerability. */
export function draftFromOsv(record: OsvRecord): IntakeResult<ReportDraft> {
  if (record.withdrawn !== undefined) {
    return { ok: false, errors: [{ path: '/withdrawn', message: `${record.id} was withdrawn on ${record.withdrawn}: it names no vulnerability to take in` }] };
  }
  return { ok: true, value: { format: 'osv', findings: [osvFinding(record)] } };
}

/**
 * One finding from an OSV record: title from the summary (else the details' first line,
 * else the id), affected packages as purls with their ranges' events written out
 * (`introduced 0`, `fixed 1.2.3`) and listed versions, CWEs from `database_specific.cwe_ids`
 * (GitHub's and OSV.dev's field) or `database_specific.cwe` (the OCaml advisories'), every
 * scorable CVSS vector, and the id with its aliases.
 */
export function osvFinding(record: OsvRecord): Finding {
  const affected = mergeByProduct((record.affected ?? []).flatMap(affectedProduct));
  const cwes = uniqueTexts(
    ['cwe_ids', 'cwe'].flatMap((key) => {
      const listed = record.database_specific?.[key];
      return (Array.isArray(listed) ? listed : [listed]).filter((id): id is string => typeof id === 'string' && isCweId(id));
    }),
  );
  const severities = [...(record.severity ?? []), ...(record.affected ?? []).flatMap((a) => a.severity ?? [])];
  return {
    title: titleFrom(record.summary, record.details) ?? record.id,
    description: record.details ?? record.summary ?? '',
    affected,
    cwes,
    cvssVectors: scorableVectors(severities.filter((s) => s.type !== 'Ubuntu').map((s) => s.score)),
    identifiers: uniqueTexts([record.id, ...(record.aliases ?? [])]),
    locations: [],
    partialFingerprints: {},
    fingerprints: {},
    codeFlows: [],
  };
}

/**
 * The package of an affected entry as a purl without version: built from ecosystem and name
 * by the repository's ecosystem map, else the record's own `package.purl`, else (an ecosystem
 * no purl type is known for) by name and ecosystem. An entry that is only a git repository
 * (GIT ranges, no package) names no package and is left out.
 */
function affectedProduct(entry: OsvAffected): AffectedProduct[] {
  const pkg = entry.package;
  if (pkg === undefined) return [];
  const built = purlForPackage(pkg.ecosystem, pkg.name);
  let purl: string | undefined;
  if (built.ok) purl = formatPurl(built.purl);
  else if (pkg.purl !== undefined) {
    const given = readReportPurl(pkg.purl, { registeredTypeOnly: false });
    if (given.ok) purl = withoutVersion(given.purl).purl;
  }
  const events = (entry.ranges ?? [])
    .filter((range) => range.type !== 'GIT')
    .flatMap((range) => range.events.flatMap((event) => Object.entries(event).map(([kind, version]) => `${kind} ${String(version)}`)));
  const listed = (entry.versions ?? []).slice(0, LISTED_VERSIONS_MAX);
  const versions = uniqueTexts([...events, ...listed]);
  return [purl === undefined ? { name: `${pkg.name} (${pkg.ecosystem})`, versions } : { purl, versions }];
}

/** Entries for the same product (a record may list a package once per range) merged into one, versions in first-seen order. */
export function mergeByProduct(products: readonly AffectedProduct[]): AffectedProduct[] {
  const merged = new Map<string, AffectedProduct>();
  for (const product of products) {
    const key = JSON.stringify([product.purl ?? '', product.cpe ?? '', product.name ?? '']);
    const seen = merged.get(key);
    merged.set(key, seen === undefined ? product : { ...seen, versions: uniqueTexts([...seen.versions, ...product.versions]) });
  }
  return [...merged.values()];
}
