/** A problem in an SBOM: where (JSON Pointer, XML path, or `line N`) and what. */
export interface SbomError {
  path: string;
  message: string;
}

/** One component (CycloneDX) or package (SPDX) of an SBOM. */
export interface SbomComponent {
  /** The bom-ref or SPDXID; when the document gives none, `#` and the component's path, which is stable for the same document. */
  ref: string;
  name: string;
  version?: string;
  /** Canonical purl, normalized by the domain's purl parser. */
  purl?: string;
  cpes: string[];
  /** Why this component cannot be matched by purl (no purl, an unparseable one, a type with no OSV ecosystem). */
  unmatchedReason?: string;
}

export type SbomFormat = 'CycloneDX' | 'SPDX';
export type SbomEncoding = 'json' | 'xml' | 'tag-value';

/** An SBOM read and validated: its components, flattened, and what was wrong but not fatal. */
export interface ParsedSbom {
  format: SbomFormat;
  specVersion: string;
  encoding: SbomEncoding;
  /** The document's name (SPDX) or the name of the component it describes (CycloneDX metadata). */
  name?: string;
  components: SbomComponent[];
  warnings: SbomError[];
}

export type ReadSbomResult = { ok: true; sbom: ParsedSbom } | { ok: false; errors: SbomError[] };
