import type { JsonObject, OsvAffected, OsvEvent, OsvRecord, OsvSeverity } from '../osv/osv-record.js';
import { caseErrors } from './case-checks.js';
import { casePackages, type CasePackage, type RangeBounds } from './case-packages.js';
import { caseScores, type CaseScores } from './case-scores.js';
import { resultOf, type PublicationResult } from './publication-error.js';
import type { PublishableCase } from './publishable-case.js';

/** The lowest OSV schema version with everything emitted here (CVSS_V4 severities came in 1.6.2). */
const SCHEMA_VERSION = '1.6.2';

/**
 * The OSV id of a case. An OSV id starts with a prefix registered in the OSV schema
 * (`GHSA-`, `PYSEC-`, …) or with `x_`, the schema's prefix for databases not registered;
 * the clearinghouse's `CH-` is not registered, so `CH-2026-0042` is published as `x_CH-2026-0042`.
 */
export function osvId(caseId: string): string {
  return `x_${caseId}`;
}

/**
 * The case as an OSV record: its CVE id as alias, one `affected` entry per package with one
 * range per affected entry of the case (SEMVER where the ecosystem orders by SemVer and the
 * versions are SemVer 2.0, ECOSYSTEM otherwise), the CVSS vectors as severities, and the CWE
 * ids and the qualitative severity (of the v4.0 score when there is one, else of the v3.x one)
 * in `database_specific`.
 */
export function osvRecord(c: PublishableCase): PublicationResult<OsvRecord> {
  const packages = casePackages(c);
  const scores = caseScores(c.cvssVectors);
  const errors = [...caseErrors(c), ...(packages.ok ? [] : packages.errors), ...(scores.ok ? [] : scores.errors)];
  return resultOf(errors, () => build(c, packages.ok ? packages.value : [], scores.ok ? scores.value : {}));
}

function build(c: PublishableCase, packages: readonly CasePackage[], scores: CaseScores): OsvRecord {
  const severity: OsvSeverity[] = [];
  if (scores.v3 !== undefined) severity.push({ type: 'CVSS_V3', score: scores.v3.vector });
  if (scores.v4 !== undefined) severity.push({ type: 'CVSS_V4', score: scores.v4.vector });
  const databaseSpecific: JsonObject = {};
  if (c.cwes.length > 0) databaseSpecific['cwe_ids'] = [...c.cwes];
  const rating = (scores.v4 ?? scores.v3)?.severity;
  if (rating !== undefined) databaseSpecific['severity'] = rating;

  return {
    schema_version: SCHEMA_VERSION,
    id: osvId(c.id),
    modified: c.modified,
    published: c.published,
    ...(c.cveId !== undefined && { aliases: [c.cveId] }),
    summary: c.title,
    details: c.description,
    ...(severity.length > 0 && { severity }),
    affected: packages.map(affectedOf),
    ...(c.references.length > 0 && { references: c.references.map(({ type, url }) => ({ type, url })) }),
    ...(c.credits.length > 0 && { credits: c.credits.map(({ name, type }) => ({ name, type })) }),
    ...(Object.keys(databaseSpecific).length > 0 && { database_specific: databaseSpecific }),
  };
}

function affectedOf(pkg: CasePackage): OsvAffected {
  return {
    package: { ecosystem: pkg.ecosystem, name: pkg.name, purl: pkg.purlText },
    ranges: pkg.ranges.map((range) => ({ type: pkg.rangeType, events: eventsOf(range.bounds) })),
  };
}

function eventsOf(bounds: RangeBounds): OsvEvent[] {
  const events: OsvEvent[] = [{ introduced: bounds.introduced }];
  if (bounds.fixed !== undefined) events.push({ fixed: bounds.fixed });
  if (bounds.lastAffected !== undefined) events.push({ last_affected: bounds.lastAffected });
  return events;
}
