/**
 * Problems found while converting third-party vulnerability data. The import
 * keeps going: the offending piece is left out (or, where the message says so,
 * read conservatively) and the issue is reported with where it was found.
 */
export interface DataQualityIssue {
  /** JSON Pointer into the source record, e.g. `/containers/cna/affected/0/versions/2`. */
  path: string;
  code: DataQualityCode;
  message: string;
}

/** What kind of problem an issue is. */
export type DataQualityCode =
  /** Not a CVE record at all (no object, no CVE id): nothing converted. */
  | 'invalid-record'
  /** A date the converter cannot read as a timestamp. */
  | 'invalid-timestamp'
  /** A CVSS vector OSV's pattern for its version rejects. */
  | 'invalid-severity'
  /** A reference URL that is not an absolute URI. */
  | 'invalid-reference'
  /** A filler value ("n/a", "unspecified", "0" alone, ...) where a version belongs. */
  | 'placeholder-version'
  /** A version written as prose, a list or a URL, or a status outside affected/unaffected. */
  | 'unconvertible-version'
  /** An entry with status "unknown", which OSV cannot express. */
  | 'unknown-status'
  /** A range whose start equals its exclusive end: it covers no version. */
  | 'empty-range'
  /** A range whose start is after its end, or whose changes run backwards. */
  | 'inverted-range'
  /** `version` equal to `lessThanOrEqual`: a single version written as a range. */
  | 'degenerate-range'
  /** versionType git without full commit hashes or without a repo: kept as unresolved only. */
  | 'git-range-unresolved';
