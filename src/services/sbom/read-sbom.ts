import { CYCLONEDX_VERSIONS, isCycloneDxVersion, readCycloneDxJson, readCycloneDxXml } from './cyclonedx.js';
import { documentFailure, lineAt } from './sbom-errors.js';
import { readSpdxJson } from './spdx-json.js';
import { spdxVersionOf, unsupportedSpdxVersion } from './spdx-package.js';
import { readSpdxTagValue } from './spdx-tag-value.js';
import type { ReadSbomResult } from './types.js';
import { doctypeError, rootElement, wellFormednessError } from './xml-document.js';

export type { ParsedSbom, ReadSbomResult, SbomComponent, SbomEncoding, SbomError, SbomFormat } from './types.js';

export interface ReadSbomOptions {
  /** Named in the error when the content is in no known format; the format itself is read from the content only. */
  fileName?: string;
}

const KNOWN_FORMATS = 'CycloneDX 1.4–1.6 (JSON or XML) or SPDX 2.2/2.3 (JSON or tag-value)';
const CYCLONEDX_NAMESPACE = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/;

/**
 * Reads an SBOM from its bytes: detects the format from the content, validates it against the
 * official schema of its version, and returns its components with canonical purls. Bad input
 * gives errors naming where (JSON Pointer, `line N`, XML path); it never throws for it. Callers
 * enforce size limits; this function does no I/O of its own.
 */
export async function readSbom(bytes: Buffer | string, options: ReadSbomOptions = {}): Promise<ReadSbomResult> {
  const decoded = decode(bytes);
  if ('error' in decoded) return documentFailure(decoded.error);
  const text = decoded.text;
  const start = text.search(/\S/);
  if (start === -1) return documentFailure('the SBOM is empty');
  const unknown = (): ReadSbomResult =>
    documentFailure(`unknown SBOM format${options.fileName === undefined ? '' : ` in "${options.fileName}"`}: expected ${KNOWN_FORMATS}`);

  try {
    const first = text[start];
    if (first === '{' || first === '[') return readJson(text, unknown);
    if (first === '<') return await readXml(text, unknown);
    if (/^SPDXVersion:/m.test(text)) return readSpdxTagValue(text);
    if (/^spdxVersion:/m.test(text)) return documentFailure(`SPDX YAML is not supported: expected ${KNOWN_FORMATS}`);
    return unknown();
  } catch (error) {
    // Parsing and validation recurse; a document nested deeply enough exhausts the stack.
    if (error instanceof RangeError) return documentFailure('the document nests too deeply to be read');
    throw error;
  }
}

function decode(bytes: Buffer | string): { text: string } | { error: string } {
  if (typeof bytes === 'string') return { text: bytes.replace(/^\uFEFF/, '') };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: 'the SBOM is UTF-16; SBOMs are read as UTF-8' };
  }
  try {
    // `fatal` turns a malformed byte into an error instead of U+FFFD; the UTF-8 BOM is dropped.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'the SBOM is not valid UTF-8' };
  }
}

function readJson(text: string, unknown: () => ReadSbomResult): ReadSbomResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return documentFailure(...jsonSyntaxError(text, error instanceof Error ? error.message : String(error)));
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return unknown();
  const fields = document as Record<string, unknown>;

  if ('bomFormat' in fields) {
    if (fields.bomFormat !== 'CycloneDX') return documentFailure(`bomFormat must be "CycloneDX", not ${JSON.stringify(fields.bomFormat)}`, '/bomFormat');
    const specVersion = fields.specVersion;
    if (typeof specVersion !== 'string') return documentFailure('a CycloneDX BOM needs specVersion', '/specVersion');
    if (!isCycloneDxVersion(specVersion)) return documentFailure(unsupportedCycloneDxVersion(specVersion), '/specVersion');
    return readCycloneDxJson(fields, specVersion);
  }
  if (typeof fields.spdxVersion === 'string') {
    const version = spdxVersionOf(fields.spdxVersion);
    if (version === undefined) return documentFailure(unsupportedSpdxVersion(fields.spdxVersion), '/spdxVersion');
    return readSpdxJson(fields, version);
  }
  // SPDX 3 is JSON-LD: its version is in the context URL, e.g. https://spdx.org/rdf/3.0.1/spdx-context.jsonld.
  const context = JSON.stringify(fields['@context'] ?? '');
  if (/spdx\.org\/rdf\/3\./.test(context)) return documentFailure(unsupportedSpdxVersion('SPDX-3.0'), '/@context');
  return unknown();
}

/**
 * V8's JSON.parse message, as a message and the line at fault. It names a character position,
 * or quotes the input (`Unexpected token 'x', "…" is not valid JSON`), which is dropped.
 */
function jsonSyntaxError(text: string, message: string): [message: string, path: string] {
  const position = /in JSON at position (\d+)/.exec(message);
  const path = position !== null ? `line ${lineAt(text, Number(position[1]))}` : /end of JSON input/.test(message) ? `line ${lineAt(text, text.length)}` : '/';
  return [`not valid JSON: ${message.replace(/ in JSON at position \d+[\s\S]*$/, '').replace(/, "[\s\S]*" is not valid JSON$/, '')}`, path];
}

async function readXml(text: string, unknown: () => ReadSbomResult): Promise<ReadSbomResult> {
  const unsafe = doctypeError(text);
  if (unsafe !== undefined) return { ok: false, errors: [unsafe] };
  const malformed = wellFormednessError(text);
  if (malformed !== undefined) return { ok: false, errors: [malformed] };
  const root = rootElement(text);
  if (root === undefined) return unknown();

  if (root.name === 'bom') {
    const version = CYCLONEDX_NAMESPACE.exec(root.namespace ?? '')?.[1];
    if (version === undefined) {
      return documentFailure(`a CycloneDX XML BOM needs the namespace http://cyclonedx.org/schema/bom/<version>, not "${root.namespace ?? ''}"`, '/bom');
    }
    if (!isCycloneDxVersion(version)) return documentFailure(unsupportedCycloneDxVersion(version), '/bom');
    return readCycloneDxXml(text, version);
  }
  if (root.name === 'RDF' && text.includes('http://spdx.org/rdf/terms')) return documentFailure(`SPDX RDF/XML is not supported: expected ${KNOWN_FORMATS}`);
  if (root.name === 'Document' && text.includes('<spdxVersion>')) return documentFailure(`SPDX XML is not supported: expected ${KNOWN_FORMATS}`);
  return unknown();
}

function unsupportedCycloneDxVersion(version: string): string {
  return `CycloneDX ${version} is not supported: this reader takes CycloneDX ${CYCLONEDX_VERSIONS.join(', ')}`;
}
