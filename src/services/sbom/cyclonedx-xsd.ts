import { readFileSync } from 'node:fs';
import { memoryPages, validateXML } from 'xmllint-wasm';
import type { XMLFileInfo } from 'xmllint-wasm';
import type { CycloneDxJsonVersion } from '../validation/schema-validators.js';
import type { SbomError } from './types.js';

interface XsdSet {
  main: XMLFileInfo;
  imports: XMLFileInfo[];
}

const loaded = new Map<CycloneDxJsonVersion, XsdSet>();

/** The name the document has inside xmllint: fixed, so no uploaded file name reaches its command line. */
const DOCUMENT_NAME = 'bom.xml';

/**
 * The BOM XSD and the SPDX license XSD it imports. The import names the schema's URL
 * (`http://cyclonedx.org/schema/spdx`); xmllint-wasm fetches nothing, so the import is pointed
 * at the vendored copy, as the specification's own xmlcatalog.xml maps it.
 */
function xsdSet(version: CycloneDxJsonVersion): XsdSet {
  let set = loaded.get(version);
  if (set === undefined) {
    const read = (name: string): string => readFileSync(new URL(`../../../schemas/cyclonedx/${name}`, import.meta.url), 'utf8');
    const main = read(`bom-${version}.xsd`).replace('schemaLocation="http://cyclonedx.org/schema/spdx"', 'schemaLocation="spdx.xsd"');
    set = { main: { fileName: `bom-${version}.xsd`, contents: main }, imports: [{ fileName: 'spdx.xsd', contents: read('spdx.xsd') }] };
    loaded.set(version, set);
  }
  return set;
}

// xmllint prefixes element names with their namespace, `Element '{http://cyclonedx.org/schema/bom/1.6}hash'`;
// a URI has no quote or space, which tells it from an enumeration such as `{'MD5', 'SHA-1'}`.
const NAMESPACE_PREFIX = /\{[a-z][a-z0-9+.-]*:[^\s'}]*\}/g;

/** xmllint's message without its category prefix and namespace noise. */
function plainMessage(message: string): string {
  return message
    .replace(/^.*?Schemas validity error : /, '')
    .replace(/^.*?parser error : /, 'not well-formed XML: ')
    .replace(NAMESPACE_PREFIX, '');
}

/**
 * Validates a CycloneDX XML document against the official XSD of its version with libxml2
 * (xmllint-wasm, in a worker, with no network). Errors carry the line xmllint names.
 */
export async function validateCycloneDxXml(version: CycloneDxJsonVersion, xml: string): Promise<SbomError[]> {
  const schemas = xsdSet(version);
  try {
    const result = await validateXML({
      xml: [{ fileName: DOCUMENT_NAME, contents: xml }],
      schema: [schemas.main],
      preload: schemas.imports,
      // The default 32 MiB is too small for SBOMs of a few megabytes; memory grows only as used.
      maxMemoryPages: 512 * memoryPages.MiB,
      modifyArguments: (args) => ['--nonet', ...args],
    });
    if (result.valid) return [];
    // Only lines naming the document are errors; xmllint follows a parser error with the offending source line and a caret.
    const errors = result.errors.flatMap((e) => (e.loc?.fileName === DOCUMENT_NAME ? [{ path: `line ${e.loc.lineNumber}`, message: plainMessage(e.message) }] : []));
    return errors.length > 0 ? errors : [{ path: '/', message: 'the document does not validate against the CycloneDX XML schema' }];
  } catch (error) {
    return [{ path: '/', message: `XML schema validation could not run: ${error instanceof Error ? error.message : String(error)}` }];
  }
}
