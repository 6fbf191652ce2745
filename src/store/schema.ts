import type { Generated } from 'kysely';

/** One stored OSV record (CVE records are stored in their OSV form). */
export interface VulnerabilityTable {
  id: string;
  /** RFC 3339 `modified` of the stored version; a record not newer changes nothing. */
  modified: string;
  /** `modified` as epoch milliseconds, for ordering independent of string precision. */
  modified_ms: number;
  published: string | null;
  withdrawn: string | null;
  /** Where the record came from: `osv`, `cve`. */
  source: string;
  /** The whole record, as JSON text. */
  record: string;
}

/** An alias (CVE id, GHSA id…) a record carries; GET /v1/vulns resolves through it. */
export interface VulnerabilityAliasTable {
  alias: string;
  vuln_id: string;
}

/** Change log: each write appends a row, so other processes can refresh their index. */
export interface VulnerabilityChangeTable {
  seq: Generated<number>;
  vuln_id: string;
}

/** An entry of the CISA Known Exploited Vulnerabilities catalog. */
export interface KevEntryTable {
  cve_id: string;
  date_added: string;
  due_date: string | null;
  known_ransomware_campaign_use: string | null;
  vendor_project: string | null;
  product: string | null;
  vulnerability_name: string | null;
  required_action: string | null;
  short_description: string | null;
  notes: string | null;
  cwes: string | null;
  catalog_version: string;
}

/** An EPSS score for a CVE. */
export interface EpssScoreTable {
  cve_id: string;
  epss: number;
  percentile: number;
  score_date: string | null;
  model_version: string | null;
}

/** Conditional-request state of an upstream feed. */
export interface FeedStateTable {
  url: string;
  etag: string | null;
  last_modified: string | null;
  fetched_at: string;
}

/** The whole schema, as Kysely sees it. */
export interface DatabaseSchema {
  vulnerabilities: VulnerabilityTable;
  vulnerability_aliases: VulnerabilityAliasTable;
  vulnerability_changes: VulnerabilityChangeTable;
  kev_entries: KevEntryTable;
  epss_scores: EpssScoreTable;
  feed_state: FeedStateTable;
}
