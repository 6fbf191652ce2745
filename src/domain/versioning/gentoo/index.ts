import * as characters from '../characters.js';
import * as segments from '../segments.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { digitsEnd, isLowercase } = characters;
const { canonicalDigits, compareDecimal, compareDigits, compareSubstrings } = segments;

/*
 * Hand-written from the Package Manager Specification, section 3.3 (algorithms 3.1 to
 * 3.7), which Portage and pkgcore implement. No maintained npm package does; this one
 * keeps numbers as digit strings, so 30-digit components compare exactly without bigint.
 */

/** Suffix kinds in PMS order; a version without a suffix sits between `_rc` and `_p`. */
const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', 'p'] as const;
const P = 4;

/** A parsed Gentoo ebuild version: `1.2.3[a-z][_suffix[N]]...[-rN]`. */
export interface GentooVersion {
  /** The numeric components as written, leading zeros kept (they change the comparison). */
  readonly numbers: readonly string[];
  /** The letter's char code, or 0 when there is none. */
  readonly letter: number;
  /** Each suffix's kind, an index into alpha, beta, pre, rc, p. */
  readonly suffixKinds: readonly number[];
  /** Each suffix's number without leading zeros; "0" when absent. */
  readonly suffixNumbers: readonly string[];
  /** The revision without leading zeros; "0" when absent (`-r0` is no revision). */
  readonly revision: string;
}

/** PMS 3.2: one or more dot-separated numbers, a letter, suffixes, a revision; nothing else. */
function parse(text: string): ParseResult<GentooVersion> {
  const length = text.length;
  const numbers: string[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    i = digitsEnd(text, i);
    if (i === start) return unparseable(text, numbers.length === 0 ? 'expected a number' : 'empty number after "."');
    numbers.push(text.slice(start, i));
    if (text.charCodeAt(i) !== 46) break;
    i++;
  }
  let letter = 0;
  const code = text.charCodeAt(i);
  if (isLowercase(code)) {
    letter = code;
    i++;
  }
  const suffixKinds: number[] = [];
  const suffixNumbers: string[] = [];
  while (text.charCodeAt(i) === 95) {
    // `pre` is tried before `p`, so `_pre1` is never read as `_p` then `re1`.
    let kind = 0;
    while (kind < SUFFIXES.length && !text.startsWith(SUFFIXES[kind]!, i + 1)) kind++;
    if (kind === SUFFIXES.length) return unparseable(text, 'suffix must be _alpha, _beta, _pre, _rc or _p');
    i += 1 + SUFFIXES[kind]!.length;
    const start = i;
    i = digitsEnd(text, i);
    suffixKinds.push(kind);
    suffixNumbers.push(canonicalDigits(text, start, i));
  }
  let revision = '0';
  if (text.startsWith('-r', i)) {
    const start = i + 2;
    i = digitsEnd(text, start);
    if (i === start) return unparseable(text, 'revision "-r" needs a number');
    revision = canonicalDigits(text, start, i);
  }
  if (i !== length) return unparseable(text, `unexpected "${text.charAt(i)}" at position ${i}`);
  return parsed({ numbers, letter, suffixKinds, suffixNumbers, revision });
}

/** PMS algorithm 3.3: with a leading zero on either side, ASCII order without trailing zeros; else integers. */
function compareComponent(a: string, b: string): number {
  if (a.charCodeAt(0) !== 48 && b.charCodeAt(0) !== 48) return compareDecimal(a, b);
  let aEnd = a.length;
  let bEnd = b.length;
  while (aEnd > 0 && a.charCodeAt(aEnd - 1) === 48) aEnd--;
  while (bEnd > 0 && b.charCodeAt(bEnd - 1) === 48) bEnd--;
  return compareSubstrings(a, 0, aEnd, b, 0, bEnd);
}

/** PMS algorithm 3.2: the first component as an integer, the others by 3.3, then the longer wins. */
function compareNumbers(a: readonly string[], b: readonly string[]): number {
  const first = compareDecimal(a[0]!, b[0]!);
  if (first !== 0) return first;
  const shared = a.length < b.length ? a.length : b.length;
  for (let i = 1; i < shared; i++) {
    const c = compareComponent(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** PMS algorithms 3.5 and 3.6: suffix by suffix; an extra suffix is newer only when it is `_p`. */
function compareSuffixes(a: GentooVersion, b: GentooVersion): number {
  const ak = a.suffixKinds;
  const bk = b.suffixKinds;
  const shared = ak.length < bk.length ? ak.length : bk.length;
  for (let i = 0; i < shared; i++) {
    if (ak[i] !== bk[i]) return ak[i]! < bk[i]! ? -1 : 1;
    const c = compareDigits(a.suffixNumbers[i]!, b.suffixNumbers[i]!);
    if (c !== 0) return c;
  }
  if (ak.length > shared) return ak[shared] === P ? 1 : -1;
  if (bk.length > shared) return bk[shared] === P ? -1 : 1;
  return 0;
}

/** PMS algorithm 3.1: numbers, letter (none first), suffixes, revision. */
function compare(a: GentooVersion, b: GentooVersion): number {
  const c = compareNumbers(a.numbers, b.numbers);
  if (c !== 0) return c;
  if (a.letter !== b.letter) return a.letter < b.letter ? -1 : 1;
  return compareSuffixes(a, b) || compareDigits(a.revision, b.revision);
}

/** Gentoo's ebuild version ordering (Portage, pkgcore; also used by other PMS package managers). */
export const scheme: VersionScheme<GentooVersion> = {
  id: 'gentoo',
  displayName: 'PMS (Gentoo ebuild)',
  urls: [
    'https://projects.gentoo.org/pms/latest/pms.html',
    'https://devmanual.gentoo.org/ebuild-writing/file-format/',
  ],
  parse,
  compare,
};
