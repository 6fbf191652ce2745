import type { CycloneDxJsonVersion } from '../validation/schema-validators.js';
import { validateCycloneDx } from '../validation/schema-validators.js';
import type { VexError, VexJustification, VexProduct, VexReadResult, VexStatement, VexStatus, VexVersionStatus } from './vex-document.js';
import { missingNotAffectedReason, pointer, schemaErrors, text } from './vex-document.js';
import { canonicalPurl, isPurl } from './vex-products.js';

/**
 * CycloneDX VEX (JSON, spec 1.4 to 1.6): a BOM whose `vulnerabilities[]` carry an
 * `analysis`. Statuses map onto the OpenVEX ones as CycloneDX's own VEX guidance pairs them:
 * - exploitable → affected: the component is affected and the flaw can be exploited;
 * - in_triage → under_investigation: the same state under another name;
 * - not_affected → not_affected;
 * - false_positive → not_affected: the vulnerability was wrongly attributed, so the
 *   product is not affected; VEX has no separate state for that, and the claim still
 *   needs a reason like any not_affected one;
 * - resolved, resolved_with_pedigree → fixed: remediated (with pedigree, the component's
 *   pedigree records the patch).
 * A vulnerability without `analysis.state` reports a vulnerability (a VDR entry) and
 * states nothing about exploitability: it is skipped with a warning.
 */

const STATE_TO_STATUS: Readonly<Record<string, VexStatus>> = {
  exploitable: 'affected',
  in_triage: 'under_investigation',
  false_positive: 'not_affected',
  not_affected: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
};

/**
 * CycloneDX justifications are finer than the five VEX labels; each maps to the label whose
 * CISA definition covers it:
 * - code_not_present (removed or tree-shaken) → vulnerable_code_not_present;
 * - code_not_reachable (never invoked at run time) → vulnerable_code_not_in_execute_path;
 * - requires_configuration / requires_dependency / requires_environment (the vulnerable code
 *   is there, but a precondition for exploiting it is absent) →
 *   vulnerable_code_cannot_be_controlled_by_adversary;
 * - protected_by_compiler / protected_at_runtime / protected_at_perimeter /
 *   protected_by_mitigating_control (a control stops exploitation) →
 *   inline_mitigations_already_exist.
 */
const JUSTIFICATIONS: Readonly<Record<string, VexJustification>> = {
  code_not_present: 'vulnerable_code_not_present',
  code_not_reachable: 'vulnerable_code_not_in_execute_path',
  requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_dependency: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
  protected_by_compiler: 'inline_mitigations_already_exist',
  protected_at_runtime: 'inline_mitigations_already_exist',
  protected_at_perimeter: 'inline_mitigations_already_exist',
  protected_by_mitigating_control: 'inline_mitigations_already_exist',
};

const VEX_VERSIONS: readonly CycloneDxJsonVersion[] = ['1.4', '1.5', '1.6'];

interface CdxComponent {
  'bom-ref'?: string;
  name?: string;
  version?: string;
  purl?: string;
  cpe?: string;
  components?: CdxComponent[];
  services?: CdxComponent[];
}

interface CdxVulnerability {
  id?: string;
  references?: { id: string }[];
  recommendation?: string;
  workaround?: string;
  analysis?: { state?: string; justification?: string; response?: string[]; detail?: string };
  affects?: { ref: string; versions?: { version?: string; range?: string; status?: VexVersionStatus['status'] }[] }[];
}

interface CdxBom {
  serialNumber?: string;
  metadata?: {
    timestamp?: string;
    component?: CdxComponent;
    authors?: { name?: string }[];
    supplier?: { name?: string };
    manufacturer?: { name?: string };
    manufacture?: { name?: string };
  };
  components?: CdxComponent[];
  services?: CdxComponent[];
  vulnerabilities: CdxVulnerability[];
}

type Json = Record<string, unknown>;

export function isCycloneDx(document: Json): boolean {
  return document['bomFormat'] === 'CycloneDX';
}

export function readCycloneDxVex(document: Json): VexReadResult {
  const vulnerabilities = document['vulnerabilities'];
  if (!Array.isArray(vulnerabilities) || vulnerabilities.length === 0) {
    return { ok: false, errors: [{ path: '', message: 'not a VEX document: this CycloneDX BOM has no vulnerabilities, so it is an SBOM with nothing to say about exploitability' }] };
  }
  const specVersion = document['specVersion'];
  const version = VEX_VERSIONS.find((v) => v === specVersion);
  if (version === undefined) {
    return { ok: false, errors: [{ path: '/specVersion', message: `CycloneDX ${JSON.stringify(specVersion)} is not read as VEX: this reader takes spec versions ${VEX_VERSIONS.join(', ')}` }] };
  }
  const validation = validateCycloneDx(version, document);
  if (!validation.ok) return { ok: false, errors: schemaErrors(validation.errors) };

  const bom = document as unknown as CdxBom;
  const components = indexByBomRef(bom);
  const errors: VexError[] = [];
  const warnings: VexError[] = [];
  const statements: VexStatement[] = [];
  bom.vulnerabilities.forEach((vulnerability, index) => {
    const statement = readVulnerability(vulnerability, pointer('vulnerabilities', index), components, errors, warnings);
    if (statement) statements.push(statement);
  });
  if (errors.length > 0) return { ok: false, errors };
  if (statements.length === 0) {
    return { ok: false, errors: [{ path: '/vulnerabilities', message: 'not a VEX document: no vulnerability has an analysis.state, so the BOM reports vulnerabilities without saying whether they affect anything' }] };
  }
  const metadata = bom.metadata;
  const author =
    (metadata?.authors ?? []).map((a) => text(a.name)).filter((name) => name !== undefined).join(', ') ||
    text(metadata?.supplier?.name) ||
    text(metadata?.manufacturer?.name) ||
    text(metadata?.manufacture?.name);
  return {
    ok: true,
    vex: {
      format: 'CycloneDX',
      ...(bom.serialNumber ? { id: bom.serialNumber } : {}),
      ...(author ? { author } : {}),
      ...(metadata?.timestamp ? { timestamp: metadata.timestamp } : {}),
      statements,
      warnings,
    },
  };
}

interface IndexedComponent {
  component: CdxComponent;
  path: string;
}

/** Every component and service with a bom-ref, nested ones included, with where it sits. */
function indexByBomRef(bom: CdxBom): Map<string, IndexedComponent> {
  const index = new Map<string, IndexedComponent>();
  const visit = (component: CdxComponent, path: string): void => {
    const ref = component['bom-ref'];
    if (ref !== undefined && !index.has(ref)) index.set(ref, { component, path });
    component.components?.forEach((c, i) => visit(c, `${path}${pointer('components', i)}`));
    component.services?.forEach((s, i) => visit(s, `${path}${pointer('services', i)}`));
  };
  if (bom.metadata?.component) visit(bom.metadata.component, '/metadata/component');
  bom.components?.forEach((c, i) => visit(c, pointer('components', i)));
  bom.services?.forEach((s, i) => visit(s, pointer('services', i)));
  return index;
}

function readVulnerability(vulnerability: CdxVulnerability, at: string, components: Map<string, IndexedComponent>, errors: VexError[], warnings: VexError[]): VexStatement | undefined {
  const id = text(vulnerability.id);
  const analysis = vulnerability.analysis;
  const state = analysis?.state;
  if (state === undefined) {
    warnings.push({ path: at, message: 'no analysis.state: a vulnerability report entry, not a VEX statement; skipped' });
    return undefined;
  }
  if (id === undefined) {
    errors.push({ path: `${at}/id`, message: 'VEX statement without a vulnerability id' });
    return undefined;
  }
  const status = STATE_TO_STATUS[state];
  if (status === undefined) {
    errors.push({ path: `${at}/analysis/state`, message: `unknown analysis state "${state}"` });
    return undefined;
  }
  const justificationSource = analysis?.justification;
  const justification = justificationSource === undefined ? undefined : JUSTIFICATIONS[justificationSource];
  if (justificationSource !== undefined && justification === undefined) {
    errors.push({ path: `${at}/analysis/justification`, message: `unknown justification "${justificationSource}"` });
  }
  const impactStatement = text(analysis?.detail);
  if (status === 'not_affected' && justificationSource === undefined && impactStatement === undefined) {
    errors.push(missingNotAffectedReason(`${at}/analysis`, 'impact statement (analysis.detail)'));
  }
  const responses = analysis?.response ?? [];
  const actions = [text(vulnerability.recommendation), text(vulnerability.workaround), responses.length > 0 ? `Response: ${responses.join(', ')}` : undefined].filter((a) => a !== undefined);

  const affects = vulnerability.affects ?? [];
  if (affects.length === 0) errors.push({ path: at, message: 'statement names no product (affects is empty), so it cannot be applied to anything' });
  const products = affects.map((affected, a) => {
    const product = resolveRef(affected.ref, `${at}${pointer('affects', a)}/ref`, components, errors, warnings);
    if (affected.versions && affected.versions.length > 0) {
      product.versions = affected.versions.map((v) => ({ ...(v.version ? { version: v.version } : {}), ...(v.range ? { range: v.range } : {}), status: v.status ?? 'affected' }));
    }
    return product;
  });
  const aliases = [...new Set((vulnerability.references ?? []).map((r) => r.id).filter((alias) => alias !== id))];
  return {
    vulnerability: id,
    aliases,
    products,
    status,
    ...(justification && justificationSource ? { justification, justificationSource } : {}),
    ...(impactStatement ? { impactStatement } : {}),
    ...(actions.length > 0 ? { actionStatement: actions.join('\n') } : {}),
  };
}

/**
 * An `affects[].ref` is a bom-ref of this BOM (resolved to that component), a BOM-Link
 * (`urn:cdx:serial/version#bom-ref`) into another BOM (kept as it is: only that BOM can
 * resolve it), or, from some producers, a bare purl.
 */
function resolveRef(ref: string, at: string, components: Map<string, IndexedComponent>, errors: VexError[], warnings: VexError[]): VexProduct {
  const indexed = components.get(ref);
  if (indexed) return componentProduct(ref, indexed, errors);
  if (ref.startsWith('urn:cdx:')) return { ref };
  if (isPurl(ref)) {
    const purl = canonicalPurl(ref, at);
    if (!purl.ok) errors.push(purl.error);
    return purl.ok ? { ref, purl: purl.purl } : { ref };
  }
  warnings.push({ path: at, message: `bom-ref "${ref}" is not in this BOM; the product is known by that ref alone` });
  return { ref };
}

function componentProduct(ref: string, { component, path }: IndexedComponent, errors: VexError[]): VexProduct {
  const product: VexProduct = { ref };
  const name = text(component.name);
  if (name) product.name = name;
  const purlText = text(component.purl);
  if (purlText) {
    const purl = canonicalPurl(purlText, `${path}/purl`);
    if (purl.ok) product.purl = purl.purl;
    else errors.push(purl.error);
  } else if (text(component.version)) {
    product.version = component.version;
  }
  const cpe = text(component.cpe);
  if (cpe) product.cpe = cpe;
  return product;
}
