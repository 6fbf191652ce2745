import * as characters from '../characters.js';
import * as segments from '../segments.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { digitsEnd, isDigit, isLetter, lettersEnd } = characters;
const { canonicalDigits, compareDigits } = segments;

/*
 * Hand-written: PHP's version_compare (ext/standard/versioning.c) has no maintained
 * npm port that matches it and OSV. OSV (osv.dev, osv-scalibr) compares Packagist
 * versions with version_compare after dropping a leading `v`, and so does this.
 */

/** Weight of a numeric part: the same as the special form `#`. */
const NUMBER_WEIGHT = 4;

/**
 * A parsed Packagist version: its canonical parts. `weights[i]` orders part i
 * (NUMBER_WEIGHT for numbers and `#`); `digits[i]` is a number's digits without
 * leading zeros, or '' for a word or `#`, so numbers of any size compare exactly.
 */
export interface PackagistVersion {
  readonly weights: readonly number[];
  readonly digits: readonly string[];
}

/**
 * PHP's special forms: unknown < dev < alpha = a < beta = b < RC = rc < # < pl = p,
 * matched as case-sensitive prefixes (so `patch` is `p`, `build` is `b`). As prefixes,
 * `alpha`, `beta` and `pl` add nothing to `a`, `b` and `p`.
 */
function specialWeight(text: string, start: number, end: number): number {
  const c = text.charCodeAt(start);
  if (c === 100 && end - start >= 3 && text.startsWith('dev', start)) return 0;
  if (c === 97) return 1;
  if (c === 98) return 2;
  if ((c === 82 || c === 114) && end - start >= 2 && text.startsWith(c === 82 ? 'RC' : 'rc', start)) return 3;
  if (c === 112) return 5;
  return -1;
}

/**
 * Splits into PHP's canonical parts: `-`, `_`, `+` and any other non-alphanumeric
 * character separate parts (runs count once), and so does every switch between
 * digits and non-digits (`1.0rc1` is 1, 0, rc, 1). `#` is a part of its own: OSV
 * reads it as PHP's documented special form between rc and pl.
 */
function parse(text: string): ParseResult<PackagistVersion> {
  // OSV and Composer drop one leading v; PHP's version_compare alone would not.
  const first = text.charCodeAt(0);
  let i = first === 118 || first === 86 ? 1 : 0;
  if (i >= text.length) return unparseable(text, 'empty version');
  const weights: number[] = [];
  const digits: string[] = [];
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code === 127) return unparseable(text, 'whitespace or control character');
    if (isDigit(code)) {
      const start = i;
      i = digitsEnd(text, i);
      weights.push(NUMBER_WEIGHT);
      digits.push(canonicalDigits(text, start, i));
    } else if (code === 35) {
      weights.push(NUMBER_WEIGHT);
      digits.push('');
      i++;
    } else if (isLetter(code)) {
      const start = i;
      i = lettersEnd(text, i);
      weights.push(specialWeight(text, start, i));
      digits.push('');
    } else {
      i++;
    }
  }
  if (weights.length === 0) return unparseable(text, 'no digits or letters');
  return parsed({ weights, digits });
}

/** The parts left over on the longer side count as greater if numeric, else against `#`. */
function compareTail(v: PackagistVersion, from: number): number {
  for (let i = from; i < v.weights.length; i++) {
    if (v.digits[i] !== '') return 1;
    const w = v.weights[i]!;
    if (w !== NUMBER_WEIGHT) return w < NUMBER_WEIGHT ? -1 : 1;
  }
  return 0;
}

function compare(a: PackagistVersion, b: PackagistVersion): number {
  const n = Math.min(a.weights.length, b.weights.length);
  for (let i = 0; i < n; i++) {
    const aw = a.weights[i]!;
    const bw = b.weights[i]!;
    if (aw !== bw) return aw < bw ? -1 : 1;
    // Both numeric: by value. A literal `#` ties with any number, as in OSV.
    if (aw === NUMBER_WEIGHT && a.digits[i] !== '' && b.digits[i] !== '') {
      const c = compareDigits(a.digits[i]!, b.digits[i]!);
      if (c !== 0) return c;
    }
  }
  if (a.weights.length > n) return compareTail(a, n);
  if (b.weights.length > n) return -compareTail(b, n);
  return 0;
}

/** PHP version_compare ordering, as OSV applies it to Packagist (Composer) versions. */
export const scheme: VersionScheme<PackagistVersion> = {
  id: 'packagist',
  displayName: 'PHP version_compare (Packagist)',
  urls: [
    'https://www.php.net/manual/en/function.version-compare.php',
    'https://github.com/php/php-src/blob/master/ext/standard/versioning.c',
    'https://github.com/google/osv-scalibr/blob/main/semantic/version-packagist.go',
  ],
  parse,
  compare,
};
