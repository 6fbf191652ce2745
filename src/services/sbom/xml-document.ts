import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { EntityDecoderOptions } from 'fast-xml-parser';
import { lineAt } from './sbom-errors.js';
import type { SbomError } from './types.js';

/** The root element of an XML document: its local name and namespace. */
export interface XmlRoot {
  name: string;
  namespace?: string;
}

/**
 * Refuses a document type declaration anywhere in the text, before any parser sees it:
 * internal and external entities (billion laughs, `SYSTEM "file:///etc/passwd"`) can only be
 * declared there, and no SBOM format needs one.
 */
export function doctypeError(text: string): SbomError | undefined {
  const match = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (match === null) return undefined;
  return {
    path: `line ${lineAt(text, match.index)}`,
    message: `XML with a <!${match[1]!.toUpperCase()}> declaration is not accepted: entity declarations can expand without bound or read local files`,
  };
}

/** Well-formedness errors, with the line fast-xml-parser reports. */
export function wellFormednessError(text: string): SbomError | undefined {
  const result = XMLValidator.validate(text);
  if (result === true) return undefined;
  return { path: `line ${result.err.line}`, message: `not well-formed XML: ${result.err.msg}` };
}

const PROLOG_ITEM = /\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->)/y;
const START_TAG = /\s*<([^\s/>]+)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
const NAMESPACE_DECLARATION = /\sxmlns(?::([^\s=]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The root element of a well-formed document, read from its start tag. */
export function rootElement(text: string): XmlRoot | undefined {
  let at = 0;
  for (;;) {
    PROLOG_ITEM.lastIndex = at;
    if (PROLOG_ITEM.exec(text) === null) break;
    at = PROLOG_ITEM.lastIndex;
  }
  START_TAG.lastIndex = at;
  const tag = START_TAG.exec(text);
  if (tag === null) return undefined;
  const qualified = tag[1]!;
  const colon = qualified.indexOf(':');
  const prefix = colon === -1 ? undefined : qualified.slice(0, colon);
  const root: XmlRoot = { name: qualified.slice(colon + 1) };
  for (const declaration of (tag[2] ?? '').matchAll(NAMESPACE_DECLARATION)) {
    if (declaration[1] === prefix) root.namespace = declaration[2] ?? declaration[3] ?? '';
  }
  return root;
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z_][\w.-]*));/g;

/**
 * Written by hand because fast-xml-parser's own decoder decodes numeric character references
 * only together with the HTML entities. This one knows the five predefined XML entities and
 * character references, nothing else, and refuses any declared entity outright.
 */
const predefinedEntitiesOnly: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: (entities) => {
    if (Object.keys(entities).length > 0) throw new Error('entity declarations are not accepted');
  },
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: (text) => (text.includes('&') ? text.replace(REFERENCE, decodeReference) : text),
};

function decodeReference(reference: string, hex: string | undefined, decimal: string | undefined, name: string | undefined): string {
  if (name !== undefined) return PREDEFINED_ENTITIES[name] ?? reference;
  const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
  const isCharacter = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  return isCharacter ? String.fromCodePoint(code) : reference;
}

/**
 * The parser for SBOM XML: entities as {@link predefinedEntitiesOnly} decodes them, values kept
 * as strings (`01.0` is a version, not a number). Elements whose path `repeated` names always
 * become arrays, so one child and many read the same way.
 */
export function createXmlParser(repeated: (path: string) => boolean): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: false,
    entityDecoder: predefinedEntitiesOnly,
    isArray: (_name, path) => typeof path === 'string' && repeated(path),
  });
}
