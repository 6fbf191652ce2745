import * as basicTests from '@secvisogram/csaf-validator-lib/basic.js';
import type { CsafValidation } from '@secvisogram/csaf-validator-lib/validateStrict.js';
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';
import type { VexError, VexJustification, VexProduct, VexReadResult, VexStatement, VexStatus } from './vex-document.js';
import { missingNotAffectedReason, pointer, text } from './vex-document.js';
import { canonicalPurl } from './vex-products.js';
import { uniqueErrors } from '../validation/unique-errors.js';

/**
 * CSAF 2.0 documents of category `csaf_vex`, validated by the BSI/secvisogram validator
 * library: the strict CSAF 2.0 schema and every mandatory test (section 6.1), which
 * include the VEX profile's own tests 6.1.27.1 to 6.1.27.11. All 2.0 mandatory tests
 * are synchronous (only some informative tests go to the network), but the library's
 * runner is async, so this reader is too.
 *
 * One statement per vulnerability, status, and identical justification, impact and
 * action text; its products are the product_ids listed under that status, resolved
 * through the product tree (branches, full_product_names, relationships) to their
 * purl and cpe. `flags[].label` uses the OpenVEX justification labels as they are.
 */

/**
 * `recommended` is not read: it names the product to move to, not whether a product is
 * affected (a recommended product is normally listed as fixed or not affected as well).
 */
const PRODUCT_STATUSES: readonly (readonly [string, VexStatus])[] = [
  ['known_not_affected', 'not_affected'],
  ['known_affected', 'affected'],
  ['first_affected', 'affected'],
  ['last_affected', 'affected'],
  ['fixed', 'fixed'],
  ['first_fixed', 'fixed'],
  ['under_investigation', 'under_investigation'],
];

/** The version status a product_version_range gets from the statement it appears in. */
const RANGE_STATUS: Readonly<Record<VexStatus, 'affected' | 'unaffected' | 'unknown'>> = {
  affected: 'affected',
  not_affected: 'unaffected',
  fixed: 'unaffected',
  under_investigation: 'unknown',
};

interface CsafProductName {
  name: string;
  product_id: string;
  product_identification_helper?: { purl?: string; cpe?: string };
}

interface CsafBranch {
  category: string;
  name: string;
  product?: CsafProductName;
  branches?: CsafBranch[];
}

interface CsafRelationship {
  full_product_name: CsafProductName;
  product_reference: string;
  relates_to_product_reference: string;
}

interface CsafProductTree {
  branches?: CsafBranch[];
  full_product_names?: CsafProductName[];
  relationships?: CsafRelationship[];
  product_groups?: { group_id: string; product_ids: string[] }[];
}

interface CsafProductRefs {
  product_ids?: string[];
  group_ids?: string[];
}

interface CsafVulnerability {
  cve?: string;
  ids?: { system_name: string; text: string }[];
  product_status?: Record<string, string[] | undefined>;
  flags?: (CsafProductRefs & { label: string })[];
  threats?: (CsafProductRefs & { category: string; details: string })[];
  remediations?: (CsafProductRefs & { category: string; details: string })[];
}

interface CsafDocument {
  document: { publisher: { name: string }; tracking: { id: string; current_release_date: string } };
  product_tree?: CsafProductTree;
  vulnerabilities: CsafVulnerability[];
}

type Json = Record<string, unknown>;

export async function readCsafVex(input: Json): Promise<VexReadResult> {
  const meta = input['document'] as Json;
  if (meta['category'] !== 'csaf_vex') {
    return { ok: false, errors: [{ path: '/document/category', message: `not a VEX document: CSAF category ${JSON.stringify(meta['category'])}; only csaf_vex documents are read as VEX` }] };
  }
  if (meta['csaf_version'] !== '2.0') {
    return { ok: false, errors: [{ path: '/document/csaf_version', message: `CSAF version ${JSON.stringify(meta['csaf_version'])} is not supported: this reader takes CSAF 2.0` }] };
  }
  const validationErrors = await validate(input);
  if (validationErrors.length > 0) return { ok: false, errors: validationErrors };

  const csaf = input as unknown as CsafDocument;
  const tree = new ProductTree(csaf.product_tree ?? {});
  const statements: VexStatement[] = [];
  for (const vulnerability of csaf.vulnerabilities) statements.push(...readVulnerability(vulnerability, tree));
  const errors = uniqueErrors(tree.errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    vex: {
      format: 'CSAF',
      id: csaf.document.tracking.id,
      author: csaf.document.publisher.name,
      timestamp: csaf.document.tracking.current_release_date,
      statements,
      warnings: [],
    },
  };
}

async function validate(document: Json): Promise<VexError[]> {
  let validation: CsafValidation;
  try {
    validation = await validateStrict(Object.values(basicTests), document);
  } catch (error) {
    // The mandatory tests assume a document the schema test let through; on other input some throw.
    return [{ path: '', message: `the CSAF validator could not check this document: ${error instanceof Error ? error.message : String(error)}` }];
  }
  if (validation.isValid) return [];
  return uniqueErrors(validation.tests.filter((test) => !test.isValid).flatMap((test) => test.errors.map((e) => validatorError(test.name, e.instancePath, e.message))));
}

function validatorError(testName: string, path: string, message: string): VexError {
  const mandatory = /^mandatoryTest_(\d+(?:_\d+)*)$/.exec(testName);
  const label = mandatory?.[1] ? `mandatory test ${mandatory[1].replaceAll('_', '.')}` : 'CSAF 2.0 schema';
  // 6.1.27.9 is the VEX rule that every not affected product has a reason: say so the same way for every format.
  if (testName === 'mandatoryTest_6_1_27_9') {
    return { path, message: `${missingNotAffectedReason(path, 'impact statement (a flag or a threat of category impact)').message} (${label})` };
  }
  return { path, message: `${message} (${label})` };
}


function readVulnerability(vulnerability: CsafVulnerability, tree: ProductTree): VexStatement[] {
  const ids = [vulnerability.cve, ...(vulnerability.ids ?? []).map((id) => id.text)].filter((id) => text(id) !== undefined) as string[];
  const [id, ...aliases] = [...new Set(ids)];
  if (id === undefined) return [];
  const statements = new Map<string, VexStatement>();
  for (const [key, status] of PRODUCT_STATUSES) {
    for (const productId of vulnerability.product_status?.[key] ?? []) {
      const justificationSource = status === 'not_affected' ? vulnerability.flags?.find((f) => tree.covers(f, productId))?.label : undefined;
      const impactStatement = texts((vulnerability.threats ?? []).filter((t) => t.category === 'impact' && tree.covers(t, productId)).map((t) => t.details));
      const actionStatement = texts((vulnerability.remediations ?? []).filter((r) => tree.covers(r, productId)).map((r) => `${r.category}: ${r.details}`));
      const group = JSON.stringify([status, justificationSource, impactStatement, actionStatement]);
      let statement = statements.get(group);
      if (!statement) {
        statement = {
          vulnerability: id,
          aliases,
          products: [],
          status,
          ...(justificationSource ? { justification: justificationSource as VexJustification, justificationSource } : {}),
          ...(impactStatement ? { impactStatement } : {}),
          ...(actionStatement ? { actionStatement } : {}),
        };
        statements.set(group, statement);
      }
      if (!statement.products.some((p) => p.ref === productId)) statement.products.push(tree.product(productId, status));
    }
  }
  return [...statements.values()];
}

function texts(values: string[]): string | undefined {
  const unique = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
  return unique.length > 0 ? unique.join('\n') : undefined;
}

interface DefinedProduct {
  product: CsafProductName;
  path: string;
  version?: string;
  range?: string;
}

/** The product tree, indexed by product_id, resolving ids to products the way the CSAF spec defines them. */
class ProductTree {
  readonly errors: VexError[] = [];
  private readonly defined = new Map<string, DefinedProduct>();
  private readonly relationships = new Map<string, { relationship: CsafRelationship; path: string }>();
  private readonly groups = new Map<string, string[]>();

  constructor(tree: CsafProductTree) {
    tree.branches?.forEach((branch, i) => this.addBranch(branch, pointer('product_tree', 'branches', i), {}));
    tree.full_product_names?.forEach((product, i) => this.define(product, pointer('product_tree', 'full_product_names', i), {}));
    tree.relationships?.forEach((relationship, i) => {
      this.relationships.set(relationship.full_product_name.product_id, { relationship, path: pointer('product_tree', 'relationships', i, 'full_product_name') });
    });
    tree.product_groups?.forEach((group) => this.groups.set(group.group_id, group.product_ids));
  }

  /** Whether a flag, threat or remediation names the product, directly or through one of its groups. */
  covers(refs: CsafProductRefs, productId: string): boolean {
    return (refs.product_ids ?? []).includes(productId) || (refs.group_ids ?? []).some((g) => (this.groups.get(g) ?? []).includes(productId));
  }

  /**
   * A product as a statement of `status` sees it. A relationship ("X as a component of Y")
   * is the platform Y with X as its subcomponent, so the statement can match either.
   */
  product(productId: string, status: VexStatus, seen: ReadonlySet<string> = new Set()): VexProduct {
    const definition = this.defined.get(productId);
    if (definition) return this.definedProduct(productId, definition, status);
    const related = this.relationships.get(productId);
    if (!related || seen.has(productId)) return { ref: productId };
    const { relationship, path } = related;
    const inner = new Set(seen).add(productId);
    const platform = this.product(relationship.relates_to_product_reference, status, inner);
    const own = this.definedProduct(productId, { product: relationship.full_product_name, path }, status);
    return {
      ...own,
      ...(own.purl === undefined && platform.purl !== undefined ? { purl: platform.purl } : {}),
      ...(own.cpe === undefined && platform.cpe !== undefined ? { cpe: platform.cpe } : {}),
      subcomponents: [this.product(relationship.product_reference, status, inner)],
    };
  }

  private definedProduct(productId: string, { product, path, version, range }: DefinedProduct, status: VexStatus): VexProduct {
    const result: VexProduct = { ref: productId, name: product.name };
    const helper = product.product_identification_helper;
    const purlText = text(helper?.purl);
    if (purlText) {
      const purl = canonicalPurl(purlText, `${path}/product_identification_helper/purl`);
      if (purl.ok) result.purl = purl.purl;
      else this.errors.push(purl.error);
    } else if (version !== undefined) {
      result.version = version;
    }
    const cpe = text(helper?.cpe);
    if (cpe) result.cpe = cpe;
    if (range !== undefined) result.versions = [{ range, status: RANGE_STATUS[status] }];
    return result;
  }

  private addBranch(branch: CsafBranch, path: string, context: { version?: string; range?: string }): void {
    const here = {
      ...context,
      ...(branch.category === 'product_version' ? { version: branch.name } : {}),
      ...(branch.category === 'product_version_range' ? { range: branch.name } : {}),
    };
    if (branch.product) this.define(branch.product, `${path}/product`, here);
    branch.branches?.forEach((child, i) => this.addBranch(child, `${path}${pointer('branches', i)}`, here));
  }

  private define(product: CsafProductName, path: string, context: { version?: string; range?: string }): void {
    this.defined.set(product.product_id, { product, path, ...context });
  }
}
