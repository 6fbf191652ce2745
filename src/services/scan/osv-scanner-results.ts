import { scoreVector, severityOf, type CvssScore, type CvssSeverity } from '../../domain/cvss/cvss.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { resolveEcosystem } from '../../domain/versioning/ecosystems.js';

/**
 * osv-scanner's JSON output (`--format json`), field for field as its Go models name them
 * (google/osv-scanner, pkg/models/results.go: VulnerabilityResults, PackageSource,
 * PackageVulns, PackageInfo, GroupInfo), so tools that read osv-scanner's output read ours.
 */
export interface VulnerabilityResults {
  results: PackageSource[];
}

/** The packages of one scanned source that have vulnerabilities. */
export interface PackageSource {
  source: { path: string; type: 'sbom' };
  packages: PackageVulns[];
}

/** One package and the records affecting it, grouped by alias. */
export interface PackageVulns {
  package: PackageInfo;
  /** Full OSV records, as GET /v1/vulns/{id} returns them. */
  vulnerabilities: OsvRecord[];
  groups: GroupInfo[];
}

/** A package as the SBOM names it: OSV ecosystem (with its release stream) and name. */
export interface PackageInfo {
  name: string;
  version: string;
  ecosystem: string;
  /** The component's purl; osv-scanner's model has no such field, readers of it ignore it. */
  purl?: string;
}

/** Records of one package that are the same vulnerability: they alias each other. */
export interface GroupInfo {
  /** The records' ids, in osv-scanner's order (see {@link compareIds}). */
  ids: string[];
  /** Every id and alias of the group's records, sorted, once each. */
  aliases: string[];
  /** The highest CVSS base score of the group's records with one decimal (`"9.8"`), `""` when none has a CVSS vector. */
  max_severity: string;
}

/**
 * Groups records that share an id or alias, transitively (osv-scanner's grouper does the
 * same with a disjoint-set forest). Groups come in the order of their first record.
 */
export function groupByAliases(records: readonly OsvRecord[]): { ids: string[]; aliases: string[] }[] {
  const parent = records.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const firstHolder = new Map<string, number>();
  records.forEach((record, i) => {
    for (const id of [record.id, ...(record.aliases ?? [])]) {
      const holder = firstHolder.get(id);
      if (holder === undefined) {
        firstHolder.set(id, i);
        continue;
      }
      const [a, b] = [find(i), find(holder)];
      // The smaller index leads, so a group's leader is its first record.
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  const groups = new Map<number, OsvRecord[]>();
  records.forEach((record, i) => {
    const leader = find(i);
    groups.set(leader, [...(groups.get(leader) ?? []), record]);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, members]) => ({
      ids: members.map((r) => r.id).sort(compareIds),
      aliases: [...new Set(members.flatMap((r) => [r.id, ...(r.aliases ?? [])]))].sort(),
    }));
}

/** osv-scanner's id order: distribution advisories (DSA, USN) first, then CVE, then others, GHSA last; then by text. */
export function compareIds(a: string, b: string): number {
  const rank = (id: string): number => {
    const prefix = id.split('-')[0];
    return prefix === 'DSA' || prefix === 'USN' ? 0 : prefix === 'CVE' ? 1 : prefix === 'GHSA' ? 3 : 2;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A CVSS base score and its qualitative rating. */
export interface CvssRating {
  readonly score: number;
  readonly rating: CvssSeverity;
}

/**
 * Scores vectors once each: a scan meets the same vectors in many packages, and scoring
 * builds a calculator each time.
 */
export function vectorScorer(): (vector: string) => CvssScore {
  const scores = new Map<string, CvssScore>();
  return (vector) => {
    let score = scores.get(vector);
    if (score === undefined) {
      score = scoreVector(vector);
      scores.set(vector, score);
    }
    return score;
  };
}

/**
 * The highest CVSS base score among the records' vectors for a package: the record-wide
 * `severity` and the `severity` of the record's entries for this package (ecosystem base
 * and normalized name). Vectors that do not score are left out.
 */
export function maxSeverityOf(records: readonly OsvRecord[], ecosystem: string, name: string, score: (vector: string) => CvssScore = scoreVector): CvssRating | undefined {
  const resolved = resolveEcosystem(ecosystem);
  const definition = resolved.ok ? resolved.value.definition : undefined;
  const ofPackage = (packageEcosystem: string, packageName: string): boolean => {
    const other = resolveEcosystem(packageEcosystem);
    return definition !== undefined && other.ok && other.value.definition.base === definition.base && definition.normalizeName(packageName) === definition.normalizeName(name);
  };
  let best: CvssRating | undefined;
  for (const record of records) {
    const severities = [
      ...(record.severity ?? []),
      ...(record.affected ?? []).flatMap((a) => (a.package && ofPackage(a.package.ecosystem, a.package.name) ? (a.severity ?? []) : [])),
    ];
    for (const severity of severities) {
      if (severity.type === 'Ubuntu') continue;
      const scored = score(severity.score);
      if (scored.ok && (best === undefined || scored.score > best.score)) best = { score: scored.score, rating: severityOf(scored.version, scored.score) };
    }
  }
  return best;
}

/** A score as osv-scanner prints it: one decimal. */
export function maxSeverityText(rating: CvssRating | undefined): string {
  return rating === undefined ? '' : rating.score.toFixed(1);
}

/**
 * osv-scanner's JSON output for one scanned source, exactly as `JSON.stringify(results, null, 2)`
 * writes it, in pieces of at most one record: a large SBOM's findings can outgrow the longest
 * string V8 allows, and a writer can send each piece before the next is made. As in
 * osv-scanner, a source without vulnerable packages is left out, so no package means no result.
 */
export async function* resultsJson(source: PackageSource['source'], packages: AsyncIterable<PackageVulns>): AsyncGenerator<string> {
  let first = true;
  for await (const pkg of packages) {
    yield first ? `{\n  "results": [\n    {\n      "source": ${indented(source, 6)},\n      "packages": [\n        ` : ',\n        ';
    first = false;
    yield* packageJson(pkg);
  }
  yield first ? '{\n  "results": []\n}' : '\n      ]\n    }\n  ]\n}';
}

/** One package as `resultsJson` nests it, a record at a time. */
function* packageJson(pkg: PackageVulns): Generator<string> {
  yield `{\n          "package": ${indented(pkg.package, 10)},\n          "vulnerabilities": [`;
  for (const [i, record] of pkg.vulnerabilities.entries()) yield `${i === 0 ? '' : ','}\n            ${indented(record, 12)}`;
  yield `${pkg.vulnerabilities.length === 0 ? '' : '\n          '}],\n          "groups": ${indented(pkg.groups, 10)}\n        }`;
}

/** A value as indented JSON, nested `depth` spaces deep (newlines inside strings are escaped, so every newline is structure). */
function indented(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(depth)}`);
}
