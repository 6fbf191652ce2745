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

/** An organization taking part in the program. */
export interface OrganizationTable {
  id: string;
  name: string;
  /** One of ORGANIZATION_TYPES (src/domain/access/organizations.ts). */
  type: string;
  /** An operator's critical-infrastructure sector; null for other types. */
  sector: string | null;
  created_at: string;
}

/** A person in an organization. */
export interface UserTable {
  id: string;
  org_id: string;
  email: string;
  display_name: string;
  /** One of ROLES. */
  role: string;
  /** scrypt hash in PHC-like form (see password-hashing.ts); null until a password is set. */
  password_hash: string | null;
  created_at: string;
  disabled_at: string | null;
}

/** A web session: the cookie holds the token, the store only its SHA-256. */
export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

/** An API token: shown once, stored as its SHA-256, scoped, revocable. */
export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** Comma-separated SCOPES. */
  scopes: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

/** An AMBER record shared with another organization. */
export interface RecordShareTable {
  record_id: string;
  org_id: string;
}

/** A RED record given to a named person. */
export interface RecordRecipientTable {
  record_id: string;
  user_id: string;
}

/** A named system of an operator. */
export interface AssetTable {
  id: string;
  owner_org_id: string;
  tlp: string;
  name: string;
  criticality: string;
  /** SSVC System Exposure: small, controlled, open. */
  system_exposure: string;
  /** SSVC Mission Impact as the operator judges it. */
  mission_impact: string;
  current_sbom_id: string | null;
  created_at: string;
}

/** One uploaded SBOM of an asset; the asset's history is every row. */
export interface SbomTable {
  id: string;
  asset_id: string;
  format: string;
  spec_version: string;
  encoding: string;
  name: string | null;
  sha256: string;
  component_count: number;
  uploaded_by: string;
  uploaded_at: string;
}

/** A component of an SBOM, keyed by purl where it has one. */
export interface ComponentTable {
  id: Generated<number>;
  sbom_id: string;
  asset_id: string;
  ref: string;
  name: string;
  version: string | null;
  purl: string | null;
  /** OSV ecosystem (without stream) and normalized name from the purl: the package → holders index. */
  ecosystem: string | null;
  package_name: string | null;
  /** The ecosystem to match with, release stream included (`Debian:12`). */
  query_ecosystem: string | null;
  /** JSON array of CPE strings. */
  cpes: string;
  /** Why the component cannot be matched (no purl, unknown type…); null when it can. */
  unmatched_reason: string | null;
}

/** An (asset, component, vulnerability) exposure. */
export interface ExposureTable {
  asset_id: string;
  component_id: number;
  vuln_id: string;
  /** The nearest version that fixes it, when the advisory names one. */
  fixed_version: string | null;
  status: string;
  first_seen: string;
  updated_at: string;
}

/** The whole schema, as Kysely sees it. */
export interface DatabaseSchema {
  vulnerabilities: VulnerabilityTable;
  vulnerability_aliases: VulnerabilityAliasTable;
  vulnerability_changes: VulnerabilityChangeTable;
  kev_entries: KevEntryTable;
  epss_scores: EpssScoreTable;
  feed_state: FeedStateTable;
  organizations: OrganizationTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  record_shares: RecordShareTable;
  record_recipients: RecordRecipientTable;
  assets: AssetTable;
  sboms: SbomTable;
  components: ComponentTable;
  exposures: ExposureTable;
}
