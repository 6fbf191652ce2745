import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';
import * as characters from '../characters.js';
import { NO_IDENTIFIERS, compareMixedIdentifiers, type Identifiers } from '../semver/identifiers.js';
import { MAX_EXACT, compareTie, exactDigits, readNumber } from '../semver/numbers.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isDigit, isLetter, isLowercase } = characters;

/**
 * A parsed Python package version: the fields of `packaging`'s comparison key.
 * A legacy version (pre-PEP 440) has epoch -1 and its setuptools key in `legacy`.
 */
export interface PypiVersion {
  /** The epoch (`2!1.0`), 0 when absent; -1 for a legacy version, so it sorts before every PEP 440 one. */
  readonly epoch: number;
  /** Release numbers with trailing zeros removed (`1.0` and `1` are equal). */
  readonly release: readonly number[];
  /** 0: dev release with no pre or post (sorts before any pre-release); 1 a, 2 b, 3 rc; 4: no pre-release. */
  readonly preRank: number;
  /** The pre-release number, 0 when there is none. */
  readonly preNumber: number;
  /** The post-release number, -1 when there is none. */
  readonly post: number;
  /** The dev-release number, Infinity when there is none. */
  readonly dev: number;
  /** Local label parts, lowercased (`+ubuntu.1`); empty when absent. Numbers sort above text. */
  readonly local: Identifiers;
  /** Exact digits of numbers above `MAX_EXACT`: slot 0 epoch, 1 pre, 2 post, 3 dev, 4+i release[i]. */
  readonly digits: readonly (string | undefined)[] | undefined;
  /** setuptools' legacy key for a version PEP 440 cannot read; undefined for PEP 440 versions. */
  readonly legacy: readonly string[] | undefined;
}

/** Pre-release ranks (0, a bare dev release, is set after scanning). */
const PRE_A = 1;
const PRE_B = 2;
const PRE_RC = 3;
const NO_PRE = 4;

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

/** True when `text` has `word` (lowercase ASCII) at `at`, ignoring case. */
function hasWord(text: string, at: number, end: number, word: string): boolean {
  if (at + word.length > end) return false;
  for (let k = 0; k < word.length; k++) {
    // `| 0x20` lowercases ASCII letters and can only turn A-Z into a-z, so no other character passes.
    if ((text.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Pre-release spellings, longest first so `alpha` is not read as `a` + `lpha`. */
const PRE_LABELS: readonly (readonly [string, number])[] = [
  ['preview', PRE_RC],
  ['alpha', PRE_A],
  ['beta', PRE_B],
  ['pre', PRE_RC],
  ['rc', PRE_RC],
  ['a', PRE_A],
  ['b', PRE_B],
  ['c', PRE_RC],
];

/** The spellings alone, in the same order, for the scanner. */
const PRE_WORDS: readonly string[] = PRE_LABELS.map(([word]) => word);

/** Post-release spellings, longest first. */
const POST_LABELS: readonly string[] = ['post', 'rev', 'r'];

/** The one dev-release spelling. */
const DEV_LABEL: readonly string[] = ['dev'];

/**
 * A scanner for PEP 440's grammar (packaging's `VERSION_PATTERN`), written by hand:
 * no JS library implements PEP 440 in full, and one pass over character codes is
 * faster than the regex and allocates little besides the result. Where the regex has
 * optional separators, the scanner takes them greedily; no later group can need
 * a separator an earlier one took, so it accepts exactly what the regex accepts.
 */
class Pep440Scanner {
  i: number;
  digits: (string | undefined)[] | undefined;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.i = start;
  }

  /** Reads a run of digits as a number, remembering exact digits in `slot`; -1 if there is none. */
  number(slot: number): number {
    const { text, end } = this;
    const from = this.i;
    while (this.i < end && isDigit(text.charCodeAt(this.i))) this.i++;
    if (this.i === from) return -1;
    const value = readNumber(text, from, this.i);
    if (value > MAX_EXACT) (this.digits ??= [])[slot] = exactDigits(text, from, this.i);
    return value;
  }

  /** `[-_.]?` then one of `words`; returns the word's index and moves past it, or -1 leaving the position. */
  label(words: readonly string[]): number {
    let at = this.i;
    if (at < this.end && isSeparator(this.text.charCodeAt(at))) at++;
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      if (hasWord(this.text, at, this.end, word)) {
        this.i = at + word.length;
        return w;
      }
    }
    return -1;
  }

  /** `[-_.]?[0-9]*` after a label: the number, 0 when it is implicit. */
  labelNumber(slot: number): number {
    if (this.i < this.end && isSeparator(this.text.charCodeAt(this.i))) this.i++;
    const n = this.number(slot);
    return n < 0 ? 0 : n;
  }

  /** The local label after `+`: `[a-z0-9]+([-_.][a-z0-9]+)*`; undefined if malformed. */
  local(): Identifiers | undefined {
    const { text, end } = this;
    const nums: number[] = [];
    const texts: string[] = [];
    for (;;) {
      const from = this.i;
      let numeric = true;
      while (this.i < end) {
        const code = text.charCodeAt(this.i);
        if (isDigit(code)) this.i++;
        else if (isLetter(code)) {
          numeric = false;
          this.i++;
        } else break;
      }
      if (this.i === from) return undefined;
      if (numeric) {
        const value = readNumber(text, from, this.i);
        nums.push(value);
        texts.push(value > MAX_EXACT ? exactDigits(text, from, this.i) : '');
      } else {
        nums.push(-1);
        texts.push(text.slice(from, this.i).toLowerCase());
      }
      if (this.i < end && isSeparator(text.charCodeAt(this.i))) this.i++;
      else return { nums, texts };
    }
  }
}

/** Reads `text` as PEP 440, or returns undefined. */
function parsePep440(text: string): PypiVersion | undefined {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  if (start < end && (text.charCodeAt(start) | 0x20) === 118) start++;
  const s = new Pep440Scanner(text, start, end);

  let epoch = 0;
  let afterDigits = start;
  while (afterDigits < end && isDigit(text.charCodeAt(afterDigits))) afterDigits++;
  if (afterDigits < end && text.charCodeAt(afterDigits) === 33) {
    epoch = s.number(0);
    if (epoch < 0) return undefined;
    s.i++;
  }
  const first = s.number(4);
  if (first < 0) return undefined;
  const release = [first];
  while (s.i + 1 < end && text.charCodeAt(s.i) === 46 && isDigit(text.charCodeAt(s.i + 1))) {
    s.i++;
    release.push(s.number(4 + release.length));
  }

  let preRank = NO_PRE;
  let preNumber = 0;
  let post = -1;
  let dev = Infinity;
  let local = NO_IDENTIFIERS;
  if (s.i < end) {
    const pre = s.label(PRE_WORDS);
    if (pre >= 0) {
      preRank = PRE_LABELS[pre]![1];
      preNumber = s.labelNumber(1);
    }
    if (s.i + 1 < end && text.charCodeAt(s.i) === 45 && isDigit(text.charCodeAt(s.i + 1))) {
      s.i++;
      post = s.number(2);
    } else if (s.label(POST_LABELS) >= 0) {
      post = s.labelNumber(2);
    }
    if (s.label(DEV_LABEL) >= 0) dev = s.labelNumber(3);
    if (s.i < end && text.charCodeAt(s.i) === 43) {
      s.i++;
      const parts = s.local();
      if (parts === undefined) return undefined;
      local = parts;
    }
    if (s.i !== end) return undefined;
  }

  // packaging's key: a bare dev release sorts before every pre-release of its release.
  if (preRank === NO_PRE && post < 0 && dev !== Infinity) preRank = 0;
  let kept = release.length;
  while (kept > 0 && release[kept - 1] === 0) kept--;
  if (kept !== release.length) release.length = kept;
  return { epoch, release, preRank, preNumber, post, dev, local, digits: s.digits, legacy: undefined };
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
 * and zeros before a tag.
 */
function legacyKey(text: string): string[] {
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
  return parts;
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
 * leading zeros, any size of number). Anything else that is printable ASCII without
 * spaces (`0.9-doduo`, `2013-01-21T20:33:09+0100`, `trunk`: PyPI still serves such
 * releases) is a legacy version, ordered as pip ordered it before packaging 22 and
 * as osv.dev still does: below every PEP 440 version. Other text is unparseable.
 */
export function parsePypi(text: string): ParseResult<PypiVersion> {
  const version = parsePep440(text);
  if (version !== undefined) return parsed(version);
  if (!isLegacyText(text)) return unparseable(text, 'not PEP 440, and not a legacy version (needs printable ASCII, no spaces)');
  return parsed({
    epoch: -1,
    release: [],
    preRank: NO_PRE,
    preNumber: 0,
    post: -1,
    dev: Infinity,
    local: NO_IDENTIFIERS,
    digits: undefined,
    legacy: legacyKey(text),
  });
}

/** Orders two number fields, with exact digits from `slot` for ties above `MAX_EXACT`. */
function compareField(x: number, y: number, a: PypiVersion, b: PypiVersion, slot: number): number {
  if (x !== y) return x < y ? -1 : 1;
  return x > MAX_EXACT ? compareTie(a.digits?.[slot], b.digits?.[slot]) : 0;
}

/** Tuple order of legacy keys. */
function compareLegacy(a: readonly string[], b: readonly string[]): number {
  const length = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < length; i++) {
    const s = a[i]!;
    const t = b[i]!;
    if (s !== t) return s < t ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * `packaging.version` order: epoch, release (zero-padded), pre-release (a bare dev
 * release first, no pre-release last), post-release (none first), dev release (none
 * last), local label (none first). Legacy versions sort first, by their own key.
 */
export function comparePypi(a: PypiVersion, b: PypiVersion): number {
  if (a.legacy !== undefined || b.legacy !== undefined) {
    if (a.legacy === undefined) return 1;
    if (b.legacy === undefined) return -1;
    return compareLegacy(a.legacy, b.legacy);
  }
  let c = compareField(a.epoch, b.epoch, a, b, 0);
  if (c !== 0) return c;
  const ar = a.release;
  const br = b.release;
  const length = ar.length < br.length ? ar.length : br.length;
  for (let i = 0; i < length; i++) {
    c = compareField(ar[i]!, br[i]!, a, b, 4 + i);
    if (c !== 0) return c;
  }
  // Trailing zeros are gone, so the longer release is the greater one.
  if (ar.length !== br.length) return ar.length < br.length ? -1 : 1;
  if (a.preRank !== b.preRank) return a.preRank < b.preRank ? -1 : 1;
  if (a.preRank !== NO_PRE && a.preRank !== 0) {
    c = compareField(a.preNumber, b.preNumber, a, b, 1);
    if (c !== 0) return c;
  }
  c = compareField(a.post, b.post, a, b, 2) || compareField(a.dev, b.dev, a, b, 3);
  if (c !== 0) return c;
  // PEP 440 local labels: numeric parts compare numerically and above text parts; a prefix sorts first.
  return compareMixedIdentifiers(a.local, b.local, 1);
}

/** Python packages on PyPI, ordered by PEP 440 as `packaging` orders them. */
export const scheme: VersionScheme<PypiVersion> = {
  id: 'pypi',
  displayName: 'PEP 440 (PyPI)',
  urls: [
    'https://packaging.python.org/en/latest/specifications/version-specifiers/',
    'https://peps.python.org/pep-0440/',
    'https://github.com/pypa/packaging/blob/21.3/packaging/version.py',
  ],
  parse: parsePypi,
  compare: comparePypi,
};
