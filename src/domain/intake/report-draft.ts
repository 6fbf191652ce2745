/*
 * A vulnerability report as intake reads it, whatever it arrived as (a free-form report,
 * OSV, CVE JSON 5.x, CSAF 2.0 or SARIF 2.1): one report, one or more findings. Readers
 * turn each format into this shape; deduplication and storage work on it only.
 */

/** Who or what found it: a person, a scanner tool, or an AI model (with the review engagement, where there is one). */
export type ReportSource =
  | { readonly kind: 'person'; readonly name: string }
  | { readonly kind: 'scanner'; readonly tool: string; readonly version?: string }
  | { readonly kind: 'model'; readonly model: string; readonly engagementId?: string };

/** The format the report arrived in. */
export type ReportFormat = 'report' | 'osv' | 'cve' | 'csaf' | 'sarif';

/** A product the finding affects: a purl or a CPE, with the versions the reporter names. */
export interface AffectedProduct {
  readonly purl?: string;
  readonly cpe?: string;
  /** The product as the source names it, kept where there is neither purl nor CPE (a CSAF product name, a CVE vendor and product, an OSV package of an ecosystem without a purl type). */
  readonly name?: string;
  /** Versions exactly as written (e.g. `1.2.3`, `< 2.0`), kept for the analyst. */
  readonly versions: readonly string[];
}

/** A place in code: SARIF's physical location, reduced to what matching and people read. */
export interface CodeLocation {
  readonly uri: string;
  readonly startLine?: number;
  readonly endLine?: number;
  /** The enclosing function or symbol, where the format says it. */
  readonly symbol?: string;
}

/** One finding of a report (a free-form report has one; a SARIF log has one per result). */
export interface Finding {
  readonly title: string;
  /** Markdown, as written: rendered and sanitized only at display time. */
  readonly description: string;
  readonly affected: readonly AffectedProduct[];
  /** `CWE-<n>` identifiers. */
  readonly cwes: readonly string[];
  readonly cvssVectors: readonly string[];
  /** Identifiers the source already assigned (CVE, GHSA, OSV ids, SARIF rule id). */
  readonly identifiers: readonly string[];
  readonly locations: readonly CodeLocation[];
  /** SARIF `partialFingerprints` (name → value), kept as given. */
  readonly partialFingerprints: Readonly<Record<string, string>>;
  /** SARIF `fingerprints`, kept as given. */
  readonly fingerprints: Readonly<Record<string, string>>;
  /** SARIF code flows, kept whole (as JSON values) for the analyst. */
  readonly codeFlows: readonly unknown[];
  /** A sanitizer report or stack trace that came with the finding, as text. */
  readonly stackTrace?: string;
}

/** A report ready to store: its findings and where it came from. */
export interface ReportDraft {
  readonly format: ReportFormat;
  readonly findings: readonly Finding[];
  /** The tool that wrote a SARIF log (the first run's driver), as the log names it. */
  readonly tool?: { readonly name: string; readonly version?: string };
}
