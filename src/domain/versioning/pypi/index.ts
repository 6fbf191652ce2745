import * as characters from '../characters.js';
import { MAX_KEY_DIGITS, compareKeys, numberKey } from '../sort-key.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isDigit, isLetter, isLowercase } = characters;

/*
 * Parsing yields an order-preserving key (see ../sort-key.ts), so matching orders
 * versions with one native string comparison instead of walking packaging's tuple.
 * The key spells out `_cmpkey`'s fields in order, each at a fixed position:
 *
 *   epoch        numberKey (0 when absent)
 *   release      a numberKey per number, trailing zeros dropped (`1.0` = `1`); the tag
 *                after it is below any numberKey, so `1` < `1.0.1` whatever follows
 *   pre-release  DEV_RELEASE (a dev release with no pre or post sorts below every
 *                pre-release), A, B or RC then the numberKey, or FINAL (none: above all)
 *   post         NO_POST (none sorts first), or POST then the numberKey
 *   dev          DEV then the numberKey, or NO_DEV (none sorts last)
 *   local        nothing (none sorts first, as a prefix); else per part LOCAL_TEXT then
 *                the lowercased text (the next tag, or the end, sorts under the longer
 *                text), or LOCAL_NUMBER (numbers above text) then the numberKey
 *
 * A legacy version starts with LEGACY, below any numberKey, so it sorts under every
 * PEP 440 version; setuptools' key parts follow, each closed by PART_END, under their
 * printable ASCII (so a part sorts before a longer one, as Python's tuples order them).
 * Tags meet only tags of their own position, so positions reuse the same code units.
 * All of it is ASCII or below, so keys stay one-byte strings.
 */
const DEV_RELEASE = '\u0001';
const PRE_A = '\u0002';
const PRE_B = '\u0003';
const PRE_RC = '\u0004';
const FINAL = '\u0005';
const NO_POST = '\u0001';
const POST = '\u0002';
const DEV = '\u0001';
const NO_DEV = '\u0002';
const LOCAL_TEXT = '\u0001';
const LOCAL_NUMBER = '\u0002';
const LEGACY = '\u0001';
const PART_END = '\u0001';

/** The key of the number 0 (and of an implicit number): the count 0, no digits. */
const ZERO = numberKey('0', 0, 1)!;
/** What follows the release of a plain final release, the most common version. */
const FINAL_SUFFIX = FINAL + NO_POST + NO_DEV;
/** Returned by `pep440Key` for a PEP 440 version with a number `numberKey` cannot encode. */
const TOO_LONG = '';

/** Python's `\s` for str patterns (packaging trims it around a version). */
function isPySpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    (code >= 0x1c && code <= 0x1f) ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** PEP 440's implicit separators between segments: `-`, `_`, `.`. */
function isSeparator(code: number): boolean {
  return code === 45 || code === 95 || code === 46;
}

/** The index just past the run of ASCII digits of `text[from, end)` that starts at `from`. */
function digitsEnd(text: string, from: number, end: number): number {
  while (from < end && isDigit(text.charCodeAt(from))) from++;
  return from;
}

/** True when `text` has `word` (lowercase ASCII) at `at`, ignoring case. */
function hasWord(text: string, at: number, end: number, word: string): boolean {
  if (at + word.length > end) return false;
  for (let k = 0; k < word.length; k++) {
    // `| 0x20` lowercases ASCII letters and can only turn A-Z into a-z, so no other character passes.
    if ((text.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** The index of the first of `words` that `text[at, end)` starts with, ignoring case; -1 if none. */
function wordAt(text: string, at: number, end: number, words: readonly string[]): number {
  for (let w = 0; w < words.length; w++) if (hasWord(text, at, end, words[w]!)) return w;
  return -1;
}

/** Pre-release spellings, longest first so `alpha` is not read as `a` + `lpha`; `PRE_TAGS` holds each one's tag. */
const PRE_WORDS: readonly string[] = ['preview', 'alpha', 'beta', 'pre', 'rc', 'a', 'b', 'c'];
const PRE_TAGS: readonly string[] = [PRE_RC, PRE_A, PRE_B, PRE_RC, PRE_RC, PRE_A, PRE_B, PRE_RC];

/** Post-release spellings, longest first. */
const POST_WORDS: readonly string[] = ['post', 'rev', 'r'];

/** The one dev-release spelling. */
const DEV_WORDS: readonly string[] = ['dev'];

/**
 * The key of `text` read as PEP 440 (packaging's `VERSION_PATTERN`), undefined when
 * it is not PEP 440, or `TOO_LONG`. A scanner written by hand: no JS library
 * implements PEP 440 in full, and one pass over character codes is faster than the
 * regex and allocates little besides the key. Where the regex has optional
 * separators, the scanner takes them greedily; no later group can need a separator
 * an earlier one took, so it accepts exactly what the regex accepts.
 */
function pep440Key(text: string): string | undefined {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  if (start < end && (text.charCodeAt(start) | 0x20) === 118) start++;

  // A number too long for a key is only refused once the whole text proves to be PEP 440.
  let tooLong = false;
  let i = start;
  let to = digitsEnd(text, i, end);
  let key = ZERO;
  if (to < end && text.charCodeAt(to) === 33) {
    if (to === i) return undefined;
    const epoch = numberKey(text, i, to);
    if (epoch === undefined) tooLong = true;
    else key = epoch;
    i = to + 1;
    to = digitsEnd(text, i, end);
  }
  if (to === i) return undefined;
  // Zeros are held back until a nonzero number follows them, so trailing ones never enter the key.
  let zeros = 0;
  for (;;) {
    const n = numberKey(text, i, to);
    if (n === undefined) tooLong = true;
    else if (n.length === 1) zeros++;
    else {
      for (; zeros > 0; zeros--) key += ZERO;
      key += n;
    }
    i = to;
    if (i + 1 < end && text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) to = digitsEnd(text, ++i, end);
    else break;
  }
  if (i === end) return tooLong ? TOO_LONG : key + FINAL_SUFFIX;

  let pre = '';
  let post = '';
  let dev = '';
  let local = '';
  // `[-_.]?label[-_.]?[0-9]*` for the pre-release, the post-release and the dev release.
  let at = i < end && isSeparator(text.charCodeAt(i)) ? i + 1 : i;
  let w = wordAt(text, at, end, PRE_WORDS);
  if (w >= 0) {
    i = at + PRE_WORDS[w]!.length;
    if (i < end && isSeparator(text.charCodeAt(i))) i++;
    to = digitsEnd(text, i, end);
    const n = numberKey(text, i, to);
    if (n === undefined) tooLong = true;
    else pre = PRE_TAGS[w]! + n;
    i = to;
  }
  if (i + 1 < end && text.charCodeAt(i) === 45 && isDigit(text.charCodeAt(i + 1))) {
    // `1.0-1`: a post-release written as a bare number.
    to = digitsEnd(text, ++i, end);
    const n = numberKey(text, i, to);
    if (n === undefined) tooLong = true;
    else post = POST + n;
    i = to;
  } else {
    at = i < end && isSeparator(text.charCodeAt(i)) ? i + 1 : i;
    w = wordAt(text, at, end, POST_WORDS);
    if (w >= 0) {
      i = at + POST_WORDS[w]!.length;
      if (i < end && isSeparator(text.charCodeAt(i))) i++;
      to = digitsEnd(text, i, end);
      const n = numberKey(text, i, to);
      if (n === undefined) tooLong = true;
      else post = POST + n;
      i = to;
    }
  }
  at = i < end && isSeparator(text.charCodeAt(i)) ? i + 1 : i;
  if (wordAt(text, at, end, DEV_WORDS) === 0) {
    i = at + 3;
    if (i < end && isSeparator(text.charCodeAt(i))) i++;
    to = digitsEnd(text, i, end);
    const n = numberKey(text, i, to);
    if (n === undefined) tooLong = true;
    else dev = DEV + n;
    i = to;
  }
  if (i < end && text.charCodeAt(i) === 43) {
    // The local label: `[a-z0-9]+([-_.][a-z0-9]+)*`, case-insensitive.
    i++;
    for (;;) {
      const from = i;
      let numeric = true;
      for (; i < end; i++) {
        const code = text.charCodeAt(i);
        if (isDigit(code)) continue;
        if (!isLetter(code)) break;
        numeric = false;
      }
      if (i === from) return undefined;
      if (numeric) {
        const n = numberKey(text, from, i);
        if (n === undefined) tooLong = true;
        else local += LOCAL_NUMBER + n;
      } else {
        local += LOCAL_TEXT + text.slice(from, i).toLowerCase();
      }
      if (i < end && isSeparator(text.charCodeAt(i))) i++;
      else break;
    }
  }
  if (i !== end) return undefined;
  if (tooLong) return TOO_LONG;

  // packaging's key: a bare dev release sorts before every pre-release of its release.
  if (pre === '') pre = post === '' && dev !== '' ? DEV_RELEASE : FINAL;
  return key + pre + (post === '' ? NO_POST : post) + (dev === '' ? NO_DEV : dev) + local;
}

/** `_legacy_version_replacement_map` of packaging < 22. */
const LEGACY_REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ['pre', 'c'],
  ['preview', 'c'],
  ['rc', 'c'],
  ['dev', '@'],
]);

/**
 * packaging < 22's `_legacy_cmpkey` (setuptools' old `parse_version`): split the
 * lowercased text into digit runs, letter runs, `.`, `-` and the runs of anything
 * else; pad numbers to 8 digits, star the rest; drop `-` before a pre-release tag
 * and zeros before a tag. Returned as a key: LEGACY, then each part and PART_END.
 */
function legacyKey(text: string): string {
  const s = text.toLowerCase();
  const parts: string[] = [];
  const add = (part: string): void => {
    if (part.charCodeAt(0) === 42) {
      if (part < '*final') while (parts[parts.length - 1] === '*final-') parts.pop();
      while (parts[parts.length - 1] === '00000000') parts.pop();
    }
    parts.push(part);
  };
  let i = 0;
  while (i < s.length) {
    const from = i;
    const code = s.charCodeAt(i);
    if (code === 46) {
      i++;
    } else if (code === 45) {
      i++;
      add('*final-');
    } else if (isDigit(code)) {
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
      add(s.slice(from, i).padStart(8, '0'));
    } else if (isLowercase(code)) {
      while (i < s.length && isLowercase(s.charCodeAt(i))) i++;
      const word = s.slice(from, i);
      add('*' + (LEGACY_REPLACEMENTS.get(word) ?? word));
    } else {
      while (i < s.length) {
        const c = s.charCodeAt(i);
        if (c === 45 || c === 46 || isDigit(c) || isLowercase(c)) break;
        i++;
      }
      add('*' + s.slice(from, i));
    }
  }
  add('*final');
  return LEGACY + parts.join(PART_END) + PART_END;
}

/** Printable ASCII without spaces: what we accept as a legacy version. */
function isLegacyText(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/**
 * Parses a Python package version: PEP 440 with all its normalizations (case,
 * `v` prefix, surrounding whitespace, `alpha`/`c`/`pre`/`preview`/`rev`/`r`
 * spellings, `-`/`_`/`.` separators, implicit numbers, `1.0-1` as a post-release,
 * leading zeros, numbers of up to `MAX_KEY_DIGITS` digits). Anything else that is
 * printable ASCII without spaces (`0.9-doduo`, `2013-01-21T20:33:09+0100`, `trunk`:
 * PyPI still serves such releases) is a legacy version, ordered as pip ordered it
 * before packaging 22 and as osv.dev still does: below every PEP 440 version. Other
 * text is unparseable.
 */
export function parsePypi(text: string): ParseResult<string> {
  const key = pep440Key(text);
  if (key === TOO_LONG) return unparseable(text, `a number longer than ${MAX_KEY_DIGITS} digits`);
  if (key !== undefined) return parsed(key);
  if (!isLegacyText(text)) return unparseable(text, 'not PEP 440, and not a legacy version (needs printable ASCII, no spaces)');
  return parsed(legacyKey(text));
}

/**
 * Python packages on PyPI, ordered by PEP 440 as `packaging` orders them: epoch,
 * release (zero-padded), pre-release (a bare dev release first, no pre-release last),
 * post-release (none first), dev release (none last), local label (none first).
 * Legacy versions sort first, by their own key.
 */
export const scheme: VersionScheme<string> = {
  id: 'pypi',
  displayName: 'PEP 440 (PyPI)',
  urls: [
    'https://packaging.python.org/en/latest/specifications/version-specifiers/',
    'https://peps.python.org/pep-0440/',
    'https://github.com/pypa/packaging/blob/21.3/packaging/version.py',
  ],
  parse: parsePypi,
  compare: compareKeys,
};
