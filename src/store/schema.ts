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
  /** SSVC Safety Impact as the operator judges it (default negligible). */
  safety_impact: Generated<string>;
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
  /** The purl without version, qualifiers or subpath: what VEX statements name. */
  package_purl: string | null;
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
  first_seen: string;
  updated_at: string;
  /** SSVC deployer decision: defer, scheduled, out-of-cycle, immediate. */
  priority: string;
  /** 0 (defer) … 3 (immediate), to sort by. */
  priority_rank: number;
  /** CISA BOD 26-04 remediation timeline. */
  timeline: string;
  cvss_score: number | null;
  /** 1 when an alias of the vulnerability is in CISA KEV. */
  in_kev: number;
  epss: number | null;
  /** What a VEX statement says of this component: not_affected, affected, fixed, under_investigation. */
  vex_status: string | null;
  vex_justification: string | null;
}

/** The remediation of one vulnerability on one asset; it outlives SBOM uploads. */
export interface RemediationTable {
  asset_id: string;
  vuln_id: string;
  /** One of REMEDIATION_STATUSES. */
  status: string;
  /** The BOD 26-04 timeline that set the due date. */
  timeline: string;
  /** YYYY-MM-DD; null for "fix on system upgrade" without a tighter policy. */
  due_date: string | null;
  opened_at: string;
  updated_at: string;
  /** Null when the system made the change. */
  updated_by: string | null;
  note: string | null;
}

/** Who changed what on a remediation, and when. */
export interface RemediationEventTable {
  id: Generated<number>;
  asset_id: string;
  vuln_id: string;
  changed_by: string | null;
  changed_at: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  note: string | null;
}

/** An operator's own, tighter number of days for a BOD 26-04 timeline. */
export interface RemediationPolicyTable {
  org_id: string;
  timeline: string;
  days: number;
  updated_by: string;
  updated_at: string;
}

/** A VEX statement about a package as an organization received or wrote it. */
export interface VexStatementTable {
  id: Generated<number>;
  org_id: string;
  /** Null: the statement covers every asset of the organization. */
  asset_id: string | null;
  /** JSON array: the vulnerability id and its aliases. */
  vuln_ids: string;
  /** The product's purl without version, qualifiers or subpath. */
  product_purl: string;
  /** Null: every version. */
  product_version: string | null;
  status: string;
  justification: string | null;
  impact_statement: string | null;
  format: string;
  document_id: string | null;
  created_by: string;
  created_at: string;
}

/** An organization's wish to hear of exposures: by webhook or e-mail, at or above a priority, for some or all assets. */
export interface SubscriptionTable {
  id: string;
  org_id: string;
  /** `webhook` or `email`. */
  kind: string;
  /** The webhook URL or the e-mail address. */
  target: string;
  /** The webhook signing secret; null for e-mail. */
  secret: string | null;
  /** The lowest SSVC deployer priority notified (DEPLOYER_PRIORITY). */
  min_priority: string;
  /** JSON array of asset ids; null for every asset of the organization. */
  asset_ids: string | null;
  /** `daily` for one digest a day instead of a message per event; null otherwise. */
  digest: string | null;
  created_by: string;
  created_at: string;
  disabled_at: string | null;
}

/** The transactional outbox: a notification event written in the transaction of the change it tells of. */
export interface OutboxTable {
  id: Generated<number>;
  org_id: string;
  event_type: string;
  /** The event, as JSON text. */
  payload: string;
  /** The same on every delivery attempt of this event; receivers drop repeats by it. */
  idempotency_key: string;
  priority: string | null;
  asset_id: string | null;
  created_at: string;
}

/** One event for one subscription, leased by one worker at a time. */
export interface DeliveryTable {
  id: Generated<number>;
  outbox_id: number;
  subscription_id: string;
  /** `pending`, `delivered` or `dead`. */
  status: string;
  /** Attempts started, an interrupted one included. */
  attempts: number;
  next_attempt_at: string;
  leased_until: string | null;
  lease_owner: string | null;
  last_error: string | null;
  delivered_at: string | null;
  updated_at: string;
}

/** A daily digest made for a subscription and day (with nothing to tell, `outbox_id` is null). */
export interface DigestRunTable {
  subscription_id: string;
  /** The UTC day summarised, YYYY-MM-DD. */
  day: string;
  exposure_count: number;
  outbox_id: number | null;
  created_at: string;
}

/** How far the exposures have followed the vulnerability change log. */
export interface InventoryProgressTable {
  name: string;
  seq: number;
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
  remediations: RemediationTable;
  remediation_events: RemediationEventTable;
  remediation_policies: RemediationPolicyTable;
  vex_statements: VexStatementTable;
  inventory_progress: InventoryProgressTable;
  subscriptions: SubscriptionTable;
  outbox: OutboxTable;
  deliveries: DeliveryTable;
  digest_runs: DigestRunTable;
  feed_cursors: FeedCursorTable;
  reports: ReportTable;
  clusters: ClusterTable;
  findings: FindingTable;
  finding_keys: FindingKeyTable;
  cluster_exclusions: ClusterExclusionTable;
  attachments: AttachmentTable;
  report_attachments: ReportAttachmentTable;
  reproduction_targets: ReproductionTargetTable;
  reproductions: ReproductionTable;
  cases: CaseTable;
  case_sequences: CaseSequenceTable;
  case_participants: CaseParticipantTable;
  case_offer_dismissals: CaseOfferDismissalTable;
  case_events: CaseEventTable;
  case_messages: CaseMessageTable;
  case_attachments: CaseAttachmentTable;
  case_reminders_sent: CaseReminderSentTable;
  vendor_products: VendorProductTable;
  cve_ids: CveIdTable;
  publications: PublicationTable;
}

/** A coordinated-disclosure case (a shareable record of the clearinghouse organization that opened it), one per cluster. */
export interface CaseTable {
  /** `CH-<year>-<sequence>`, e.g. CH-2026-0042. */
  id: string;
  cluster_id: string;
  owner_org_id: string;
  tlp: string;
  title: string;
  /** One of CASE_STATES (domain/coordination/case-state.ts). */
  state: string;
  /** The case this one duplicates, when closed as a duplicate. */
  duplicate_of: string | null;
  /** 1 when a coordinator found it exploited: the embargo is 7 days, as for KEV. */
  exploited: number;
  exploited_reason: string | null;
  /** 1 when flagged as AI-enabled crime, to be referred with a manifest. */
  ai_enabled_crime: number;
  ai_enabled_crime_reason: string | null;
  /** The first vendor notification: the embargo clock starts here. */
  vendor_notified_at: string | null;
  embargo_until: string | null;
  cve_id: string | null;
  /** The CNA that assigned `cve_id` when it is not from the clearinghouse's block; null otherwise. */
  cve_assigned_by: string | null;
  published_at: string | null;
  opened_by: string;
  opened_at: string;
  updated_at: string;
}

/** The last case number handed out in a year. */
export interface CaseSequenceTable {
  year: number;
  last: number;
}

/** An organization taking part in a case: reporter, vendor or coordinator. */
export interface CaseParticipantTable {
  case_id: string;
  org_id: string;
  /** One of PARTICIPANT_ROLES. */
  role: string;
  /** A vendor's VENDOR_STATUSES value; null for other roles. */
  status: string | null;
  statement: string | null;
  /** JSON string arrays, the versions as the vendor writes them. */
  affected_versions: string | null;
  fixed_versions: string | null;
  /** JSON: the product registrations that made the vendor an offer ({affectedPurl, registration}[]); null when added by hand. */
  matched: string | null;
  notified_at: string | null;
  acknowledgement_due: string | null;
  acknowledged_at: string | null;
  added_by: string;
  added_at: string;
  updated_at: string;
}

/** A vendor a coordinator chose not to add although its registered products matched. */
export interface CaseOfferDismissalTable {
  case_id: string;
  org_id: string;
  reason: string;
  dismissed_by: string;
  dismissed_at: string;
}

/** One change to a case, written in the transaction of the change: the case history. */
export interface CaseEventTable {
  id: Generated<number>;
  case_id: string;
  at: string;
  /** Null when the system acted (a reminder). */
  actor_user_id: string | null;
  /** The one participant organization, besides the coordinators, that may read the event; null: every reader of the case. */
  org_id: string | null;
  kind: string;
  /** JSON. */
  detail: string;
}

/** A message of a case thread: a shareable record of its author's organization, with its own TLP. */
export interface CaseMessageTable {
  id: string;
  case_id: string;
  owner_org_id: string;
  tlp: string;
  author_user_id: string;
  body: string;
  created_at: string;
}

/** A file attached to a case (a vendor's advisory), its bytes in `attachments`; the name is shown, never used as a path. */
export interface CaseAttachmentTable {
  case_id: string;
  sha256: string;
  org_id: string;
  kind: string;
  name: string;
  media_type: string;
  attached_by: string;
  attached_at: string;
}

/** A reminder already sent, by its key (domain/coordination/reminders.ts), so each goes out once. */
export interface CaseReminderSentTable {
  case_id: string;
  reminder_key: string;
  sent_at: string;
}

/** A package or namespace a vendor makes, by purl (domain/coordination/vendor-match.ts). */
export interface VendorProductTable {
  id: string;
  org_id: string;
  /** package or namespace. */
  kind: string;
  purl: string | null;
  type: string | null;
  namespace: string | null;
  /** The purl, or `type` and namespace: unique per organization. */
  registration_key: string;
  created_by: string;
  created_at: string;
}

/** A CVE id of the clearinghouse's CNA block: available, reserved for a case, assigned, published. */
export interface CveIdTable {
  cve_id: string;
  year: number;
  /** The number after the year, for handing ids out in order. */
  sequence: number;
  state: string;
  case_id: string | null;
  loaded_by: string;
  loaded_at: string;
  reserved_at: string | null;
  assigned_at: string | null;
  published_at: string | null;
}

/** A published case's documents, as validated and served (see services/publication). */
export interface PublicationTable {
  case_id: string;
  /** The CSAF tracking id: the case id. */
  tracking_id: string;
  title: string;
  osv_id: string;
  cve_id: string | null;
  /** Under /.well-known/csaf/: `white/<year>/<file>.json`. */
  csaf_path: string;
  initial_release: string;
  current_release: string;
  osv: string;
  cve: string | null;
  csaf: string;
}

/** A submitted vulnerability report (a shareable record), with the document as it arrived. */
export interface ReportTable {
  id: string;
  owner_org_id: string;
  tlp: string;
  /** report, osv, cve, csaf or sarif. */
  format: string;
  title: string;
  /** person, scanner or model. */
  source_kind: string;
  source_name: string;
  /** JSON: the scanner's version or the model's review engagement. */
  source_detail: string | null;
  document_sha256: string;
  document: string;
  /** The submitter's Idempotency-Key: a resubmission returns the first report. */
  idempotency_key: string | null;
  submitted_by: string;
  submitted_at: string;
  /** unvalidated, reproduced, not_reproduced or invalid. */
  validation_status: string;
}

/** A group of findings judged to be one vulnerability; one finding is canonical. */
export interface ClusterTable {
  id: string;
  canonical_finding_id: string;
  /** The cluster an analyst merged this one into; it holds no findings since. */
  merged_into: string | null;
  created_at: string;
  updated_at: string;
}

/** One finding of a report, in its cluster, with why it is there (null rule: it started the cluster). */
export interface FindingTable {
  id: string;
  report_id: string;
  ordinal: number;
  title: string;
  /** JSON: the finding as read (see domain/intake/report-draft.ts). */
  body: string;
  /** JSON: what deduplication compares (see domain/dedup/cluster-keys.ts). */
  subject: string;
  cluster_id: string;
  link_rule: string | null;
  link_score: number | null;
  link_detail: string | null;
  /** The finding it was matched with. */
  linked_via: string | null;
  /** The analyst who moved it there; null when the rules did. */
  linked_by: string | null;
  /** JSON: the other clusters it linked to when placed, strongest first ({clusterId, rule, score, detail}[]); null for none. */
  link_alternatives: string | null;
  linked_at: string;
}

/** A finding's deduplication index key (see domain/dedup/cluster-keys.ts). */
export interface FindingKeyTable {
  key: string;
  finding_id: string;
}

/** An analyst split a finding out of a cluster: the rules never put it back. */
export interface ClusterExclusionTable {
  finding_id: string;
  cluster_id: string;
  excluded_by: string;
  excluded_at: string;
}

/** A target build reproductions run against: an executable on the host of the `validate` worker. */
export interface ReproductionTargetTable {
  id: string;
  name: string;
  executable: string;
  /** JSON string array; `{poc}` stands for the proof of concept's path, else it goes to stdin. */
  args: string;
  created_by: string;
  created_at: string;
}

/** One run of a report's proof of concept against a target (see services/reproduction). */
export interface ReproductionTable {
  id: string;
  report_id: string;
  finding_id: string;
  target_id: string;
  poc_sha256: string;
  /** The finding's crash signature key, when it came with a sanitizer report. */
  expected_key: string | null;
  /** queued, running, reproduced, not_reproduced, invalid, failed (the sandbox itself could not run). */
  status: string;
  detail: string | null;
  /** JSON: the crash signature the run produced. */
  signature: string | null;
  /** JSON: exit code, signal, limits hit, duration, stderr excerpt. */
  run: string | null;
  requested_by: string;
  requested_at: string;
  /** While running: until when the claiming worker holds it. */
  lease_until: string | null;
  finished_at: string | null;
}

/** An attachment's bytes, stored once by their SHA-256. */
export interface AttachmentTable {
  sha256: string;
  size: number;
  content: Uint8Array;
  created_at: string;
}

/** An attachment of a report; the name is shown, never used as a path. */
export interface ReportAttachmentTable {
  report_id: string;
  sha256: string;
  name: string;
  media_type: string;
}

/** Where `clearinghouse sync --from` left off in a server's change feed (the last page fully written). */
export interface FeedCursorTable {
  /** The feed's URL (`…/v1/feed`). */
  url: string;
  /** The server's opaque cursor. */
  cursor: string;
  synced_at: string;
}
