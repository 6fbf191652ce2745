/**
 * OSV ecosystems: which version scheme orders each one, whether its suffix is a
 * release stream, and how its package names are normalized.
 *
 * An ecosystem string is `Base` or `Base:suffix`. For distributions the suffix is a
 * release stream (`Debian:12`, `Alpine:v3.20`, `Ubuntu:22.04:LTS`,
 * `Red Hat:enterprise_linux:9::appstream`): an advisory for one release says nothing
 * about another, so matching never crosses streams. For registries the suffix is the
 * repository the package comes from (`Packagist:https://packages.drupal.org/8`,
 * `Maven:https://maven.google.com`).
 */
export interface EcosystemDefinition {
  /** The OSV name without any suffix, e.g. `Debian`. */
  readonly base: string;
  /** Id of the version scheme in the registry. */
  readonly schemeId: string;
  /** True when the suffix names a distribution release: matching stays within it. */
  readonly streamed: boolean;
  /** Normalizes a package name so equal packages share one key. */
  readonly normalizeName: (name: string) => string;
}

const asIs = (name: string): string => name;
const lower = (name: string): string => name.toLowerCase();
/** PEP 503: lowercase, runs of `-`, `_`, `.` become one `-`. */
const pep503 = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

function define(base: string, schemeId: string, streamed = false, normalizeName = asIs): EcosystemDefinition {
  return { base, schemeId, streamed, normalizeName };
}

const definitions: readonly EcosystemDefinition[] = [
  define('npm', 'semver'),
  define('PyPI', 'pypi', false, pep503),
  define('Go', 'go'),
  define('crates.io', 'semver'),
  define('Maven', 'maven'),
  define('NuGet', 'nuget', false, lower),
  define('RubyGems', 'rubygems'),
  define('Packagist', 'packagist', false, lower),
  define('Hex', 'semver'),
  define('Pub', 'pub'),
  define('GitHub Actions', 'semver', false, lower),
  define('SwiftURL', 'semver'),
  define('Bitnami', 'semver'),
  define('Julia', 'semver'),
  define('Kubernetes', 'go'),
  define('Hackage', 'hackage'),
  define('GHC', 'hackage'),
  define('opam', 'opam'),
  define('CRAN', 'cran'),
  define('Bioconductor', 'cran'),
  define('CleanStart', 'alpine'),
  define('Wolfi', 'alpine'),
  define('Chainguard', 'alpine'),
  define('MinimOS', 'alpine'),
  define('Debian', 'debian', true),
  define('Ubuntu', 'debian', true),
  define('Alpine', 'alpine', true),
  define('Alpaquita', 'alpine', true),
  define('BellSoft Hardened Containers', 'alpine', true),
  define('Red Hat', 'rpm', true),
  define('Rocky Linux', 'rpm', true),
  define('AlmaLinux', 'rpm', true),
  define('SUSE', 'rpm', true),
  define('openSUSE', 'rpm', true),
  define('Mageia', 'rpm', true),
  define('Photon OS', 'rpm', true),
  define('Azure Linux', 'rpm', true),
  define('openEuler', 'rpm', true),
  define('TuxCare', 'rpm', true),
];

/** Every ecosystem this system can match, by base name. */
export const ecosystemDefinitions: ReadonlyMap<string, EcosystemDefinition> = new Map(
  definitions.map((d) => [d.base, d]),
);

/** An ecosystem string split into its definition and its suffix. */
export interface ResolvedEcosystem {
  readonly definition: EcosystemDefinition;
  /** The part after the first `:`, if any (`12` in `Debian:12`). */
  readonly suffix: string | undefined;
}

/**
 * Resolves an OSV ecosystem string such as `Debian:12` or `PyPI`.
 * An ecosystem we cannot order is an error, so nothing is matched by guesswork.
 */
export function resolveEcosystem(
  ecosystem: string,
): { ok: true; value: ResolvedEcosystem } | { ok: false; error: string } {
  const colon = ecosystem.indexOf(':');
  const base = colon < 0 ? ecosystem : ecosystem.slice(0, colon);
  const suffix = colon < 0 ? undefined : ecosystem.slice(colon + 1);
  const definition = ecosystemDefinitions.get(base);
  if (!definition) return { ok: false, error: `unknown ecosystem "${ecosystem}"` };
  if (suffix === '') return { ok: false, error: `empty suffix in ecosystem "${ecosystem}"` };
  return { ok: true, value: { definition, suffix } };
}
