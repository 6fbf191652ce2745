/**
 * Package URLs (purl, ECMA-427): the one place that parses, builds, normalizes
 * and prints them.
 *
 * Hand-written rather than wrapping `packageurl-js` 2.0.1: against the current
 * purl-spec suite (586 cases) that library fails 78, and the gaps are in the core,
 * not at the edges. Its printer percent-encodes ':' in qualifier values and
 * subpaths and leaves '+' raw in versions (ECMA-427 §5.4 says the opposite), it
 * knows none of the newer type rules (brew, git, cpan, julia, otp, vcpkg,
 * vscode-extension, chrome-extension), and it parses through WHATWG `URL`, which
 * the domain layer does not assume. Fixing that would mean replacing its printer,
 * its namespace/name split and its type table, i.e. most of it.
 *
 * Type-specific rules come from the purl-spec type definitions
 * (`types/*-definition.json`): namespace requirement, case sensitivity,
 * normalization rules, permitted characters and required qualifiers.
 */

/** A decoded, normalized package URL. Absent components are left out, never empty strings. */
export interface Purl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string>;
  subpath?: string;
}

/** Outcome of parsing or building: a purl, or why there is none. */
export type PurlResult = { ok: true; purl: Purl } | { ok: false; error: string };

/** Raw components for {@link buildPurl}; `null` and `''` mean absent, as in the purl-spec tests. */
export interface PurlParts {
  type?: string | null;
  namespace?: string | null;
  name?: string | null;
  version?: string | null;
  qualifiers?: Readonly<Record<string, string | null | undefined>> | null;
  subpath?: string | null;
}

/**
 * `lenient` applies the repairs the purl-spec "recommended" tests show: it accepts
 * qualifier keys in any case and an unencoded npm-style '@' scope, and lowercases
 * git namespaces and names (git-definition.json itself says case sensitive, so
 * strict parsing keeps their case). The default is strict ECMA-427.
 */
export interface PurlParseOptions {
  lenient?: boolean;
}

/** Outcome of {@link validatePurl}: the canonical string and whether the input already was it. */
export type PurlValidation =
  | { ok: true; purl: Purl; canonical: string; isCanonical: boolean }
  | { ok: false; error: string };

type Requirement = 'required' | 'optional' | 'prohibited';
type CaseFolded = 'namespace' | 'name' | 'version' | 'subpath';

interface TypeRule {
  namespace: Requirement;
  /** Components whose definition says `case_sensitive: false`: canonical form is lowercase. */
  lowercase?: readonly CaseFolded[];
  requiredQualifiers?: readonly string[];
  /** Normalization rules that case folding alone does not cover. */
  normalize?: (purl: Purl) => void;
  /** Applied only when parsing leniently. */
  lenientNormalize?: (purl: Purl) => void;
  /** Definition rules beyond the shared ones; returns an error message. */
  check?: (purl: Purl) => string | undefined;
}

/*
 * Rules not applied, because they cannot be applied mechanically: hackage
 * "apply kebab-case" (names are case sensitive, so there is nothing safe to
 * rewrite), alpm "normalize version as in vercmp(8)" (vercmp compares, it does not
 * rewrite), and the golang notes "shall be lowercased", which contradict the same
 * definition's `case_sensitive: true` (Go module paths are case sensitive).
 */
const TYPE_RULES: Readonly<Record<string, TypeRule>> = {
  alpm: { namespace: 'required', lowercase: ['namespace', 'name'] },
  apk: { namespace: 'required', lowercase: ['namespace', 'name'] },
  bazel: { namespace: 'prohibited' },
  bitbucket: { namespace: 'required', lowercase: ['namespace', 'name'] },
  bitnami: { namespace: 'prohibited', lowercase: ['name'] },
  brew: { namespace: 'optional', lowercase: ['namespace', 'name'] },
  cargo: { namespace: 'prohibited' },
  'chrome-extension': {
    namespace: 'prohibited',
    lowercase: ['name'],
    check: (p) =>
      !/^[a-p]{32}$/.test(p.name)
        ? 'chrome-extension name must be 32 letters a-p'
        : p.version !== undefined && !/^\d+(\.\d+){0,3}$/.test(p.version)
          ? 'chrome-extension version must be 1 to 4 dot-separated numbers'
          : undefined,
  },
  cocoapods: { namespace: 'prohibited' },
  composer: { namespace: 'required', lowercase: ['namespace', 'name'] },
  conan: { namespace: 'optional' },
  conda: { namespace: 'prohibited' },
  cpan: {
    namespace: 'optional',
    // The namespace, when used, is a CPAN author id, which "shall be uppercase".
    normalize: (p) => {
      if (p.namespace !== undefined) p.namespace = p.namespace.toUpperCase();
    },
    // '::' marks a module name; the purl name is the distribution name.
    check: (p) => (p.name.includes('::') ? 'cpan name is a distribution name and must not contain "::"' : undefined),
  },
  cran: { namespace: 'prohibited' },
  deb: { namespace: 'required', lowercase: ['namespace', 'name'] },
  docker: { namespace: 'optional' },
  gem: { namespace: 'prohibited' },
  generic: { namespace: 'optional' },
  git: {
    namespace: 'required',
    // The namespace is the git host only; the rest of the path is the name ("repository name with owner").
    normalize: (p) => {
      const slash = p.namespace?.indexOf('/') ?? -1;
      if (p.namespace !== undefined && slash !== -1) {
        p.name = `${p.namespace.slice(slash + 1)}/${p.name}`;
        p.namespace = p.namespace.slice(0, slash);
      }
    },
    // The definition says case sensitive, but the suite's recommended test lowercases; only lenient does.
    lenientNormalize: (p) => {
      p.name = p.name.toLowerCase();
      if (p.namespace !== undefined) p.namespace = p.namespace.toLowerCase();
    },
  },
  github: { namespace: 'required', lowercase: ['namespace', 'name'] },
  golang: { namespace: 'required' },
  hackage: { namespace: 'prohibited' },
  hex: { namespace: 'optional', lowercase: ['namespace', 'name'] },
  huggingface: { namespace: 'required', lowercase: ['version'] },
  julia: { namespace: 'prohibited', requiredQualifiers: ['uuid'] },
  luarocks: { namespace: 'optional', lowercase: ['namespace', 'name'] },
  maven: { namespace: 'required' },
  mlflow: {
    namespace: 'prohibited',
    // Databricks model names are case insensitive, Azure ML ones are not: the host decides.
    normalize: (p) => {
      if (isDatabricksUrl(p.qualifiers?.repository_url)) p.name = p.name.toLowerCase();
    },
  },
  npm: { namespace: 'optional' },
  nuget: { namespace: 'prohibited' },
  oci: { namespace: 'prohibited', lowercase: ['name', 'version'] },
  opam: { namespace: 'prohibited' },
  otp: { namespace: 'prohibited', lowercase: ['name', 'subpath'] },
  pub: {
    namespace: 'prohibited',
    // Pub names are [a-z0-9_]; anything else becomes '_'.
    normalize: (p) => {
      p.name = p.name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    },
  },
  pypi: {
    namespace: 'prohibited',
    lowercase: ['name', 'version'],
    normalize: (p) => {
      p.name = p.name.replace(/_/g, '-');
    },
  },
  qpkg: { namespace: 'required', lowercase: ['namespace'] },
  rpm: { namespace: 'required', lowercase: ['namespace'] },
  swid: { namespace: 'optional', requiredQualifiers: ['tag_id'] },
  swift: { namespace: 'required' },
  vcpkg: { namespace: 'prohibited' },
  'vscode-extension': { namespace: 'required', lowercase: ['namespace', 'name', 'version'] },
  yocto: { namespace: 'optional', lowercase: ['namespace'] },
};

const TYPE_PATTERN = /^[a-z][a-z0-9.-]*$/;
const QUALIFIER_KEY_PATTERN = /^[a-z][a-z0-9._-]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

class PurlError extends Error {}

/**
 * Parses a purl string into normalized components; never throws.
 *
 * @example parsePurl('pkg:PyPI/Django_Rest@1.0') // { ok: true, purl: { type: 'pypi', name: 'django-rest', version: '1.0' } }
 */
export function parsePurl(text: string, options: PurlParseOptions = {}): PurlResult {
  try {
    return { ok: true, purl: parseOrThrow(text, options.lenient === true) };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Builds a normalized purl from raw components (lowercases qualifier keys, drops
 * empty values, applies the type's rules); never throws.
 *
 * @example buildPurl({ type: 'maven', namespace: 'org.apache', name: 'commons', version: '1.0' })
 */
export function buildPurl(parts: PurlParts): PurlResult {
  try {
    return { ok: true, purl: buildOrThrow(parts) };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Prints the canonical string of a purl from {@link parsePurl} or {@link buildPurl}
 * (it encodes and orders, it does not re-normalize).
 *
 * @example formatPurl({ type: 'npm', namespace: '@angular', name: 'core' }) // 'pkg:npm/%40angular/core'
 */
export function formatPurl(purl: Purl): string {
  let out = `pkg:${purl.type}/`;
  if (purl.namespace !== undefined) out += `${encodePath(purl.namespace)}/`;
  out += purl.type === 'git' ? encodePath(purl.name) : percentEncode(purl.name);
  if (purl.version !== undefined) out += `@${percentEncode(purl.version)}`;
  const qualifiers = purl.qualifiers ?? {};
  // Sorted by key, not by "key=value" string: the suite expects `compiler=…` before `compiler.runtime=…`.
  const keys = Object.keys(qualifiers).sort();
  if (keys.length > 0) out += `?${keys.map((key) => `${key}=${percentEncode(qualifiers[key] ?? '')}`).join('&')}`;
  if (purl.subpath !== undefined) out += `#${encodePath(purl.subpath)}`;
  return out;
}

/**
 * Parses a purl and reports its canonical form and whether the input was already
 * canonical. Strict by default (ECMA-427 "required" conformance); `lenient`
 * accepts and repairs what the spec's "recommended" tests repair.
 *
 * @example validatePurl('pkg:Nuget/Foo@1.0') // { ok: true, canonical: 'pkg:nuget/Foo@1.0', isCanonical: false, ... }
 */
export function validatePurl(text: string, options: PurlParseOptions = {}): PurlValidation {
  const parsed = parsePurl(text, options);
  if (!parsed.ok) return parsed;
  const canonical = formatPurl(parsed.purl);
  return { ok: true, purl: parsed.purl, canonical, isCanonical: canonical === text };
}

function failure(error: unknown): { ok: false; error: string } {
  if (error instanceof PurlError) return { ok: false, error: error.message };
  throw error;
}

// Follows the purl-spec "how to parse" steps, right to left.
function parseOrThrow(text: string, lenient: boolean): Purl {
  if (typeof text !== 'string') throw new PurlError('a purl must be a string');
  if (LONE_SURROGATE.test(text)) throw new PurlError('a purl must be well-formed Unicode');
  let rest = text;

  let subpath: string | undefined;
  const hash = rest.lastIndexOf('#');
  if (hash !== -1) {
    subpath = joinSubpath(rest.slice(hash + 1).split('/').map((segment) => decode(segment, 'subpath')));
    rest = rest.slice(0, hash);
  }

  let qualifiers: Record<string, string> | undefined;
  const question = rest.lastIndexOf('?');
  if (question !== -1) {
    qualifiers = parseQualifiers(rest.slice(question + 1), lenient);
    rest = rest.slice(0, question);
  }

  const colon = rest.indexOf(':');
  if (colon === -1 || rest.slice(0, colon).toLowerCase() !== 'pkg') throw new PurlError('a purl must start with "pkg:"');
  rest = rest.slice(colon + 1).replace(/^\/+/, '');

  const slash = rest.indexOf('/');
  if (slash === -1) throw new PurlError('a purl needs a type and a name');
  const type = checkType(rest.slice(0, slash));
  rest = rest.slice(slash + 1);

  let version: string | undefined;
  const at = versionSeparator(rest, lenient);
  if (at !== -1) {
    version = decode(rest.slice(at + 1), 'version') || undefined;
    rest = rest.slice(0, at);
    // Trailing slashes are insignificant, but `…/Alamofire/@5.4.3` names nothing.
    if (rest === '' || rest.endsWith('/')) throw new PurlError('name is required');
  }

  rest = rest.replace(/\/+$/, '');
  const lastSlash = rest.lastIndexOf('/');
  const name = decode(rest.slice(lastSlash + 1), 'name');
  const namespaceSegments = lastSlash === -1 ? [] : rest.slice(0, lastSlash).split('/');
  const namespace = joinNamespace(namespaceSegments.filter((s) => s !== '').map((s) => decode(s, 'namespace')));

  return finish({ type, namespace, name, version, qualifiers, subpath }, lenient);
}

/**
 * Index of the '@' before the version, or -1. Lenient parsing skips an '@' that
 * opens a namespace segment (`pkg:npm/@babel/core`), which strict parsing, like the
 * spec, reads as a version with an empty name.
 */
function versionSeparator(path: string, lenient: boolean): number {
  const at = path.lastIndexOf('@');
  const opensSegment = at === 0 || path[at - 1] === '/';
  if (lenient && at !== -1 && opensSegment && path.indexOf('/', at) !== -1) return -1;
  return at;
}

function parseQualifiers(query: string, lenient: boolean): Record<string, string> | undefined {
  const qualifiers: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    // ECMA-427 §5.6.6: keys "shall be composed only of lowercase" characters.
    const key = checkQualifierKey(lenient ? rawKey.toLowerCase() : rawKey);
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1), `qualifier "${key}"`);
    if (value === '') continue;
    if (Object.hasOwn(qualifiers, key)) throw new PurlError(`qualifier "${key}" appears twice`);
    qualifiers[key] = value;
  }
  return Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
}

function buildOrThrow(parts: PurlParts): Purl {
  if (typeof parts !== 'object' || parts === null) throw new PurlError('components must be an object');
  const type = optionalString(parts.type, 'type');
  if (type === undefined) throw new PurlError('type is required');
  const rawNamespace = optionalString(parts.namespace, 'namespace');
  const rawName = optionalString(parts.name, 'name');
  const rawSubpath = optionalString(parts.subpath, 'subpath');

  let qualifiers: Record<string, string> | undefined;
  for (const [rawKey, value] of Object.entries(parts.qualifiers ?? {})) {
    const checked = optionalString(value, `qualifier "${rawKey}"`);
    if (checked === undefined) continue;
    const key = checkQualifierKey(rawKey.toLowerCase());
    qualifiers ??= {};
    if (Object.hasOwn(qualifiers, key)) throw new PurlError(`qualifier "${key}" appears twice`);
    qualifiers[key] = checked;
  }

  return finish(
    {
      type: checkType(type),
      namespace: rawNamespace === undefined ? undefined : joinNamespace(rawNamespace.split('/').filter((s) => s !== '')),
      name: (rawName ?? '').replace(/^\/+|\/+$/g, ''),
      version: optionalString(parts.version, 'version'),
      qualifiers,
      subpath: rawSubpath === undefined ? undefined : joinSubpath(rawSubpath.split('/')),
    },
    false,
  );
}

/** Applies the type's rules to components already split and decoded. */
function finish(draft: Purl, lenient: boolean): Purl {
  const purl = withoutUndefined(draft);
  if (purl.name === '') throw new PurlError('name is required');
  const rule = TYPE_RULES[purl.type];
  if (rule === undefined) return purl;

  for (const component of rule.lowercase ?? []) {
    const value = purl[component];
    if (value !== undefined) purl[component] = value.toLowerCase();
  }
  rule.normalize?.(purl);
  if (lenient) rule.lenientNormalize?.(purl);

  if (rule.namespace === 'required' && purl.namespace === undefined) {
    throw new PurlError(`${purl.type} purls require a namespace`);
  }
  if (rule.namespace === 'prohibited' && purl.namespace !== undefined) {
    throw new PurlError(`${purl.type} purls must not have a namespace`);
  }
  for (const key of rule.requiredQualifiers ?? []) {
    if (purl.qualifiers?.[key] === undefined) throw new PurlError(`${purl.type} purls require the "${key}" qualifier`);
  }
  const problem = rule.check?.(purl);
  if (problem !== undefined) throw new PurlError(problem);
  return purl;
}

function withoutUndefined(draft: Purl): Purl {
  const purl: Purl = { type: draft.type, name: draft.name };
  if (draft.namespace !== undefined) purl.namespace = draft.namespace;
  if (draft.version !== undefined) purl.version = draft.version;
  if (draft.qualifiers !== undefined) purl.qualifiers = draft.qualifiers;
  if (draft.subpath !== undefined) purl.subpath = draft.subpath;
  return purl;
}

function checkType(raw: string): string {
  const type = raw.toLowerCase();
  if (!TYPE_PATTERN.test(type)) {
    throw new PurlError(`type "${raw}" must start with a letter and hold only letters, digits, "." and "-"`);
  }
  return type;
}

function checkQualifierKey(key: string): string {
  if (!QUALIFIER_KEY_PATTERN.test(key)) {
    throw new PurlError(`qualifier key "${key}" must be a lowercase letter followed by lowercase letters, digits, ".", "-" or "_"`);
  }
  return key;
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new PurlError(`${what} must be a string`);
  if (LONE_SURROGATE.test(value)) throw new PurlError(`${what} is not well-formed Unicode`);
  return value;
}

function joinNamespace(segments: string[]): string | undefined {
  for (const segment of segments) {
    if (segment.includes('/')) throw new PurlError('a namespace segment must not contain "/"');
  }
  return segments.length > 0 ? segments.join('/') : undefined;
}

// '.' and '..' are dropped so a subpath can never climb out of the package.
function joinSubpath(segments: string[]): string | undefined {
  const kept = segments.filter((s) => s !== '' && s !== '.' && s !== '..');
  for (const segment of kept) {
    if (segment.includes('/')) throw new PurlError('a subpath segment must not contain "/"');
  }
  return kept.length > 0 ? kept.join('/') : undefined;
}

function decode(encoded: string, what: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new PurlError(`${what} has invalid percent-encoding`);
  }
}

/**
 * ECMA-427 §5.4: keep letters, digits and `.-_~:` as they are and percent-encode
 * every other UTF-8 octet. `encodeURIComponent` also spares `!'()*` and encodes ':'.
 */
function percentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3A/g, ':');
}

function encodePath(path: string): string {
  return path.split('/').map(percentEncode).join('/');
}

function isDatabricksUrl(url: string | undefined): boolean {
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]*)/i.exec(url ?? '')?.[1]?.toLowerCase();
  return host !== undefined && /(^|\.)(azuredatabricks\.net|databricks\.com)$/.test(host);
}
