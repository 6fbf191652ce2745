import { utcSeconds } from '../../domain/publication/case-checks.js';
import { versionSchemeOfPurl } from '../../domain/publication/case-packages.js';
import type { PublishableCase } from '../../domain/publication/publishable-case.js';
import { ServiceError } from '../service-error.js';
import type { CaseView, PublicationView } from './case-view.js';


/**
 * A lower bound for a fixed version's release line, for a vendor that fixed several lines
 * (4.2.1 and 5.0.3): the line's first release, `5.0.0`. Vendors state fixed versions, not
 * where each line started; without this, a range from 0 to 5.0.3 would call 4.2.1 affected.
 */
function lineStart(version: string): string {
  const parts = version.split('.');
  return parts.length < 2 ? '0' : [parts[0], ...parts.slice(1).map(() => '0')].join('.');
}

/** Fixed versions lowest first, in the package ecosystem's order; as given when it has none here (the builders then refuse them). */
function inVersionOrder(purl: string, versions: string[]): string[] {
  const scheme = versionSchemeOfPurl(purl);
  if (!scheme) return versions;
  const parsed = versions.map((text) => ({ text, parsed: scheme.parse(text) }));
  if (!parsed.every((v) => v.parsed.ok)) return versions;
  return parsed.sort((a, b) => scheme.compare(a.parsed.ok ? a.parsed.value : undefined, b.parsed.ok ? b.parsed.value : undefined)).map((v) => v.text);
}

/**
 * What publication needs of a fixed case: the canonical finding's text and scores, and for
 * each affected package the fixed versions its vendors stated (a vendor that says "affected"
 * and names fixed versions). The lowest fixed version's range starts at 0; each higher one's
 * at its release line.
 */
export function publishableCase(view: CaseView, publication: PublicationView, coordinator: string, at: Date): PublishableCase {
  const affected = publication.affected.flatMap((pkg) => {
    const fixed = inVersionOrder(pkg.purl, [...new Set(pkg.vendors.filter((v) => v.status === 'affected').flatMap((v) => v.fixedVersions))]);
    return fixed.map((version, i) => ({ purl: pkg.purl, introduced: i === 0 ? '0' : lineStart(version), fixed: version }));
  });
  if (affected.length === 0) {
    throw new ServiceError('conflict', 'no vendor has stated a fixed version of an affected package: there is nothing for operators to update to yet', '/state');
  }
  const now = utcSeconds(at);
  const vendors = [...new Set(publication.affected.flatMap((p) => p.vendors.filter((v) => v.status === 'affected').map((v) => v.orgName)))];
  return {
    id: view.id,
    ...(publication.cveId === null ? {} : { cveId: publication.cveId }),
    title: publication.title,
    description: publication.description.trim() === '' ? publication.title : publication.description,
    published: now,
    modified: now,
    cwes: publication.cwes,
    cvssVectors: publication.cvssVectors,
    affected,
    references: [],
    credits: [{ name: coordinator, type: 'COORDINATOR' }, ...vendors.map((name) => ({ name, type: 'REMEDIATION_DEVELOPER' as const }))],
    revisions: [{ date: now, summary: 'Initial publication.' }],
  };
}
