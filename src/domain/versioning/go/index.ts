import type { VersionScheme } from '../version-scheme.js';
import { compareKeys } from '../sort-key.js';
import { parseSemver } from '../semver/index.js';

/**
 * Go module versions. Go writes SemVer with a required `v` (`v1.2.3`,
 * `v2.0.0+incompatible`); OSV's Go records drop it (`1.2.3`), so both parse.
 * Pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`,
 * `v1.2.4-0.20191109021931-daa7c04131f5`, `v1.2.4-pre.0.20191109021931-daa7c04131f5`)
 * are ordinary pre-releases whose SemVer precedence is already the order Go gives
 * them, and `+incompatible` is build metadata, so ordering is SemVer precedence
 * and parsing is the `semver` scheme's, keys included.
 */
export const scheme: VersionScheme<string> = {
  id: 'go',
  displayName: 'Go modules',
  urls: ['https://go.dev/ref/mod#versions', 'https://go.dev/ref/mod#pseudo-versions', 'https://pkg.go.dev/golang.org/x/mod/semver'],
  parse: parseSemver,
  compare: compareKeys,
};
