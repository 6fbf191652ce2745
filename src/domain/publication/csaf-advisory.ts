import { buildPurl, formatPurl } from '../purl/purl.js';
import { caseErrors, isHttpsUrl, publisherErrors } from './case-checks.js';
import { casePackages, type CasePackage, type CaseRange, type RangeBounds } from './case-packages.js';
import { caseScores, type CaseScores } from './case-scores.js';
import { csafFilename } from './csaf-filename.js';
import type { CsafBranch, CsafDocument, CsafNote, CsafReference, CsafRemediation, CsafVulnerability } from './csaf-json.js';
import { resultOf, type PublicationError, type PublicationResult } from './publication-error.js';
import type { PublishableCase, Publisher } from './publishable-case.js';

export interface CsafAdvisoryOptions {
  /**
   * CWE id → name, from the CWE catalog CSAF mandatory test 6.1.11 checks names against (the
   * validator library's copy, so a name here is one the test accepts). Every CWE of the case
   * needs its name: CSAF's `cwe` has both.
   */
  readonly weaknessNames: ReadonlyMap<string, string>;
  /** Where the advisory is served: added as the `self` reference, which must end in {@link csafFilename}. */
  readonly canonicalUrl?: string;
}

/**
 * purl types whose purls must name a version by purl-spec's PURL-TYPES.rst, which the CSAF
 * validator's purl check (mandatory test 6.1.13, through packageurl-js) enforces: the range
 * product of such a package carries no purl, as there is no version to give it.
 */
const VERSIONED_PURL_TYPES = new Set(['cran', 'swift']);

const REFERENCE_SUMMARIES: Readonly<Record<PublishableCase['references'][number]['type'], string>> = {
  ADVISORY: 'Advisory',
  FIX: 'Fix',
  REPORT: 'Report',
  WEB: 'Web page',
  PACKAGE: 'Package',
  ARTICLE: 'Article',
};

const CREDIT_SUMMARIES: Readonly<Record<PublishableCase['credits'][number]['type'], string>> = {
  FINDER: 'finder',
  REPORTER: 'reporter',
  COORDINATOR: 'coordinator',
  REMEDIATION_DEVELOPER: 'remediation developer',
  OTHER: 'other',
};

/**
 * The case as a CSAF 2.0 security advisory, with the publisher as coordinator, TLP:WHITE
 * (CSAF 2.0 predates TLP 2.0's CLEAR) and status final; its version is the number of revisions.
 *
 * Product tree: vendor → product name → one `product_version_range` per affected entry (a vers
 * range, with the package purl where the type allows one without version) and one
 * `product_version` per fixed version (with the versioned purl). The vulnerability lists the ranges as known affected and the fixed versions as fixed,
 * with a remediation for each range (the vendor fix, or none available), the description as its
 * note, and the CVSS v3.x score. CSAF 2.0 has no CVSS v4.0 score object (cvss_v4 came in 2.1), so
 * a v4.0 vector is given as a note; and it has one `cwe` per vulnerability, so the first CWE is
 * `cwe` and the others are named in a note.
 */
export function csafAdvisory(c: PublishableCase, publisher: Publisher, options: CsafAdvisoryOptions): PublicationResult<CsafDocument> {
  const packages = casePackages(c);
  const scores = caseScores(c.cvssVectors);
  const errors: PublicationError[] = [
    ...caseErrors(c),
    ...publisherErrors(publisher, { cna: false }),
    ...(packages.ok ? [] : packages.errors),
    ...(scores.ok ? [] : scores.errors),
  ];
  c.cwes.forEach((cwe, i) => {
    if (!options.weaknessNames.has(cwe)) errors.push({ path: `/cwes/${i}`, message: `${cwe} is not in the CWE catalog, so the advisory cannot name it` });
  });
  if (options.canonicalUrl !== undefined && !(isHttpsUrl(options.canonicalUrl) && options.canonicalUrl.endsWith(`/${csafFilename(c.id)}`))) {
    errors.push({ path: '/canonicalUrl', message: `${JSON.stringify(options.canonicalUrl)} is not an https URL ending in /${csafFilename(c.id)}` });
  }
  const products = packages.ok ? packages.value.map((pkg) => ({ pkg, ranges: pkg.ranges.map((range) => rangeProducts(pkg, range)) })) : [];
  for (const { ranges } of products) {
    for (const { range, fixedPurl } of ranges) {
      if (fixedPurl !== undefined && !fixedPurl.ok) errors.push({ path: `/affected/${range.index}/fixed`, message: `no purl for the fixed version: ${fixedPurl.error}` });
    }
  }
  return resultOf(errors, () => build(c, publisher, options, products, scores.ok ? scores.value : {}));
}

/** The products of one affected entry: its range and, when it has one, its fixed version. */
interface RangeProducts {
  readonly range: CaseRange;
  readonly affectedId: string;
  readonly fixedId: string;
  readonly fixedPurl?: { ok: true; purl: string } | { ok: false; error: string };
}

interface PackageProducts {
  readonly pkg: CasePackage;
  readonly ranges: readonly RangeProducts[];
}

function rangeProducts(pkg: CasePackage, range: CaseRange): RangeProducts {
  const ids = { range, affectedId: `affected-${range.index + 1}`, fixedId: `fixed-${range.index + 1}` };
  if (range.given.fixed === undefined) return ids;
  const versioned = buildPurl({ ...pkg.purl, version: range.given.fixed });
  return { ...ids, fixedPurl: versioned.ok ? { ok: true, purl: formatPurl(versioned.purl) } : versioned };
}

function build(c: PublishableCase, publisher: Publisher, options: CsafAdvisoryOptions, products: readonly PackageProducts[], scores: CaseScores): CsafDocument {
  const ranges = products.flatMap((p) => p.ranges.map((r) => ({ pkg: p.pkg, ...r })));
  const affectedIds = ranges.map((r) => r.affectedId);
  const fixedIds = ranges.filter((r) => r.range.given.fixed !== undefined).map((r) => r.fixedId);
  const weakness = (cwe: string): { id: string; name: string } => ({ id: cwe, name: options.weaknessNames.get(cwe) ?? '' });
  const [firstCwe, ...otherCwes] = c.cwes;

  const vulnerability: CsafVulnerability = {
    ...(c.cveId !== undefined && { cve: c.cveId }),
    ids: [{ system_name: `${publisher.name} case`, text: c.id }],
    title: c.title,
    ...(firstCwe !== undefined && { cwe: weakness(firstCwe) }),
    notes: vulnerabilityNotes(c, scores, otherCwes.map(weakness)),
    release_date: c.published,
    product_status: { known_affected: affectedIds, ...(fixedIds.length > 0 && { fixed: fixedIds }) },
    remediations: ranges.map((r) => remediationOf(r.pkg, r)),
    ...(scores.v3 !== undefined && {
      scores: [{ products: affectedIds, cvss_v3: { version: scores.v3.version, vectorString: scores.v3.vector, baseScore: scores.v3.score, baseSeverity: scores.v3.severity } }],
    }),
    ...(c.references.length > 0 && { references: c.references.map(({ type, url }): CsafReference => ({ category: 'external', summary: REFERENCE_SUMMARIES[type], url })) }),
    ...(c.credits.length > 0 && { acknowledgments: c.credits.map(({ name, type }) => ({ names: [name], summary: CREDIT_SUMMARIES[type] })) }),
  };

  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      title: c.title,
      lang: 'en',
      publisher: { category: 'coordinator', name: publisher.name, namespace: publisher.namespace, contact_details: publisher.contactDetails },
      distribution: { tlp: { label: 'WHITE', url: 'https://www.first.org/tlp/' } },
      ...(options.canonicalUrl !== undefined && { references: [{ category: 'self', summary: 'Canonical URL', url: options.canonicalUrl }] }),
      tracking: {
        id: c.id,
        status: 'final',
        version: String(c.revisions.length),
        initial_release_date: c.published,
        current_release_date: c.modified,
        revision_history: c.revisions.map((revision, i) => ({ number: String(i + 1), date: revision.date, summary: revision.summary })),
      },
    },
    product_tree: { branches: vendorBranches(products) },
    vulnerabilities: [vulnerability],
  };
}

function vulnerabilityNotes(c: PublishableCase, scores: CaseScores, otherWeaknesses: readonly { id: string; name: string }[]): CsafNote[] {
  const notes: CsafNote[] = [{ category: 'description', title: 'Description', text: c.description }];
  if (otherWeaknesses.length > 0) {
    notes.push({ category: 'other', title: 'Further weaknesses', text: otherWeaknesses.map((w) => `${w.id}: ${w.name}`).join('\n') });
  }
  if (scores.v4 !== undefined) {
    notes.push({ category: 'other', title: 'CVSS v4.0', text: `${scores.v4.vector} (base score ${scores.v4.score.toFixed(1)}, ${scores.v4.severity})` });
  }
  return notes;
}

/** vendor → product name → ranges and fixed versions, vendors and products in the order the case names them. */
function vendorBranches(products: readonly PackageProducts[]): CsafBranch[] {
  const vendors = new Map<string, Map<string, CsafBranch[]>>();
  for (const { pkg, ranges } of products) {
    const byProduct = vendors.get(pkg.vendor) ?? new Map<string, CsafBranch[]>();
    vendors.set(pkg.vendor, byProduct);
    const leaves = byProduct.get(pkg.product) ?? [];
    byProduct.set(pkg.product, leaves);
    for (const r of ranges) leaves.push(...rangeLeaves(pkg, r));
  }
  return [...vendors].map(([vendor, byProduct]) => ({
    category: 'vendor',
    name: vendor,
    branches: [...byProduct].map(([product, leaves]) => ({ category: 'product_name', name: product, branches: leaves })),
  }));
}

function rangeLeaves(pkg: CasePackage, r: RangeProducts): CsafBranch[] {
  const range = versRange(pkg.purl.type, r.range.given);
  const leaves: CsafBranch[] = [
    {
      category: 'product_version_range',
      name: range,
      product: {
        name: `${pkg.name} ${range}`,
        product_id: r.affectedId,
        ...(!VERSIONED_PURL_TYPES.has(pkg.purl.type) && { product_identification_helper: { purl: pkg.purlText } }),
      },
    },
  ];
  const fixed = r.range.given.fixed;
  if (fixed !== undefined && r.fixedPurl?.ok === true) {
    leaves.push({
      category: 'product_version',
      name: fixed,
      product: { name: `${pkg.name} ${fixed}`, product_id: r.fixedId, product_identification_helper: { purl: r.fixedPurl.purl } },
    });
  }
  return leaves;
}

/**
 * The range in the vers notation (`vers:npm/>=1.0.0|<1.4.2`), which CSAF recommends for
 * product_version_range; its versioning scheme is the purl type. Written by hand: no vers
 * library is installed, and a range of two bounds is one line.
 */
export function versRange(purlType: string, bounds: RangeBounds): string {
  const constraints: string[] = [];
  if (bounds.introduced !== '0') constraints.push(`>=${bounds.introduced}`);
  if (bounds.fixed !== undefined) constraints.push(`<${bounds.fixed}`);
  if (bounds.lastAffected !== undefined) constraints.push(`<=${bounds.lastAffected}`);
  return `vers:${purlType}/${constraints.length > 0 ? constraints.join('|') : '*'}`;
}

function remediationOf(pkg: CasePackage, r: RangeProducts): CsafRemediation {
  const { fixed, lastAffected } = r.range.given;
  const productIds = [r.affectedId];
  if (fixed !== undefined) return { category: 'vendor_fix', details: `Update ${pkg.name} to version ${fixed} or later.`, product_ids: productIds };
  if (lastAffected !== undefined) {
    return { category: 'vendor_fix', details: `Update ${pkg.name} to a version later than ${lastAffected}, the last affected version.`, product_ids: productIds };
  }
  return { category: 'none_available', details: `No fixed version of ${pkg.name} is available.`, product_ids: productIds };
}
