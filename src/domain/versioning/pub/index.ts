import type { VersionScheme } from '../version-scheme.js';
import { compareIdentifiers } from '../semver/identifiers.js';
import { compareCore, comparePreRelease, parseSemver, type SemverVersion } from '../semver/index.js';

/**
 * Orders the way `package:pub_semver` does: SemVer precedence, then build
 * metadata, which pub (unlike SemVer) counts: a version with a build sorts above
 * the same version without, and builds compare like pre-releases (numeric parts
 * numerically and below text parts).
 */
export function comparePub(a: SemverVersion, b: SemverVersion): number {
  const c = compareCore(a, b) || comparePreRelease(a, b);
  if (c !== 0) return c;
  const aBuilt = a.build.nums.length !== 0;
  const bBuilt = b.build.nums.length !== 0;
  if (!aBuilt || !bBuilt) return aBuilt === bBuilt ? 0 : aBuilt ? 1 : -1;
  return compareIdentifiers(a.build, b.build);
}

/**
 * Dart pub versions: SemVer 2.0 syntax with pub's ordering, in which build
 * metadata counts (`1.0.0 < 1.0.0+1 < 1.0.0+2`). Parsing has the same OSV
 * tolerances as the `semver` scheme (leading `v`, short or long cores, big numbers).
 */
export const scheme: VersionScheme<SemverVersion> = {
  id: 'pub',
  displayName: 'Dart pub',
  urls: ['https://dart.dev/tools/pub/versioning', 'https://pub.dev/documentation/pub_semver/latest/pub_semver/Version/compareTo.html'],
  parse: parseSemver,
  compare: comparePub,
};
