import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';
import * as characters from '../characters.js';
import { MAX_EXACT, compareTie, exactDigits, readNumber } from '../semver/numbers.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isDigit, isLetter } = characters;

/** A parsed RubyGems version, as `Gem::Version#canonical_segments`. */
export interface RubyGemsVersion {
  /** Each canonical segment's number, or -1 for a string segment (`a`, `beta`, `pre`). */
  readonly nums: readonly number[];
  /** Each string segment's text, or a number's exact digits above `MAX_EXACT`; '' otherwise. */
  readonly texts: readonly string[];
}

/** Ruby's `String#strip` set: NUL, tab, LF, VT, FF, CR, space. */
function isRubySpace(code: number): boolean {
  return code === 32 || code === 0 || (code >= 9 && code <= 13);
}

/**
 * Parses a gem version. Accepts `Gem::Version`'s pattern
 * `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?` with surrounding
 * whitespace, and one extension: letters may follow the first digits (`1beta`),
 * which osv-scalibr's fixtures compare although Ruby rejects them. An empty
 * string (Ruby reads it as `0`) is refused: in an advisory it is a mistake.
 *
 * Segments are what Ruby's `scan(/[0-9]+|[a-z]+/i)` finds after `-` becomes
 * `.pre.`; then trailing zeros go from the numeric run and from the string run
 * (`1.0.a.0` is `1.a`). Hand-written: one pass, no regex, no intermediate strings
 * for numbers.
 */
export function parseRubyGems(text: string): ParseResult<RubyGemsVersion> {
  let start = 0;
  let end = text.length;
  while (start < end && isRubySpace(text.charCodeAt(start))) start++;
  while (end > start && isRubySpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return unparseable(text, 'empty version');
  if (!isDigit(text.charCodeAt(start))) return unparseable(text, 'must start with a digit');

  const nums: number[] = [];
  const texts: string[] = [];
  let firstString = -1;
  let inPre = false;
  let segmentEmpty = true;
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      const from = i;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
      const value = readNumber(text, from, i);
      nums.push(value);
      texts.push(value > MAX_EXACT ? exactDigits(text, from, i) : '');
      segmentEmpty = false;
    } else if (isLetter(code)) {
      const from = i;
      while (i < end && isLetter(text.charCodeAt(i))) i++;
      if (firstString < 0) firstString = nums.length;
      nums.push(-1);
      texts.push(text.slice(from, i));
      segmentEmpty = false;
    } else if (code === 46) {
      if (segmentEmpty) return unparseable(text, 'empty segment');
      segmentEmpty = true;
      i++;
    } else if (code === 45) {
      // The first `-` opens the pre-release and needs text after it; later ones are part of that text.
      if (!inPre) {
        if (segmentEmpty) return unparseable(text, 'empty segment before "-"');
        inPre = true;
        segmentEmpty = true;
      } else segmentEmpty = false;
      if (firstString < 0) firstString = nums.length;
      nums.push(-1);
      texts.push('pre');
      i++;
    } else {
      return unparseable(text, `unexpected "${text.charAt(i)}" at position ${i}`);
    }
  }
  if (segmentEmpty) return unparseable(text, 'empty last segment');

  // canonical_segments: trailing zeros leave the string run, then the numeric run before it.
  let length = nums.length;
  const numericEnd = firstString < 0 ? length : firstString;
  if (firstString >= 0) while (length > firstString && nums[length - 1] === 0) length--;
  let keep = numericEnd;
  while (keep > 0 && nums[keep - 1] === 0) keep--;
  nums.length = length;
  texts.length = length;
  if (keep < numericEnd) {
    nums.splice(keep, numericEnd - keep);
    texts.splice(keep, numericEnd - keep);
  }
  return parsed({ nums, texts });
}

/**
 * `Gem::Version#<=>`: segment by segment, a missing segment counts as 0, a string
 * sorts below a number (so `1.0.a` < `1.0`), strings compare by bytes.
 */
export function compareRubyGems(a: RubyGemsVersion, b: RubyGemsVersion): number {
  const an = a.nums;
  const bn = b.nums;
  const length = an.length > bn.length ? an.length : bn.length;
  for (let i = 0; i < length; i++) {
    const x = i < an.length ? an[i]! : 0;
    const y = i < bn.length ? bn[i]! : 0;
    if (x !== y) {
      if (x < 0) return -1;
      if (y < 0) return 1;
      return x < y ? -1 : 1;
    }
    if (x < 0) {
      const s = a.texts[i]!;
      const t = b.texts[i]!;
      if (s !== t) return s < t ? -1 : 1;
    } else if (x > MAX_EXACT) {
      const c = compareTie(a.texts[i], b.texts[i]);
      if (c !== 0) return c;
    }
  }
  return 0;
}

/** RubyGems versions, ordered as `Gem::Version` orders them. */
export const scheme: VersionScheme<RubyGemsVersion> = {
  id: 'rubygems',
  displayName: 'RubyGems',
  urls: ['https://guides.rubygems.org/patterns/#semantic-versioning', 'https://github.com/rubygems/rubygems/blob/master/lib/rubygems/version.rb'],
  parse: parseRubyGems,
  compare: compareRubyGems,
};
