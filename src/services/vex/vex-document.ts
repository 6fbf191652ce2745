/**
 * The one shape every VEX format is read into: CycloneDX VEX, OpenVEX and CSAF VEX
 * statements, with statuses and justifications in the OpenVEX vocabulary.
 */

export type VexFormat = 'CycloneDX' | 'OpenVEX' | 'CSAF';

export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

/** The OpenVEX (and CISA) justification labels; CSAF's VEX flags use the same five. */
export type VexJustification =
  | 'component_not_present'
  | 'vulnerable_code_not_present'
  | 'vulnerable_code_not_in_execute_path'
  | 'vulnerable_code_cannot_be_controlled_by_adversary'
  | 'inline_mitigations_already_exist';

/** Something wrong with the input (or worth knowing about it), at a JSON Pointer into the document as uploaded. */
export interface VexError {
  path: string;
  message: string;
}

/** A version or `vers:` range of a product, with the status CycloneDX gives it (`affects[].versions`). */
export interface VexVersionStatus {
  version?: string;
  range?: string;
  status: 'affected' | 'unaffected' | 'unknown';
}

export interface VexProduct {
  /** Canonical form, printed by the repository's purl parser. */
  purl?: string;
  cpe?: string;
  /** The document's own name for the product: CycloneDX bom-ref (or BOM-Link), CSAF product_id, OpenVEX @id. */
  ref?: string;
  name?: string;
  /** A CycloneDX component's version where no purl carries it. */
  version?: string;
  /** The versions the statement is about, where the document narrows it (CycloneDX only). */
  versions?: VexVersionStatus[];
  /** The parts of this product the statement is about: OpenVEX subcomponents, the component of a CSAF relationship. */
  subcomponents?: VexProduct[];
}

export interface VexStatement {
  /** The vulnerability id as the document gives it (CVE-…, GHSA-…, …). */
  vulnerability: string;
  aliases: string[];
  products: VexProduct[];
  status: VexStatus;
  justification?: VexJustification;
  /** The document's own justification value, before mapping onto the OpenVEX vocabulary. */
  justificationSource?: string;
  impactStatement?: string;
  actionStatement?: string;
}

export interface VexDocument {
  format: VexFormat;
  id?: string;
  author?: string;
  timestamp?: string;
  statements: VexStatement[];
  warnings: VexError[];
}

export type VexReadResult = { ok: true; vex: VexDocument } | { ok: false; errors: VexError[] };

/** A JSON Pointer (RFC 6901) from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/**
 * VEX requires a reason for every `not_affected` claim (CISA's minimum requirements:
 * a justification or an impact statement). Without one the claim cannot be trusted,
 * and reading the rest of the document would apply it only in part, so the whole
 * document is refused.
 */
export function missingNotAffectedReason(path: string, what: string): VexError {
  return {
    path,
    message: `not_affected statement without a justification or ${what}: VEX requires one, so the whole document is rejected and none of its statements are applied`,
  };
}

/** Values of optional text fields: absent or blank both mean "not given". */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Schema validators in src/services/validation report `<JSON Pointer> <message>` lines,
 * with `/` for the document itself; this splits them back into pointer and message.
 */
export function schemaErrors(lines: string[], note = ''): VexError[] {
  return lines.map((line) => {
    const space = line.indexOf(' ');
    const where = space === -1 ? line : line.slice(0, space);
    const message = space === -1 ? 'does not match the schema' : line.slice(space + 1);
    return { path: where === '/' ? '' : where, message: `${message}${note}` };
  });
}
