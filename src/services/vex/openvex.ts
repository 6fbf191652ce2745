import { validateOpenVex } from '../validation/schema-validators.js';
import type { VexError, VexJustification, VexProduct, VexReadResult, VexStatement, VexStatus } from './vex-document.js';
import { missingNotAffectedReason, pointer, schemaErrors, text } from './vex-document.js';
import { canonicalPurl, isCpe, isPurl } from './vex-products.js';

/**
 * OpenVEX documents, v0.0.1 and v0.2.0.
 *
 * The published JSON Schema describes v0.2.0 only. A v0.0.1 document (context
 * `https://openvex.dev/ns/v0.0.1`, or the bare `https://openvex.dev/ns`, which is what
 * v0.0.1 documents carried and what go-vex reads as v0.0.1) is first rewritten into the
 * v0.2.0 shape, field by field as go-vex's compatibility reader does, then validated
 * against the same schema. The v0.0.1 differences:
 * - `vulnerability` is a string (the name), with `vuln_description` beside it;
 * - `products` are strings (the @id), and `subcomponents` is one list of strings for
 *   the whole statement, applying to each product;
 * - `version` is a string ("1");
 * - empty strings stand for absent fields;
 * - documents in the wild carry fields v0.2.0 does not have (`format`, document-level
 *   `supplier`): they are ignored with a warning rather than failing validation.
 */

const CONTEXT = 'https://openvex.dev/ns';

export function isOpenVex(document: Record<string, unknown>): boolean {
  const context = document['@context'];
  return typeof context === 'string' && context.startsWith(CONTEXT);
}

interface OpenVexComponent {
  '@id'?: string;
  identifiers?: { purl?: string; cpe22?: string; cpe23?: string };
  subcomponents?: OpenVexComponent[];
}

interface OpenVexStatement {
  vulnerability: { name: string; aliases?: string[] };
  products?: OpenVexComponent[];
  status: VexStatus;
  justification?: VexJustification;
  impact_statement?: string;
  action_statement?: string;
}

interface OpenVexDocument {
  '@id': string;
  author: string;
  timestamp: string;
  statements: OpenVexStatement[];
}

type Json = Record<string, unknown>;

export function readOpenVex(input: Json): VexReadResult {
  const context = input['@context'] as string;
  const version = contextVersion(context);
  if (version === undefined) {
    return { ok: false, errors: [{ path: '/@context', message: `unsupported OpenVEX version "${context}": this reader knows v0.0.1 and v0.2.0` }] };
  }
  const warnings: VexError[] = [];
  const document = version === 'v0.0.1' ? upgradeFromV001(input, warnings) : input;

  const reasonErrors = notAffectedWithoutReason(document);
  const validation = validateOpenVex(document);
  const note = version === 'v0.0.1' ? ' (in the v0.2.0 form of this v0.0.1 document)' : '';
  const errors = [...reasonErrors, ...(validation.ok ? [] : withoutReasonDuplicates(schemaErrors(validation.errors, note), reasonErrors))];
  if (errors.length > 0) return { ok: false, errors };

  const valid = document as unknown as OpenVexDocument;
  const statements: VexStatement[] = [];
  valid.statements.forEach((statement, index) => {
    const at = pointer('statements', index);
    const products = (statement.products ?? []).map((component, p) => readComponent(component, `${at}${pointer('products', p)}`, errors));
    if (products.length === 0) errors.push({ path: at, message: 'statement names no product, so it cannot be applied to anything' });
    statements.push({
      vulnerability: statement.vulnerability.name,
      aliases: statement.vulnerability.aliases ?? [],
      products,
      status: statement.status,
      ...(statement.justification ? { justification: statement.justification, justificationSource: statement.justification } : {}),
      ...optionalText('impactStatement', statement.impact_statement),
      ...optionalText('actionStatement', statement.action_statement),
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, vex: { format: 'OpenVEX', id: valid['@id'], author: valid.author, timestamp: valid.timestamp, statements, warnings } };
}

function contextVersion(context: string): 'v0.0.1' | 'v0.2.0' | undefined {
  const suffix = context.slice(CONTEXT.length);
  if (suffix === '' || suffix === '/' || suffix === '/v0.0.1') return 'v0.0.1';
  if (suffix === '/v0.2.0') return 'v0.2.0';
  return undefined;
}

function optionalText<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  const given = text(value);
  return given === undefined ? {} : ({ [key]: given } as Partial<Record<K, string>>);
}

function readComponent(component: OpenVexComponent, at: string, errors: VexError[]): VexProduct {
  const product: VexProduct = {};
  const id = component['@id'];
  if (id !== undefined) product.ref = id;
  const purlText = component.identifiers?.purl ?? (id !== undefined && isPurl(id) ? id : undefined);
  if (purlText !== undefined) {
    const purlAt = component.identifiers?.purl !== undefined ? `${at}/identifiers/purl` : `${at}/@id`;
    const purl = canonicalPurl(purlText, purlAt);
    if (purl.ok) product.purl = purl.purl;
    else errors.push(purl.error);
  }
  const cpe = component.identifiers?.cpe23 ?? component.identifiers?.cpe22 ?? (id !== undefined && isCpe(id) ? id : undefined);
  if (cpe !== undefined) product.cpe = cpe;
  if (component.subcomponents && component.subcomponents.length > 0) {
    product.subcomponents = component.subcomponents.map((sub, s) => readComponent(sub, `${at}${pointer('subcomponents', s)}`, errors));
  }
  return product;
}

/** The spec's own rule, checked before the schema so the error says what is wrong in words. */
function notAffectedWithoutReason(document: Json): VexError[] {
  const statements = document['statements'];
  if (!Array.isArray(statements)) return [];
  const errors: VexError[] = [];
  statements.forEach((statement: unknown, index) => {
    if (typeof statement !== 'object' || statement === null) return;
    const s = statement as Json;
    if (s['status'] === 'not_affected' && text(s['justification']) === undefined && text(s['impact_statement']) === undefined) {
      errors.push(missingNotAffectedReason(pointer('statements', index), 'impact_statement'));
    }
  });
  return errors;
}

// The schema states the same rule as an if/then with anyOf; its four generic messages add nothing to ours.
const SCHEMA_FORMS_OF_THE_REASON_RULE = [
  "must have required property 'justification'",
  "must have required property 'impact_statement'",
  'must match a schema in anyOf',
  'must match "then" schema',
];

function withoutReasonDuplicates(errors: VexError[], reasonErrors: VexError[]): VexError[] {
  const flagged = new Set(reasonErrors.map((e) => e.path));
  return errors.filter((e) => !(flagged.has(e.path) && SCHEMA_FORMS_OF_THE_REASON_RULE.some((m) => e.message.startsWith(m))));
}

const V001_DOCUMENT_FIELDS = ['@context', '@id', 'author', 'role', 'timestamp', 'version', 'tooling'];
const V001_STATEMENT_FIELDS = ['timestamp', 'status', 'status_notes', 'justification', 'impact_statement', 'action_statement', 'action_statement_timestamp'];
const V001_RESHAPED_STATEMENT_FIELDS = new Set(['vulnerability', 'vuln_description', 'products', 'subcomponents']);

/** Rewrites a v0.0.1 document into the v0.2.0 shape (see the module comment); what it drops goes to `warnings`. */
function upgradeFromV001(input: Json, warnings: VexError[]): Json {
  const output: Json = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'statements') continue;
    if (!V001_DOCUMENT_FIELDS.includes(key)) {
      warnings.push({ path: pointer(key), message: `"${key}" is not an OpenVEX document field; ignored` });
    } else if (value !== '') {
      output[key] = key === 'version' && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    }
  }
  const statements = input['statements'];
  output['statements'] = Array.isArray(statements) ? statements.map((s: unknown, i) => upgradeStatementFromV001(s, pointer('statements', i), warnings)) : statements;
  return output;
}

function upgradeStatementFromV001(input: unknown, at: string, warnings: VexError[]): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const statement = input as Json;
  const output: Json = {};
  for (const [key, value] of Object.entries(statement)) {
    if (V001_RESHAPED_STATEMENT_FIELDS.has(key)) continue;
    if (!V001_STATEMENT_FIELDS.includes(key)) {
      warnings.push({ path: `${at}${pointer(key)}`, message: `"${key}" is not an OpenVEX statement field; ignored` });
    } else if (value !== '') {
      output[key] = value;
    }
  }
  const vulnerability = statement['vulnerability'];
  const description = text(statement['vuln_description']);
  output['vulnerability'] = typeof vulnerability === 'string' ? { name: vulnerability, ...(description ? { description } : {}) } : vulnerability;

  const subcomponentIds: unknown[] = Array.isArray(statement['subcomponents']) ? statement['subcomponents'].filter((s: unknown) => s !== '') : [];
  const products = statement['products'];
  if (Array.isArray(products)) {
    output['products'] = products.map((product: unknown) =>
      typeof product === 'string' ? { '@id': product, ...(subcomponentIds.length > 0 ? { subcomponents: subcomponentIds.map((id) => (typeof id === 'string' ? { '@id': id } : id)) } : {}) } : product,
    );
  } else if (products !== undefined) {
    output['products'] = products;
  }
  if (subcomponentIds.length > 0 && !(Array.isArray(products) && products.length > 0)) {
    warnings.push({ path: `${at}/subcomponents`, message: 'subcomponents without products; ignored' });
  }
  return output;
}
