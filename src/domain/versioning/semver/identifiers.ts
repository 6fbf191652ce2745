import * as characters from '../characters.js';
import * as segments from '../segments.js';
import { MAX_EXACT, exactDigits, readNumber } from './numbers.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isDigit, isLetter } = characters;
const { compareDigits } = segments;

/**
 * Dot-separated identifiers (`alpha.1`, `beta.x.7`), as SemVer pre-releases and
 * builds, pub builds and NuGet release labels write them. Kept as parallel arrays so
 * comparing touches numbers first and never allocates.
 */
export interface Identifiers {
  /** Each identifier's numeric value, or -1 for an identifier that is not all digits. */
  readonly nums: readonly number[];
  /**
   * Each identifier's text for a non-numeric one; for a numeric one, its digits
   * when it exceeds `MAX_EXACT` (to break ties exactly), otherwise ''.
   */
  readonly texts: readonly string[];
}

/** The empty list: a version without a pre-release or build. */
export const NO_IDENTIFIERS: Identifiers = { nums: [], texts: [] };

/**
 * Reads `text[start, end)` as identifiers of `[0-9A-Za-z-]`, none empty.
 * `foldCase` lowercases non-numeric ones (NuGet compares labels case-insensitively).
 * Returns undefined when the text is not such a list.
 */
export function readIdentifiers(text: string, start: number, end: number, foldCase: boolean): Identifiers | undefined {
  if (start >= end) return undefined;
  const nums: number[] = [];
  const texts: string[] = [];
  let from = start;
  let numeric = true;
  for (let i = start; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) : 46;
    if (code === 46) {
      if (i === from) return undefined;
      if (numeric) {
        const value = readNumber(text, from, i);
        nums.push(value);
        texts.push(value > MAX_EXACT ? exactDigits(text, from, i) : '');
      } else {
        const id = text.slice(from, i);
        nums.push(-1);
        texts.push(foldCase ? id.toLowerCase() : id);
      }
      from = i + 1;
      numeric = true;
    } else if (!isDigit(code)) {
      if (code !== 45 && !isLetter(code)) return undefined;
      numeric = false;
    }
  }
  return { nums, texts };
}

/**
 * SemVer 2.0 precedence of two identifier lists (spec item 11.4): numeric ones
 * compare numerically and sort below non-numeric ones, which compare by ASCII;
 * when one list is a prefix of the other, the shorter sorts first.
 */
export function compareIdentifiers(a: Identifiers, b: Identifiers): number {
  return compareMixedIdentifiers(a, b, -1);
}

/**
 * Tuple order of two identifier lists: numeric identifiers by value, others by
 * ASCII, a prefix first. `numberVsText` (-1 or 1) is how a numeric identifier
 * orders against a non-numeric one: below in SemVer, above in PEP 440 local labels.
 */
export function compareMixedIdentifiers(a: Identifiers, b: Identifiers, numberVsText: number): number {
  const an = a.nums;
  const bn = b.nums;
  const length = an.length < bn.length ? an.length : bn.length;
  for (let i = 0; i < length; i++) {
    const x = an[i]!;
    const y = bn[i]!;
    if (x >= 0) {
      if (y < 0) return numberVsText;
      if (x !== y) return x < y ? -1 : 1;
      if (x > MAX_EXACT) {
        const c = compareDigits(a.texts[i]!, b.texts[i]!);
        if (c !== 0) return c;
      }
    } else {
      if (y >= 0) return -numberVsText;
      const s = a.texts[i]!;
      const t = b.texts[i]!;
      if (s !== t) return s < t ? -1 : 1;
    }
  }
  return an.length === bn.length ? 0 : an.length < bn.length ? -1 : 1;
}
