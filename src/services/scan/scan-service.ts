import { MatchIndex, type PackageQuery } from '../../domain/matching/match-index.js';
import { nearestFixedVersion } from '../../domain/matching/nearest-fix.js';
import type { OsvAffected, OsvRecord } from '../../domain/osv/osv-record.js';
import { ecosystemDefinitions, resolveEcosystem, type EcosystemDefinition } from '../../domain/versioning/ecosystems.js';
import { versionSchemes } from '../../domain/versioning/registry.js';
import { PackageRecordRepository } from '../../store/package-records.js';
import type { Clearinghouse } from '../clearinghouse.js';
import { packageOf } from '../inventory/component-package.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import type { ParsedSbom, SbomComponent } from '../sbom/read-sbom.js';
import {
  groupByAliases,
  maxSeverityOf,
  maxSeverityText,
  resultsJson,
  vectorScorer,
  type CvssRating,
  type GroupInfo,
  type PackageInfo,
  type PackageVulns,
  type VulnerabilityResults,
} from './osv-scanner-results.js';

export type { CvssRating, GroupInfo, PackageInfo, PackageSource, PackageVulns, VulnerabilityResults } from './osv-scanner-results.js';

/** A package the scan found vulnerable: the ids of the records affecting it, grouped by alias. */
export interface VulnerablePackage {
  readonly package: PackageInfo;
  /** Sorted. */
  readonly ids: readonly string[];
  readonly groups: readonly GroupInfo[];
}

/** One group of a vulnerable package, for a person: what to read and what to upgrade to. */
export interface ScanFinding {
  readonly package: PackageInfo;
  /** The group's record ids. */
  readonly ids: readonly string[];
  readonly aliases: readonly string[];
  /** The highest CVSS base score in the group, when a record has a vector. */
  readonly severity: CvssRating | undefined;
  /** The lowest version that fixes every record of the group, when each names a fix above the installed one. */
  readonly fixedVersion: string | undefined;
}

/** A component the scan could not check, or not check completely, and why. */
export interface UnscannedComponent {
  readonly ref: string;
  readonly name: string;
  readonly version: string | undefined;
  readonly purl: string | undefined;
  readonly reason: string;
}

/**
 * What a scan found. It holds record ids, not records: {@link ScanService.packageVulns}
 * reads the records when they are written out, a batch at a time.
 */
export interface ScanReport {
  /** Names the scanned SBOM in the results, as osv-scanner names the file it scanned. */
  readonly sourcePath: string;
  /** In the order the SBOM first names them. */
  readonly vulnerable: readonly VulnerablePackage[];
  /** One per vulnerability group of each package, the most severe first. */
  readonly findings: readonly ScanFinding[];
  readonly unscanned: readonly UnscannedComponent[];
  readonly componentCount: number;
  /** Distinct packages (ecosystem, name, version) checked; a version the ecosystem cannot read is not. */
  readonly packageCount: number;
}

/** A distinct package of the SBOM and the components that name it. */
interface CheckedPackage {
  readonly query: PackageQuery & { readonly version: string };
  readonly definition: EcosystemDefinition;
  readonly purl: string | undefined;
  readonly components: SbomComponent[];
}

/** Full records read at a time, by default, to write them out: memory follows this, not the size of the report. */
const RECORD_BATCH = 100;

/**
 * Scans an SBOM against the knowledge base offline, as osv-scanner does with `--sbom`.
 *
 * The full match index is never loaded. The store lists the affected entries of every record;
 * only the entries about the SBOM's packages are kept, and a match index is built from those
 * alone. The findings keep record ids; full records are read again, a batch at a time, only
 * to be written out. Memory follows the SBOM and its findings, not the knowledge base.
 */
export class ScanService {
  readonly #packageRecords: PackageRecordRepository;
  readonly #knowledgeBase: KnowledgeBase;
  readonly #recordBatch: number;

  constructor(deps: { packageRecords: PackageRecordRepository; knowledgeBase: KnowledgeBase; recordBatch?: number }) {
    this.#packageRecords = deps.packageRecords;
    this.#knowledgeBase = deps.knowledgeBase;
    this.#recordBatch = deps.recordBatch ?? RECORD_BATCH;
  }

  /** Scans a read SBOM; `sourcePath` names it in the results. */
  async scan(sbom: ParsedSbom, sourcePath: string): Promise<ScanReport> {
    const unscanned: UnscannedComponent[] = [];
    const packages = new Map<string, CheckedPackage>();
    for (const component of sbom.components) {
      const pkg = packageOf(component);
      if (pkg.unmatchedReason !== null) {
        unscanned.push(unscannedOf(component, pkg.unmatchedReason));
        continue;
      }
      const query = { ecosystem: pkg.queryEcosystem!, name: pkg.packageName!, version: pkg.version! };
      const key = `${query.ecosystem}\u0000${query.name}\u0000${query.version}`;
      const seen = packages.get(key);
      if (seen) seen.components.push(component);
      else packages.set(key, { query, definition: ecosystemDefinitions.get(pkg.ecosystem!)!, purl: component.purl, components: [component] });
    }

    const index = new MatchIndex(versionSchemes);
    const records = await this.#recordsAbout(new Set([...packages.values()].map((p) => packageKey(p.definition, p.query.name))));
    for (const record of records.values()) index.upsert(record);

    const score = vectorScorer();
    const vulnerable: VulnerablePackage[] = [];
    const findings: ScanFinding[] = [];
    let checked = 0;
    for (const pkg of packages.values()) {
      const answer = index.match(pkg.query);
      if (!answer.ok) {
        for (const c of pkg.components) unscanned.push(unscannedOf(c, answer.error));
        continue;
      }
      checked++;
      if (answer.undetermined) for (const c of pkg.components) unscanned.push(unscannedOf(c, answer.undetermined.reason));
      if (answer.ids.length === 0) continue;
      const info: PackageInfo = { name: pkg.query.name, version: pkg.query.version, ecosystem: pkg.query.ecosystem, ...(pkg.purl ? { purl: pkg.purl } : {}) };
      const groups = groupByAliases(answer.ids.map((id) => records.get(id)!)).map((group) => {
        const members = group.ids.map((id) => records.get(id)!);
        const severity = maxSeverityOf(members, pkg.query.ecosystem, pkg.query.name, score);
        findings.push({ package: info, ids: group.ids, aliases: group.aliases, severity, fixedVersion: fixFor(members, pkg) });
        return { ...group, max_severity: maxSeverityText(severity) };
      });
      vulnerable.push({ package: info, ids: answer.ids, groups });
    }
    return {
      sourcePath,
      vulnerable,
      findings: findings.sort(bySeverity),
      unscanned,
      componentCount: sbom.components.length,
      packageCount: checked,
    };
  }

  /** The vulnerable packages with their full records (enriched with KEV and EPSS as the API serves them), read a batch at a time. */
  async *packageVulns(report: ScanReport): AsyncGenerator<PackageVulns> {
    for (const batch of batches(report.vulnerable, (p) => p.ids, this.#recordBatch)) {
      const records = new Map<string, OsvRecord>();
      for (const record of await this.#knowledgeBase.records(batch.ids)) records.set(record.id, record);
      for (const p of batch.items) yield { package: p.package, vulnerabilities: p.ids.flatMap((id) => records.get(id) ?? []), groups: [...p.groups] };
    }
  }

  /** osv-scanner's JSON output for the report, as text a package at a time. */
  json(report: ScanReport): AsyncGenerator<string> {
    return resultsJson({ path: report.sourcePath, type: 'sbom' }, this.packageVulns(report));
  }

  /** osv-scanner's results for the report as one value: every record in memory at once, so for reports of modest size. */
  async results(report: ScanReport): Promise<VulnerabilityResults> {
    const packages: PackageVulns[] = [];
    for await (const p of this.packageVulns(report)) packages.push(p);
    return { results: packages.length > 0 ? [{ source: { path: report.sourcePath, type: 'sbom' }, packages }] : [] };
  }

  /**
   * The records that name one of the packages (by ecosystem base and normalized name), each
   * cut down to its entries for those packages: all that matching, grouping, scoring and
   * fixing read. The store hands each entry over as text; only the wanted ones are parsed.
   */
  async #recordsAbout(wanted: ReadonlySet<string>): Promise<Map<string, OsvRecord>> {
    const entries = new Map<string, OsvAffected[]>();
    if (wanted.size === 0) return new Map();
    const definitions = new Map<string, EcosystemDefinition | null>();
    for await (const page of this.#packageRecords.packages()) {
      for (const named of page) {
        let definition = definitions.get(named.ecosystem);
        if (definition === undefined) {
          const resolved = resolveEcosystem(named.ecosystem);
          definition = resolved.ok ? resolved.value.definition : null;
          definitions.set(named.ecosystem, definition);
        }
        if (definition === null || !wanted.has(packageKey(definition, named.name))) continue;
        const list = entries.get(named.vulnId) ?? [];
        list.push(JSON.parse(named.entry) as OsvAffected);
        entries.set(named.vulnId, list);
      }
    }
    const records = new Map<string, OsvRecord>();
    for (const head of await this.#packageRecords.heads([...entries.keys()])) {
      records.set(head.id, {
        id: head.id,
        modified: head.modified,
        ...(head.withdrawn === null ? {} : { withdrawn: head.withdrawn }),
        aliases: head.aliases,
        severity: head.severity,
        affected: entries.get(head.id)!,
      });
    }
    return records;
  }
}

/** The scan service over an open clearinghouse; it reads the store without loading the full match index. */
export function scanServiceOf(ch: Clearinghouse, options: { recordBatch?: number } = {}): ScanService {
  return new ScanService({ packageRecords: new PackageRecordRepository(ch.store), knowledgeBase: ch.knowledgeBase, ...options });
}

/**
 * Items in order, cut into batches whose records (the union of each item's ids) stay within
 * `size`; an item with more records than that is a batch of its own.
 */
function* batches<T>(items: readonly T[], idsOf: (item: T) => readonly string[], size: number): Generator<{ items: T[]; ids: string[] }> {
  let batch: { items: T[]; ids: Set<string> } = { items: [], ids: new Set() };
  for (const item of items) {
    const ids = idsOf(item);
    if (batch.items.length > 0 && batch.ids.size + ids.length > size) {
      yield { items: batch.items, ids: [...batch.ids] };
      batch = { items: [], ids: new Set() };
    }
    batch.items.push(item);
    for (const id of ids) batch.ids.add(id);
  }
  if (batch.items.length > 0) yield { items: batch.items, ids: [...batch.ids] };
}

function packageKey(definition: EcosystemDefinition, name: string): string {
  return `${definition.base}\u0000${definition.normalizeName(name)}`;
}

function unscannedOf(component: SbomComponent, reason: string): UnscannedComponent {
  return { ref: component.ref, name: component.name, version: component.version, purl: component.purl, reason };
}

/** Most severe first; groups without a score last; then by package and id, for a stable order. */
function bySeverity(a: ScanFinding, b: ScanFinding): number {
  const score = (f: ScanFinding): number => f.severity?.score ?? -1;
  return (
    score(b) - score(a) ||
    a.package.name.localeCompare(b.package.name) ||
    a.package.version.localeCompare(b.package.version) ||
    a.ids[0]!.localeCompare(b.ids[0]!)
  );
}

/** The highest of the records' nearest fixes: the one upgrade that closes them all; undefined if one names none. */
function fixFor(records: readonly OsvRecord[], pkg: CheckedPackage): string | undefined {
  const scheme = versionSchemes.get(pkg.definition.schemeId)!;
  let best: { text: string; value: unknown } | undefined;
  for (const record of records) {
    const text = nearestFixedVersion(record, pkg.query, versionSchemes);
    if (text === undefined) return undefined;
    const parsed = scheme.parse(text);
    if (!parsed.ok) return undefined;
    if (best === undefined || scheme.compare(parsed.value, best.value) > 0) best = { text, value: parsed.value };
  }
  return best?.text;
}
