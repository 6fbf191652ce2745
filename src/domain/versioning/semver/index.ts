import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';
import { NO_IDENTIFIERS, compareIdentifiers, readIdentifiers, type Identifiers } from './identifiers.js';
import * as characters from '../characters.js';
import { MAX_EXACT, compareTie, exactDigits, readNumber } from './numbers.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isDigit } = characters;

/** A parsed SemVer-like version: `[v]1.2.3-pre.1+build.5`. */
export interface SemverVersion {
  /** Numeric components, major first; missing ones count as 0 (`1.2` is `1.2.0`). */
  readonly core: readonly number[];
  /** Exact digits of core components above `MAX_EXACT`, by index; undefined when there are none. */
  readonly coreDigits: readonly (string | undefined)[] | undefined;
  /** Pre-release identifiers; empty for a release. */
  readonly pre: Identifiers;
  /** Build metadata identifiers; empty when absent. SemVer precedence ignores them, pub does not. */
  readonly build: Identifiers;
}

/**
 * Parses a SemVer 2.0 version with OSV's tolerances: an optional leading `v`,
 * any number of core components (`1` and `1.2` pad with zeros, as osv.dev's and
 * osv-scalibr's coercion do; a fourth is compared like the others), leading zeros,
 * and numbers of any size.
 *
 * Hand-written rather than the `semver` package: that one rejects `1.2`, `v`-less
 * shorthand, five components and numbers above 2^53 (all in osv-scalibr's fixtures
 * and real advisories), and builds a class instance through a regex per parse,
 * which is slower than one pass over the characters.
 */
export function parseSemver(text: string): ParseResult<SemverVersion> {
  const length = text.length;
  let i = length > 0 && text.charCodeAt(0) === 118 ? 1 : 0;
  const core: number[] = [];
  let coreDigits: (string | undefined)[] | undefined;
  for (;;) {
    const start = i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return unparseable(text, core.length === 0 ? 'expected a number' : 'empty version component');
    const value = readNumber(text, start, i);
    if (value > MAX_EXACT) (coreDigits ??= [])[core.length] = exactDigits(text, start, i);
    core.push(value);
    if (i < length && text.charCodeAt(i) === 46) i++;
    else break;
  }
  let pre = NO_IDENTIFIERS;
  let build = NO_IDENTIFIERS;
  if (i < length && text.charCodeAt(i) === 45) {
    let end = text.indexOf('+', i + 1);
    if (end < 0) end = length;
    const ids = readIdentifiers(text, i + 1, end, false);
    if (ids === undefined) return unparseable(text, 'pre-release must be non-empty dot-separated [0-9A-Za-z-] identifiers');
    pre = ids;
    i = end;
  }
  if (i < length && text.charCodeAt(i) === 43) {
    const ids = readIdentifiers(text, i + 1, length, false);
    if (ids === undefined) return unparseable(text, 'build metadata must be non-empty dot-separated [0-9A-Za-z-] identifiers');
    build = ids;
    i = length;
  }
  if (i !== length) return unparseable(text, `unexpected "${text.charAt(i)}" at position ${i}`);
  return parsed({ core, coreDigits, pre, build });
}

/** Orders the numeric cores, padding the shorter with zeros. */
export function compareCore(a: SemverVersion, b: SemverVersion): number {
  const ac = a.core;
  const bc = b.core;
  const shared = ac.length < bc.length ? ac.length : bc.length;
  for (let i = 0; i < shared; i++) {
    const x = ac[i]!;
    const y = bc[i]!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > MAX_EXACT) {
      const c = compareTie(a.coreDigits?.[i], b.coreDigits?.[i]);
      if (c !== 0) return c;
    }
  }
  for (let i = shared; i < ac.length; i++) if (ac[i] !== 0) return 1;
  for (let i = shared; i < bc.length; i++) if (bc[i] !== 0) return -1;
  return 0;
}

/** Orders pre-releases: a release sorts above any pre-release of the same core. */
export function comparePreRelease(a: SemverVersion, b: SemverVersion): number {
  const aRelease = a.pre.nums.length === 0;
  const bRelease = b.pre.nums.length === 0;
  if (aRelease || bRelease) return aRelease === bRelease ? 0 : aRelease ? 1 : -1;
  return compareIdentifiers(a.pre, b.pre);
}

/** SemVer 2.0 precedence: core, then pre-release; build metadata never counts. */
export function compareSemver(a: SemverVersion, b: SemverVersion): number {
  return compareCore(a, b) || comparePreRelease(a, b);
}

/**
 * SemVer 2.0, as OSV `SEMVER` ranges and npm, crates.io, Hex, Bitnami, Julia,
 * SwiftURL and GitHub Actions use it. Build metadata does not affect order
 * (`1.0.0+a` equals `1.0.0+b`), as the spec and OSV's reference matcher say.
 */
export const scheme: VersionScheme<SemverVersion> = {
  id: 'semver',
  displayName: 'SemVer 2.0',
  urls: ['https://semver.org/spec/v2.0.0.html', 'https://ossf.github.io/osv-schema/#affectedrangestype-field'],
  parse: parseSemver,
  compare: compareSemver,
};
