/**
 * An OSV record, typed after the OSV JSON Schema (ossf/osv-schema,
 * `validation/schema.json`; copy in `schemas/osv/schema.json`).
 *
 * Optional and nullable exactly where the schema allows it. Open-ended objects
 * (`database_specific`, `ecosystem_specific`) are plain JSON objects. The
 * schema also enforces rules a type cannot (GIT ranges need `repo` and full
 * commit hashes, `fixed` and `last_affected` never share a range, an ecosystem
 * name must be a known one): check records with the schema validator.
 */
export interface OsvRecord {
  schema_version?: string;
  /** `<PREFIX>-<id>`, e.g. `CVE-2024-1234`, `GHSA-xxxx-xxxx-xxxx`. */
  id: string;
  /** RFC 3339 UTC timestamp ending in `Z`. */
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[] | null;
  related?: string[];
  upstream?: string[];
  summary?: string;
  /** CommonMark. */
  details?: string;
  severity?: OsvSeverity[] | null;
  affected?: OsvAffected[] | null;
  references?: OsvReference[] | null;
  credits?: OsvCredit[];
  database_specific?: JsonObject;
}

/** A JSON value, for the schema's open-ended objects. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** Severity types the schema knows. */
export type OsvSeverityType = 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'Ubuntu';

/** One severity score: a CVSS vector string, or an Ubuntu priority. */
export interface OsvSeverity {
  type: OsvSeverityType;
  score: string;
}

/** A package as a package manager names it. */
export interface OsvPackage {
  /** A known ecosystem, optionally with a `:suffix` (`Debian:12`). */
  ecosystem: string;
  name: string;
  purl?: string;
}

/** One affected package (or, with GIT ranges only, one repository). */
export interface OsvAffected {
  package?: OsvPackage;
  severity?: OsvSeverity[] | null;
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: JsonObject;
  database_specific?: JsonObject;
}

/** How a range's versions are ordered. */
export type OsvRangeType = 'GIT' | 'SEMVER' | 'ECOSYSTEM';

/** A version range as a list of events in the range's ordering. */
export interface OsvRange {
  type: OsvRangeType;
  /** Required for GIT ranges. */
  repo?: string;
  /** At least one `introduced`; `fixed` and `last_affected` exclude each other. */
  events: OsvEvent[];
  database_specific?: JsonObject;
}

/** One event of a range: exactly one of the four keys. */
export type OsvEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

/** Reference types the schema knows. */
export type OsvReferenceType =
  | 'ADVISORY'
  | 'ARTICLE'
  | 'DETECTION'
  | 'DISCUSSION'
  | 'REPORT'
  | 'FIX'
  | 'INTRODUCED'
  | 'GIT'
  | 'PACKAGE'
  | 'EVIDENCE'
  | 'WEB';

/** A link with its kind. */
export interface OsvReference {
  type: OsvReferenceType;
  url: string;
}

/** Credit types the schema knows. */
export type OsvCreditType =
  | 'FINDER'
  | 'REPORTER'
  | 'ANALYST'
  | 'COORDINATOR'
  | 'REMEDIATION_DEVELOPER'
  | 'REMEDIATION_REVIEWER'
  | 'REMEDIATION_VERIFIER'
  | 'TOOL'
  | 'SPONSOR'
  | 'OTHER';

/** A person or organisation credited. */
export interface OsvCredit {
  name: string;
  contact?: string[];
  type?: OsvCreditType;
}
