/**
 * Vendors register the packages they make; a case whose affected purl names one is offered
 * those vendors. Matching is exact on the purl's type, namespace and name after the purl
 * module's normalization (which lowercases where a type's names are case-insensitive, and
 * applies rules such as PyPI's '_' → '-'), with NuGet names compared without regard to
 * case. The version, qualifiers and subpath of an affected purl do not matter, so a
 * registration covers every release and build of its package.
 *
 * A vendor may also register a whole namespace (an npm scope, a Maven group, a Go module
 * path prefix): it then matches every package whose namespace is that one or lies under it,
 * segment by segment. No wildcards: a name is matched exactly or not at all.
 */
import { PURL_TYPES, readReportPurl } from '../intake/report-purl.js';
import { formatPurl, validatePurl, type Purl } from '../purl/purl.js';
import type { FieldError } from './field-error.js';

/** What a vendor submits: one package by purl, without a version, or a whole namespace of a type. */
export type RegistrationInput =
  | { readonly vendorId: string; readonly purl: string }
  | { readonly vendorId: string; readonly type: string; readonly namespace: string };

/** A checked registration, normalized by the purl module; plain data, fit to store. */
export type ProductRegistration =
  | { readonly kind: 'package'; readonly vendorId: string; readonly purl: string }
  | { readonly kind: 'namespace'; readonly vendorId: string; readonly type: string; readonly namespace: string };

export type RegistrationResult = { readonly ok: true; readonly registration: ProductRegistration } | { readonly ok: false; readonly error: FieldError };

export interface VendorMatch {
  /** The case's affected purl, as the case gave it. */
  readonly affectedPurl: string;
  readonly registration: ProductRegistration;
}

export interface VendorOffer {
  readonly vendorId: string;
  readonly matches: readonly VendorMatch[];
}

/** The vendors to offer, in the order their first match was found, and the affected purls that could not be read. */
export interface OfferResult {
  readonly offers: readonly VendorOffer[];
  readonly errors: readonly FieldError[];
}

/**
 * Stands in for a package name when a namespace alone is checked: the purl module reads
 * whole purls only, and a purl needs a name.
 */
const NAME_PROBE = 'probe';

/**
 * Checks and normalizes a vendor's registration. Purls are read leniently (a raw npm '@'
 * scope, upper-case qualifier keys), as SBOM tools write them, and must be of a type
 * registered in the purl specification, since no one's package has another.
 */
export function parseRegistration(input: RegistrationInput): RegistrationResult {
  if (input.vendorId.trim() === '') return refuse('vendorId', 'a registration needs the id of the vendor it belongs to');
  if ('purl' in input) {
    const read = readReportPurl(input.purl, { registeredTypeOnly: true });
    if (!read.ok) return refuse('purl', read.error);
    if (read.purl.version !== undefined) {
      return refuse('purl', `"${input.purl}" names a release; a registration names the package, so leave out "@${read.purl.version}"`);
    }
    return { ok: true, registration: { kind: 'package', vendorId: input.vendorId, purl: read.canonical } };
  }
  if (!PURL_TYPES.has(input.type.toLowerCase())) {
    return refuse('type', `"${input.type}" is not a purl type registered in the purl specification, so no package has it`);
  }
  const wanted = input.namespace.trim();
  if (wanted === '') return refuse('namespace', 'a namespace registration needs a namespace; to register one package, give its purl');
  const probe = validatePurl(formatPurl({ type: input.type, namespace: wanted, name: NAME_PROBE }), { lenient: true });
  if (!probe.ok) return refuse('namespace', `"${wanted}" cannot be a ${input.type} namespace: ${probe.error}`);
  const { type, namespace, name } = probe.purl;
  if (namespace === undefined) return refuse('namespace', `"${wanted}" holds no namespace segment`);
  // A type can claim part of the path for the name: a git namespace is the host alone.
  if (name !== NAME_PROBE) {
    return refuse('namespace', `a ${type} namespace is "${namespace}" alone, not "${wanted}"; register the packages under it by purl instead`);
  }
  return { ok: true, registration: { kind: 'namespace', vendorId: input.vendorId, type, namespace } };
}

/**
 * The vendors whose registrations match any of a case's affected purls, with what matched.
 * Affected purls are read as the purl module reads any feed's: leniently, of any type.
 */
export function vendorsToOffer(registrations: readonly ProductRegistration[], affectedPurls: readonly string[]): OfferResult {
  const candidates = registrations.map((registration) => ({ registration, package: registeredPackage(registration) }));
  const offers = new Map<string, VendorMatch[]>();
  const errors: FieldError[] = [];
  affectedPurls.forEach((affectedPurl, index) => {
    const read = readReportPurl(affectedPurl, { registeredTypeOnly: false });
    if (!read.ok) {
      errors.push({ field: `affectedPurls[${index}]`, message: read.error });
      return;
    }
    const affectedPackage = packageOf(read.purl);
    for (const candidate of candidates) {
      const { registration } = candidate;
      const matched = registration.kind === 'namespace' ? isUnder(read.purl, registration) : candidate.package === affectedPackage;
      if (!matched) continue;
      const found = offers.get(registration.vendorId) ?? [];
      found.push({ affectedPurl, registration });
      offers.set(registration.vendorId, found);
    }
  });
  return { offers: [...offers].map(([vendorId, matches]) => ({ vendorId, matches })), errors };
}

/** Whether a purl's namespace is the registered one or lies under it. */
function isUnder(affected: Purl, registration: { readonly type: string; readonly namespace: string }): boolean {
  const namespace = affected.namespace;
  return affected.type === registration.type && namespace !== undefined && (namespace === registration.namespace || namespace.startsWith(`${registration.namespace}/`));
}

/** The package a package registration names; undefined for a namespace, or a stored purl that no longer reads. */
function registeredPackage(registration: ProductRegistration): string | undefined {
  if (registration.kind === 'namespace') return undefined;
  const read = readReportPurl(registration.purl, { registeredTypeOnly: false });
  return read.ok ? packageOf(read.purl) : undefined;
}

/**
 * Types whose names the registry treats as case-insensitive although their purl definition
 * keeps case: nuget-definition.json notes "case-preserving, but case-insensitive". Matching
 * folds their case, so that a vendor is not missed over a capital letter.
 */
const CASE_INSENSITIVE_NAMES: ReadonlySet<string> = new Set(['nuget']);

/** The package a purl names, apart from release, build and path: its canonical type, namespace and name. */
function packageOf(purl: Purl): string {
  const name = CASE_INSENSITIVE_NAMES.has(purl.type) ? purl.name.toLowerCase() : purl.name;
  return formatPurl(purl.namespace === undefined ? { type: purl.type, name } : { type: purl.type, namespace: purl.namespace, name });
}

function refuse(field: string, message: string): RegistrationResult {
  return { ok: false, error: { field, message } };
}
