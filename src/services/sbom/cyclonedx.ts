import { validateCycloneDx } from '../validation/schema-validators.js';
import type { CycloneDxJsonVersion } from '../validation/schema-validators.js';
import { ComponentCollector } from './component-collector.js';
import { validateCycloneDxXml } from './cyclonedx-xsd.js';
import { documentFailure, failure, fromSchemaErrors } from './sbom-errors.js';
import type { ParsedSbom, ReadSbomResult, SbomEncoding } from './types.js';
import { createXmlParser } from './xml-document.js';

/** The CycloneDX versions read, in JSON and XML alike. */
export const CYCLONEDX_VERSIONS: readonly CycloneDxJsonVersion[] = ['1.4', '1.5', '1.6'];

export function isCycloneDxVersion(version: string): version is CycloneDxJsonVersion {
  return (CYCLONEDX_VERSIONS as readonly string[]).includes(version);
}

type Node = Record<string, unknown>;

/** How components nest in one encoding: where a list's children are and how their paths read. */
interface ComponentTree {
  refKey: string;
  children: (parent: Node) => unknown;
  childPath: (listPath: string, index: number) => string;
}

const JSON_TREE: ComponentTree = { refKey: 'bom-ref', children: (parent) => parent.components, childPath: (list, i) => `${list}/${i}` };
const XML_TREE: ComponentTree = {
  refKey: '@bom-ref',
  children: (parent) => (parent.components as Node | undefined)?.component,
  childPath: (list, i) => `${list}/component[${i + 1}]`,
};

/** Reads a parsed CycloneDX JSON BOM of a supported version: schema first, then components. */
export function readCycloneDxJson(bom: Node, version: CycloneDxJsonVersion): ReadSbomResult {
  const validation = validateCycloneDx(version, bom);
  if (!validation.ok) return failure(fromSchemaErrors(validation.errors));
  return parsed(version, 'json', bom, collect(bom, '', JSON_TREE));
}

const xmlParser = createXmlParser((path) => path.endsWith('components.component'));

/** Reads CycloneDX XML of a supported version (already free of DOCTYPE and well-formed): XSD first, then components. */
export async function readCycloneDxXml(xml: string, version: CycloneDxJsonVersion): Promise<ReadSbomResult> {
  const schemaErrors = await validateCycloneDxXml(version, xml);
  if (schemaErrors.length > 0) return failure(schemaErrors);
  let document: Node;
  try {
    document = xmlParser.parse(xml) as Node;
  } catch (error) {
    return documentFailure(`the XML could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bom = (document.bom ?? {}) as Node;
  return parsed(version, 'xml', bom, collect(bom, '/bom', XML_TREE));
}

/** Every component, nested ones flattened in document order. */
function collect(bom: Node, bomPath: string, tree: ComponentTree): ComponentCollector {
  const collector = new ComponentCollector();
  // An explicit stack, not recursion: how deep components nest is the document's choice.
  const pending: Array<{ node: Node; path: string }> = [];
  const push = (parent: Node, parentPath: string): void => {
    const list = tree.children(parent);
    if (!Array.isArray(list)) return;
    for (let i = list.length - 1; i >= 0; i--) pending.push({ node: list[i] as Node, path: tree.childPath(`${parentPath}/components`, i) });
  };
  push(bom, bomPath);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, path } = next;
    const cpe = text(node.cpe);
    collector.add({
      path,
      ref: text(node[tree.refKey]),
      name: text(node.name) ?? '',
      version: text(node.version),
      purl: text(node.purl),
      purlPath: `${path}/purl`,
      cpes: cpe === undefined ? [] : [cpe],
    });
    push(node, path);
  }
  return collector;
}

function parsed(version: CycloneDxJsonVersion, encoding: SbomEncoding, bom: Node, collector: ComponentCollector): ReadSbomResult {
  const sbom: ParsedSbom = { format: 'CycloneDX', specVersion: version, encoding, components: collector.components, warnings: collector.warnings };
  // The name of the component the BOM describes.
  const name = text(((bom.metadata as Node | undefined)?.component as Node | undefined)?.name);
  if (name !== undefined) sbom.name = name;
  return { ok: true, sbom };
}

/** A string value, from JSON or from an XML element (an object when it has attributes). */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as Node)['#text'] === 'string') return (value as Node)['#text'] as string;
  return undefined;
}
