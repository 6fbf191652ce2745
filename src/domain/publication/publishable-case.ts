/**
 * A fixed coordinated-disclosure case, as the clearinghouse publishes it: the one input of
 * the OSV, CVE and CSAF builders in this folder.
 */
export interface PublishableCase {
  /** The clearinghouse's case id, e.g. `CH-2026-0042`: also the CSAF tracking id, and the OSV id after its prefix (see `osvId`). */
  readonly id: string;
  /** `CVE-2026-12345` once assigned. */
  readonly cveId?: string;
  readonly title: string;
  /** Markdown. */
  readonly description: string;
  /** ISO 8601 date-time, UTC (`Z`). */
  readonly published: string;
  readonly modified: string;
  /** `CWE-787`. */
  readonly cwes: readonly string[];
  /** `CVSS:3.1/…` and/or `CVSS:4.0/…`. */
  readonly cvssVectors: readonly string[];
  readonly affected: readonly {
    /** The package purl, without version. */
    readonly purl: string;
    /** Default `'0'`: every version before the fix. */
    readonly introduced?: string;
    readonly fixed?: string;
    readonly lastAffected?: string;
  }[];
  readonly references: readonly { readonly url: string; readonly type: 'ADVISORY' | 'FIX' | 'REPORT' | 'WEB' | 'PACKAGE' | 'ARTICLE' }[];
  readonly credits: readonly { readonly name: string; readonly type: 'FINDER' | 'REPORTER' | 'COORDINATOR' | 'REMEDIATION_DEVELOPER' | 'OTHER' }[];
  /** Oldest first; at least one. */
  readonly revisions: readonly { readonly date: string; readonly summary: string }[];
}

/** Who publishes: the clearinghouse, as CSAF publisher and as the CVE CNA. */
export interface Publisher {
  readonly name: string;
  /** https URL. */
  readonly namespace: string;
  readonly contactDetails: string;
  /** UUID. */
  readonly cnaOrgId: string;
  readonly cnaShortName: string;
}
