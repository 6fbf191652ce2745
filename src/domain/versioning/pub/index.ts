import type { ParseResult, VersionScheme } from '../version-scheme.js';
import { compareKeys } from '../sort-key.js';
import { parseSemverKey } from '../semver/index.js';

/**
 * Orders the way `package:pub_semver` does: SemVer precedence, then build
 * metadata, which pub (unlike SemVer) counts: a version with a build sorts above
 * the same version without, and builds compare like pre-releases (numeric parts
 * numerically and below text parts). The `semver` key with its build identifiers
 * appended has that order: a key without them is a prefix of one with them.
 */
function parse(text: string): ParseResult<string> {
  return parseSemverKey(text, true);
}

/**
 * Dart pub versions: SemVer 2.0 syntax with pub's ordering, in which build
 * metadata counts (`1.0.0 < 1.0.0+1 < 1.0.0+2`). Parsing has the same OSV
 * tolerances as the `semver` scheme (leading `v`, short or long cores, big numbers).
 */
export const scheme: VersionScheme<string> = {
  id: 'pub',
  displayName: 'Dart pub',
  urls: ['https://dart.dev/tools/pub/versioning', 'https://pub.dev/documentation/pub_semver/latest/pub_semver/Version/compareTo.html'],
  parse,
  compare: compareKeys,
};
