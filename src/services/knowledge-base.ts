import { MatchIndex, type MatchAnswer, type PackageQuery } from '../domain/matching/match-index.js';
import { kevDatabaseSpecific, type KevEntry } from '../domain/kev/kev.js';
import type { JsonObject, OsvRecord } from '../domain/osv/osv-record.js';
import { versionSchemes } from '../domain/versioning/registry.js';
import type { EpssRepository } from '../store/epss-repository.js';
import type { KevEntryRow, KevRepository } from '../store/kev-repository.js';
import type { VulnerabilityRepository } from '../store/vulnerability-repository.js';

/** The repositories the knowledge base reads. */
export interface KnowledgeBaseStores {
  readonly vulnerabilities: VulnerabilityRepository;
  readonly kev: KevRepository;
  readonly epss: EpssRepository;
}

/** Something that can tell which records affect a commit from a repository's history. */
export interface CommitResolver {
  /** Ids of records whose GIT ranges contain the commit, or none when no clone knows it. */
  affectedBy(commit: string, index: MatchIndex): Promise<string[]>;
}

/**
 * The vulnerability knowledge base: an in-memory match index over the stored records,
 * kept current from the store's change log, and record enrichment (KEV, EPSS) on read.
 * Several API processes may share one PostgreSQL store: each refreshes from the log.
 */
export class KnowledgeBase {
  readonly index = new MatchIndex(versionSchemes);
  readonly #stores: KnowledgeBaseStores;
  readonly #commits: CommitResolver | undefined;
  readonly #modified = new Map<string, string>();
  #seenChange = 0;

  constructor(stores: KnowledgeBaseStores, commits?: CommitResolver) {
    this.#stores = stores;
    this.#commits = commits;
  }

  /** Builds the index from every stored record. */
  async load(): Promise<void> {
    this.#seenChange = await this.#stores.vulnerabilities.latestChange();
    for await (const page of this.#stores.vulnerabilities.all()) {
      for (const row of page) this.#indexRecord(JSON.parse(row.record) as OsvRecord);
    }
  }

  /**
   * Applies changes written since the last refresh, by this process or another one.
   * Sequence numbers can commit out of order on PostgreSQL, so a window of recent
   * changes is re-read each time; re-indexing a record is idempotent.
   */
  async refresh(): Promise<number> {
    const overlap = 1000;
    const { ids, latest } = await this.#stores.vulnerabilities.changesSince(Math.max(0, this.#seenChange - overlap));
    this.#seenChange = Math.max(this.#seenChange, latest);
    const rows = await this.#stores.vulnerabilities.getMany(ids);
    for (const row of rows) this.#indexRecord(JSON.parse(row.record) as OsvRecord);
    return rows.length;
  }

  /** Indexes records just written by this process (the importer calls it after each commit). */
  applyWritten(records: readonly OsvRecord[]): void {
    for (const record of records) this.#indexRecord(record);
  }

  /** The `modified` time of an indexed record. */
  modifiedOf(id: string): string | undefined {
    return this.#modified.get(id);
  }

  /** Which records affect a package version. */
  match(query: PackageQuery): MatchAnswer {
    return this.index.match(query);
  }

  /** Which records affect a commit: those naming it, and those whose ranges contain it in a configured clone. */
  async matchCommit(commit: string): Promise<string[]> {
    const named = this.index.matchCommit(commit);
    const inHistory = this.#commits ? await this.#commits.affectedBy(commit, this.index) : [];
    return [...new Set([...named, ...inHistory])].sort();
  }

  /** Full records by id, enriched with KEV and EPSS, in the order asked. */
  async records(ids: readonly string[]): Promise<OsvRecord[]> {
    const rows = await this.#stores.vulnerabilities.getMany(ids);
    const byId = new Map(rows.map((r) => [r.id, JSON.parse(r.record) as OsvRecord]));
    const records = ids.flatMap((id) => {
      const record = byId.get(id);
      return record ? [record] : [];
    });
    return this.enrich(records);
  }

  /** A record by id; else the records that carry it as an alias. */
  async lookup(id: string): Promise<{ record?: OsvRecord; aliasOf: string[] }> {
    const [record] = await this.records([id]);
    if (record) return { record, aliasOf: [] };
    const aliasOf = await this.#stores.vulnerabilities.idsForAlias(id);
    if (aliasOf.length === 1) {
      const [only] = await this.records(aliasOf);
      return only ? { record: only, aliasOf } : { aliasOf };
    }
    return { aliasOf };
  }

  /**
   * Adds the KEV catalog's fields (`database_specific.kev`) and EPSS scores
   * (`database_specific.epss`) to records whose id or aliases name a listed CVE.
   */
  async enrich(records: OsvRecord[]): Promise<OsvRecord[]> {
    const cves = records.flatMap((r) => cveIdsOf(r));
    const [kev, epss] = await Promise.all([this.#stores.kev.forCves(cves), this.#stores.epss.forCves(cves)]);
    const kevById = new Map(kev.map((k) => [k.cve_id, k]));
    const epssById = new Map(epss.map((e) => [e.cve_id, e]));
    return records.map((record) => {
      const ids = cveIdsOf(record);
      const k = ids.map((id) => kevById.get(id)).find((x) => x !== undefined);
      const e = ids.map((id) => epssById.get(id)).find((x) => x !== undefined);
      if (!k && !e) return record;
      const extra: JsonObject = {};
      if (k) extra.kev = kevFields(k);
      if (e) extra.epss = { cve: e.cve_id, score: e.epss, percentile: e.percentile, date: e.score_date };
      return { ...record, database_specific: { ...(record.database_specific ?? {}), ...extra } };
    });
  }

  #indexRecord(record: OsvRecord): void {
    // Problems in a record were reported when it was imported; the index skips the parts at fault.
    this.index.upsert(record);
    this.#modified.set(record.id, record.modified);
  }
}

function cveIdsOf(record: OsvRecord): string[] {
  return [record.id, ...(record.aliases ?? []), ...(record.upstream ?? [])].filter((id) => id.startsWith('CVE-'));
}

/** The KEV fields a record carries: the catalog's own names (kev.ts), plus which CVE and catalog version they came from. */
function kevFields(k: KevEntryRow): JsonObject {
  const entry: KevEntry = {
    dateAdded: k.date_added,
    dueDate: k.due_date ?? '',
    vendorProject: k.vendor_project ?? '',
    product: k.product ?? '',
    vulnerabilityName: k.vulnerability_name ?? '',
    requiredAction: k.required_action ?? '',
    shortDescription: k.short_description ?? '',
    cwes: k.cwes ? k.cwes.split(',') : [],
    ...(k.known_ransomware_campaign_use !== null ? { knownRansomwareCampaignUse: k.known_ransomware_campaign_use } : {}),
    ...(k.notes ? { notes: k.notes } : {}),
  };
  return { cveID: k.cve_id, ...kevDatabaseSpecific(entry), catalogVersion: k.catalog_version };
}
