import * as characters from '../characters.js';
import * as segments from '../segments.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { digitsEnd, isDigit, isLowercase } = characters;
const { compareDecimal } = segments;

/*
 * Hand-written: a port of apk-tools' tokenizer and comparison (src/version.c, the
 * apk 2.14 / 3.x rewrite). No npm package implements apk ordering.
 * Grammar: number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}
 */

/** Token kinds, in the order apk uses to break ties between different kinds. */
const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;

/** Suffixes in order; those before NONE are pre-releases. */
const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];
const SUFFIX_NONE = 4;

/** A parsed apk version: its tokens as parallel arrays. */
export interface AlpineVersion {
  readonly kinds: readonly number[];
  /** A letter's char code or a suffix's rank; 0 for other kinds. */
  readonly ranks: readonly number[];
  /** The digits of a number token, or the hex of a commit hash; '' otherwise. */
  readonly texts: readonly string[];
}

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102);
}

/** The rank of the suffix word `text[start, end)`, or -1 if apk does not know it. */
function suffixRank(text: string, start: number, end: number): number {
  for (let rank = 0; rank < SUFFIXES.length; rank++) {
    const name = SUFFIXES[rank]!;
    if (rank !== SUFFIX_NONE && name.length === end - start && text.startsWith(name, start)) return rank;
  }
  return -1;
}

function parse(text: string): ParseResult<AlpineVersion> {
  let end = digitsEnd(text, 0);
  if (end === 0) return unparseable(text, 'must start with a digit');
  const kinds: number[] = [INITIAL_DIGIT];
  const ranks: number[] = [0];
  const texts: string[] = [text.slice(0, end)];
  let kind = INITIAL_DIGIT;
  let i = end;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let rank = 0;
    let value = '';
    if (isLowercase(code)) {
      if (kind > DIGIT) return unparseable(text, `letter "${text[i]}" out of place`);
      kind = LETTER;
      rank = code;
      i++;
    } else if (code === 46 || isDigit(code)) {
      // Legacy versions such as 6.6.2p1 put digits right after the letter (apk before 2.12 allowed it).
      if (code === 46 ? kind > DIGIT : kind !== LETTER && kind !== SUFFIX) {
        return unparseable(text, `"${text[i]}" out of place`);
      }
      const start = code === 46 ? i + 1 : i;
      end = digitsEnd(text, start);
      if (end === start) return unparseable(text, 'a dot must be followed by digits');
      kind = kind === SUFFIX ? SUFFIX_NO : DIGIT;
      value = text.slice(start, end);
      i = end;
    } else if (code === 95) {
      if (kind > SUFFIX_NO) return unparseable(text, 'suffix out of place');
      end = i + 1;
      while (end < text.length && isLowercase(text.charCodeAt(end))) end++;
      rank = suffixRank(text, i + 1, end);
      if (rank < 0) return unparseable(text, `unknown suffix "${text.slice(i, end)}"`);
      kind = SUFFIX;
      i = end;
    } else if (code === 126) {
      if (kind >= COMMIT_HASH) return unparseable(text, 'commit hash out of place');
      end = i + 1;
      while (end < text.length && isHex(text.charCodeAt(end))) end++;
      if (end === i + 1) return unparseable(text, 'empty commit hash');
      kind = COMMIT_HASH;
      value = text.slice(i + 1, end);
      i = end;
    } else if (code === 45 && text.charCodeAt(i + 1) === 114) {
      if (kind >= REVISION_NO) return unparseable(text, 'second revision');
      end = digitsEnd(text, i + 2);
      if (end === i + 2) return unparseable(text, '-r must be followed by digits');
      kind = REVISION_NO;
      value = text.slice(i + 2, end);
      i = end;
    } else {
      return unparseable(text, `unexpected "${text[i]}"`);
    }
    kinds.push(kind);
    ranks.push(rank);
    texts.push(value);
  }
  return parsed({ kinds, ranks, texts });
}

/** Byte order, then the shorter first: apk's blob sort. */
function compareStrings(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareToken(a: AlpineVersion, b: AlpineVersion, k: number, kind: number): number {
  const at = a.texts[k]!;
  const bt = b.texts[k]!;
  switch (kind) {
    case DIGIT:
      // A leading zero makes the part a decimal fraction of sorts: apk compares it as a string.
      if (at.charCodeAt(0) === 48 || bt.charCodeAt(0) === 48) return compareStrings(at, bt);
      return compareDecimal(at, bt);
    case INITIAL_DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      return compareDecimal(at, bt);
    case COMMIT_HASH:
      return compareStrings(at, bt);
    default: {
      const d = a.ranks[k]! - b.ranks[k]!;
      return d === 0 ? 0 : d < 0 ? -1 : 1;
    }
  }
}

function compare(a: AlpineVersion, b: AlpineVersion): number {
  const n = Math.min(a.kinds.length, b.kinds.length);
  let k = 0;
  for (; k < n; k++) {
    const kind = a.kinds[k]!;
    if (kind !== b.kinds[k]) break;
    const c = compareToken(a, b, k, kind);
    if (c !== 0) return c;
  }
  const ak = k < a.kinds.length ? a.kinds[k]! : END;
  const bk = k < b.kinds.length ? b.kinds[k]! : END;
  if (ak === bk) return 0;
  // Equal so far: the longer one is newer, unless what follows is a pre-release suffix.
  if (ak === SUFFIX && a.ranks[k]! < SUFFIX_NONE) return -1;
  if (bk === SUFFIX && b.ranks[k]! < SUFFIX_NONE) return 1;
  return ak > bk ? -1 : 1;
}

/** apk version ordering (Alpine and other apk-based distributions). */
export const scheme: VersionScheme<AlpineVersion> = {
  id: 'alpine',
  displayName: 'apk (Alpine)',
  urls: [
    'https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c',
    'https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/doc/apk-package.5.scd',
    'https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver',
  ],
  parse,
  compare,
};
