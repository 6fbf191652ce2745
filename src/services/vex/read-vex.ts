import { isCycloneDx, readCycloneDxVex } from './cyclonedx-vex.js';
import { isOpenVex, readOpenVex } from './openvex.js';
import type { VexReadResult } from './vex-document.js';

/** A CSAF document says so in `document.csaf_version`. */
function isCsaf(document: Record<string, unknown>): boolean {
  const meta = document['document'];
  return typeof meta === 'object' && meta !== null && 'csaf_version' in meta;
}

/**
 * Reads a VEX document as uploaded: CycloneDX VEX (JSON 1.4 to 1.6), OpenVEX (v0.0.1,
 * v0.2.0) or CSAF 2.0 `csaf_vex`, told apart by their content. Each is validated against
 * its official schema (and, for CSAF, the mandatory tests) before anything is read, and
 * any error rejects the whole document: a VEX document is applied entirely or not at all.
 * Never throws for bad input; async because the CSAF validator is.
 */
export async function readVex(bytes: Buffer | string): Promise<VexReadResult> {
  // A leading byte-order mark is legal in a UTF-8 file and fatal to JSON.parse.
  const source = (typeof bytes === 'string' ? bytes : bytes.toString('utf8')).replace(/^\uFEFF/, '');
  let document: unknown;
  try {
    document = JSON.parse(source);
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { ok: false, errors: [{ path: '', message: 'not a VEX document: expected a JSON object' }] };
  }
  const json = document as Record<string, unknown>;
  if (isCycloneDx(json)) return readCycloneDxVex(json);
  if (isOpenVex(json)) return readOpenVex(json);
  if (isCsaf(json)) {
    // The CSAF validator takes seconds to load; only a CSAF document pays for it.
    const { readCsafVex } = await import('./csaf-vex.js');
    return readCsafVex(json);
  }
  return {
    ok: false,
    errors: [
      {
        path: '',
        message: 'not a VEX document: expected CycloneDX ("bomFormat": "CycloneDX"), OpenVEX ("@context": "https://openvex.dev/ns…") or CSAF ("document.csaf_version")',
      },
    ],
  };
}
