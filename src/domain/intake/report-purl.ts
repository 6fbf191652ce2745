import type { Purl } from '../purl/purl.js';
import { formatPurl, validatePurl } from '../purl/purl.js';

/**
 * The purl types registered in the purl specification (purl-spec `purl-types-index.json`).
 * The parser reads any well-formed type; a report must name a registered one, because an
 * unknown type matches no package anyone has.
 */
export const PURL_TYPES: ReadonlySet<string> = new Set([
  'alpm', 'apk', 'bazel', 'bitbucket', 'bitnami', 'brew', 'cargo', 'chrome-extension', 'cocoapods', 'composer', 'conan',
  'conda', 'cpan', 'cran', 'deb', 'docker', 'gem', 'generic', 'git', 'github', 'golang', 'hackage', 'hex', 'huggingface',
  'julia', 'luarocks', 'maven', 'mlflow', 'npm', 'nuget', 'oci', 'opam', 'otp', 'pub', 'pypi', 'qpkg', 'rpm', 'swid',
  'swift', 'vcpkg', 'vscode-extension', 'yocto',
]);

/** A purl read from a report: its canonical form and components, or why it cannot be used. */
export type ReportPurl = { ok: true; purl: Purl; canonical: string } | { ok: false; error: string };

/**
 * Reads a purl the way reports write them: leniently (upper-case qualifier keys, a raw npm
 * `@` scope), as SBOM and advisory tools do, then printed canonically. With
 * `registeredTypeOnly` (a person's report) the type must be a registered one; a feed's own
 * types (Red Hat's `rpmmod`) are kept as the feed gives them.
 */
export function readReportPurl(text: string, options: { registeredTypeOnly: boolean }): ReportPurl {
  const result = validatePurl(text, { lenient: true });
  if (!result.ok) return { ok: false, error: `invalid purl "${text}": ${result.error}` };
  if (options.registeredTypeOnly && !PURL_TYPES.has(result.purl.type)) {
    return { ok: false, error: `invalid purl "${text}": unknown purl type "${result.purl.type}" (not a type registered in the purl specification)` };
  }
  return { ok: true, purl: result.purl, canonical: result.canonical };
}

/** The canonical purl without its version, and the version it had: a package, apart from which release of it. */
export function withoutVersion(purl: Purl): { purl: string; version?: string } {
  const { version, ...rest } = purl;
  return version === undefined ? { purl: formatPurl(rest) } : { purl: formatPurl(rest), version };
}
