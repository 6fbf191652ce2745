import { asArray, asObject, asText, pointer } from '../cve/json.js';
import { scorableVectors, titleFrom, uniqueTexts } from './finding-text.js';
import type { IntakeError, IntakeResult } from './intake-error.js';
import { mergeByProduct } from './osv-findings.js';
import type { AffectedProduct, Finding, ReportDraft } from './report-draft.js';
import { readReportPurl, withoutVersion } from './report-purl.js';
import { isCweId } from './weakness.js';

/**
 * The product statuses that say a product is affected, and how a version found under each
 * is written: a `known_affected` version as it is, a first or last affected one with its
 * status so the analyst sees the range's end it marks. Fixed and not-affected products are
 * not affected products and are not listed.
 */
const AFFECTED_STATUSES: readonly (readonly [string, (version: string) => string])[] = [
  ['known_affected', (v) => v],
  ['first_affected', (v) => `first_affected ${v}`],
  ['last_affected', (v) => `last_affected ${v}`],
];

/** Note categories that describe a vulnerability, in the order a reader wants them. */
const DESCRIBING_NOTES = ['summary', 'description', 'details'] as const;

type Json = Record<string, unknown>;

/**
 * A CSAF 2.0 document that passed the schema and the mandatory tests, as a report with one
 * finding per `vulnerabilities[]` entry:
 * - title: the vulnerability's title, else its summary note, CVE id or first id, else the document's title;
 * - description: its summary, description and details notes, in that order;
 * - cwe, CVSS v3 and v2 vector strings of `scores`, and the CVE and `ids` as identifiers;
 * - affected: the products under known_affected, first_affected and last_affected, resolved
 *   through the product tree (branches, full product names, relationships) to a purl (without
 *   version), a CPE, or else the product's name; versions from the product_version (or
 *   product_version_range) branch above it, else the purl's version.
 */
export function draftFromCsaf(document: unknown): IntakeResult<ReportDraft> {
  const root = asObject(document) ?? {};
  const tree = new ProductTree(asObject(root['product_tree']) ?? {});
  const documentTitle = asText(asObject(root['document'])?.['title']);
  const findings = asArray(root['vulnerabilities']).map((vulnerability) => csafFinding(asObject(vulnerability) ?? {}, tree, documentTitle));
  if (tree.errors.length > 0) return { ok: false, errors: tree.errors };
  return { ok: true, value: { format: 'csaf', findings } };
}

function csafFinding(vulnerability: Json, tree: ProductTree, documentTitle: string | undefined): Finding {
  const notes = asArray(vulnerability['notes']).map((n) => asObject(n) ?? {});
  const noteText = (category: string): string[] => uniqueTexts(notes.filter((n) => n['category'] === category).map((n) => asText(n['text'])));
  const ids = uniqueTexts([asText(vulnerability['cve']), ...asArray(vulnerability['ids']).map((id) => asText(asObject(id)?.['text']))]);
  const cwe = asText(asObject(vulnerability['cwe'])?.['id']);
  const scores = asArray(vulnerability['scores']).map((s) => asObject(s) ?? {});
  const vectors = scores.flatMap((s) => ['cvss_v3', 'cvss_v2'].map((key) => asText(asObject(s[key])?.['vectorString'])));
  const status = asObject(vulnerability['product_status']) ?? {};
  const affected = AFFECTED_STATUSES.flatMap(([key, written]) =>
    uniqueTexts(asArray(status[key]).map(asText)).flatMap((productId) => tree.affectedProduct(productId, written)),
  );
  return {
    title: titleFrom(asText(vulnerability['title']), noteText('summary')[0], ids[0], documentTitle) ?? 'CSAF vulnerability',
    description: DESCRIBING_NOTES.flatMap(noteText).join('\n\n'),
    affected: mergeByProduct(affected),
    cwes: cwe !== undefined && isCweId(cwe) ? [cwe] : [],
    cvssVectors: scorableVectors(vectors),
    identifiers: ids,
    locations: [],
    partialFingerprints: {},
    fingerprints: {},
    codeFlows: [],
  };
}

/** A product as defined in the tree: where, and the version branch above it. */
interface DefinedProduct {
  product: Json;
  path: string;
  version?: string;
}

/** What identifies a product: a purl (parsed), a CPE, its name, and its version. */
interface ProductIdentity {
  purl?: string;
  cpe?: string;
  name?: string;
  version?: string;
}

/** The product tree indexed by product_id, resolving ids the way the CSAF 2.0 specification defines them (section 3.1.2 and 3.2.2). */
class ProductTree {
  readonly errors: IntakeError[] = [];
  private readonly defined = new Map<string, DefinedProduct>();
  private readonly relationships = new Map<string, { relationship: Json; path: string }>();
  private readonly reported = new Set<string>();

  constructor(tree: Json) {
    asArray(tree['branches']).forEach((branch, i) => this.addBranch(asObject(branch) ?? {}, pointer('/product_tree/branches', i), undefined));
    asArray(tree['full_product_names']).forEach((product, i) => this.define(asObject(product) ?? {}, pointer('/product_tree/full_product_names', i), undefined));
    asArray(tree['relationships']).forEach((r, i) => {
      const relationship = asObject(r) ?? {};
      const id = asText(asObject(relationship['full_product_name'])?.['product_id']);
      if (id !== undefined) this.relationships.set(id, { relationship, path: pointer('/product_tree/relationships', i, 'full_product_name') });
    });
  }

  /** The affected product a product_id names, its version written as its status says; none when nothing identifies it. */
  affectedProduct(productId: string, written: (version: string) => string): AffectedProduct[] {
    const identity = this.identify(productId, new Set());
    if (identity.purl === undefined && identity.cpe === undefined && identity.name === undefined) return [];
    return [
      {
        ...(identity.purl === undefined ? {} : { purl: identity.purl }),
        ...(identity.cpe === undefined ? {} : { cpe: identity.cpe }),
        ...(identity.purl === undefined && identity.cpe === undefined && identity.name !== undefined ? { name: identity.name } : {}),
        versions: identity.version === undefined ? [] : [written(identity.version)],
      },
    ];
  }

  /**
   * A product's identity. A relationship's product ("X as a component of Y") without its own
   * helper is identified as its component X: the component is what carries the flaw, and Y's
   * CPE would name every product installed on that platform.
   */
  private identify(productId: string, seen: ReadonlySet<string>): ProductIdentity {
    const definition = this.defined.get(productId);
    if (definition !== undefined) return this.ownIdentity(definition);
    const related = this.relationships.get(productId);
    if (related === undefined || seen.has(productId)) return {};
    const own = this.ownIdentity({ product: asObject(related.relationship['full_product_name']) ?? {}, path: related.path });
    if (own.purl !== undefined || own.cpe !== undefined) return own;
    const componentId = asText(related.relationship['product_reference']);
    const component = componentId === undefined ? {} : this.identify(componentId, new Set(seen).add(productId));
    return { ...component, ...(own.name === undefined ? {} : { name: own.name }) };
  }

  private ownIdentity({ product, path, version }: DefinedProduct): ProductIdentity {
    const helper = asObject(product['product_identification_helper']);
    const identity: ProductIdentity = {};
    const name = asText(product['name']);
    if (name !== undefined) identity.name = name;
    if (version !== undefined) identity.version = version;
    const cpe = asText(helper?.['cpe']);
    if (cpe !== undefined) identity.cpe = cpe;
    const purlText = asText(helper?.['purl']);
    if (purlText !== undefined) {
      const read = readReportPurl(purlText, { registeredTypeOnly: false });
      if (read.ok) {
        const { purl, version: purlVersion } = withoutVersion(read.purl);
        identity.purl = purl;
        // The purl's version is the package's own; a version branch may be named otherwise (Red Hat names it by the whole NEVRA).
        if (purlVersion !== undefined) identity.version = purlVersion;
      } else {
        this.report({ path: `${path}/product_identification_helper/purl`, message: read.error });
      }
    }
    return identity;
  }

  private report(error: IntakeError): void {
    const key = `${error.path}\u0000${error.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.errors.push(error);
  }

  private addBranch(branch: Json, path: string, version: string | undefined): void {
    const category = branch['category'];
    const name = asText(branch['name']);
    const here = (category === 'product_version' || category === 'product_version_range') && name !== undefined ? name : version;
    const product = asObject(branch['product']);
    if (product !== undefined) this.define(product, `${path}/product`, here);
    asArray(branch['branches']).forEach((child, i) => this.addBranch(asObject(child) ?? {}, `${path}${pointer('', 'branches', i)}`, here));
  }

  private define(product: Json, path: string, version: string | undefined): void {
    const id = asText(product['product_id']);
    if (id !== undefined) this.defined.set(id, version === undefined ? { product, path } : { product, path, version });
  }
}
