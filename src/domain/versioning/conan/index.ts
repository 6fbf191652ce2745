import * as segments from '../segments.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { compareDigits } = segments;

/*
 * Hand-written: a port of Conan 2's Version model (conans/model/version.py since
 * 2.0.10, which splits the pre-release at the first hyphen), which is Python and has no
 * npm counterpart; the semver packages reject Conan's any-length, any-text versions and
 * ignore builds, which Conan orders.
 */

/**
 * Dot-separated items as Conan's `_VersionItem` reads them, in parallel arrays so
 * comparing never allocates. Trailing items that are the number 0 are dropped, as
 * Conan's `_nonzero_items` does (`1.0.0` is `1`).
 */
export interface ConanItems {
  /** Python's `str(item)`: a number's canonical digits (with `-` when negative), or the text itself. */
  readonly texts: readonly string[];
  /** 1 for a number of at least 0, -1 for a negative number, 0 for text. */
  readonly kinds: readonly number[];
}

/** A parsed Conan version: `main[-pre][+build]`, each part dot-separated items. */
export interface ConanVersion {
  readonly main: ConanItems;
  /** After the first `-` (before any build); undefined when absent. */
  readonly pre: ConanItems | undefined;
  /** After the last `+`; undefined when absent, which sorts before any build. */
  readonly build: ConanItems | undefined;
}

/** Python's `int()` on ASCII: an optional sign, digits, single underscores between digits. */
const PYTHON_INT = /^[+-]?[0-9]+(?:_[0-9]+)*$/;

/** Splits `text` at dots into items, reading each as a number when Python's int() would. */
function readItems(text: string): ConanItems {
  const texts: string[] = [];
  const kinds: number[] = [];
  for (const item of text.split('.')) {
    if (!PYTHON_INT.test(item)) {
      texts.push(item);
      kinds.push(0);
      continue;
    }
    const negative = item.charCodeAt(0) === 45;
    const digits = item.replace(/^[+-]/, '').replaceAll('_', '').replace(/^0+(?=.)/, '');
    if (negative && digits !== '0') {
      texts.push(`-${digits}`);
      kinds.push(-1);
    } else {
      texts.push(digits);
      kinds.push(1);
    }
  }
  let length = texts.length;
  while (length > 0 && kinds[length - 1] === 1 && texts[length - 1] === '0') length--;
  texts.length = length;
  kinds.length = length;
  return { texts, kinds };
}

/**
 * Conan compares any string. This refuses only what cannot be a version: empty
 * text, blanks, control and non-ASCII characters (Python and JavaScript order those
 * differently).
 */
function parse(text: string): ParseResult<ConanVersion> {
  if (text.length === 0) return unparseable(text, 'empty version');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code >= 127) return unparseable(text, 'whitespace, control or non-ASCII character');
  }
  const plus = text.lastIndexOf('+');
  const rest = plus >= 0 ? text.slice(0, plus) : text;
  // From the left: SemVer allows hyphens inside pre-release identifiers.
  const hyphen = rest.indexOf('-');
  return parsed({
    main: readItems(hyphen >= 0 ? rest.slice(0, hyphen) : rest),
    pre: hyphen >= 0 ? readItems(rest.slice(hyphen + 1)) : undefined,
    build: plus >= 0 ? readItems(text.slice(plus + 1)) : undefined,
  });
}

/**
 * `_VersionItem.__lt__`: numbers by value; otherwise (text with text, or a number
 * with text) as strings, the number as Python prints it.
 */
function compareItem(aText: string, aKind: number, bText: string, bKind: number): number {
  if (aKind !== 0 && bKind !== 0) {
    if (aKind !== bKind) return aKind < bKind ? -1 : 1;
    // Same sign: the canonical digits by magnitude (a negative text's `-` is on both sides).
    const c = compareDigits(aText, bText);
    return aKind < 0 ? -c : c;
  }
  return aText === bText ? 0 : aText < bText ? -1 : 1;
}

/** Python tuple order over the items: the first difference decides, a prefix sorts first. */
function compareItems(a: ConanItems, b: ConanItems): number {
  const length = a.texts.length < b.texts.length ? a.texts.length : b.texts.length;
  for (let i = 0; i < length; i++) {
    const c = compareItem(a.texts[i]!, a.kinds[i]!, b.texts[i]!, b.kinds[i]!);
    if (c !== 0) return c;
  }
  return a.texts.length === b.texts.length ? 0 : a.texts.length < b.texts.length ? -1 : 1;
}

/** Python's ordering of an optional qualifier: None sorts before any version. */
function compareOptional(a: ConanItems | undefined, b: ConanItems | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareItems(a, b);
}

/**
 * `Version.__lt__`: main items first; a pre-release sorts before the release with the
 * same main items; two pre-releases compare their pre-release, then their build; two
 * releases compare their build.
 */
function compare(a: ConanVersion, b: ConanVersion): number {
  const main = compareItems(a.main, b.main);
  if (main !== 0) return main;
  if (a.pre !== undefined && b.pre !== undefined) return compareItems(a.pre, b.pre) || compareOptional(a.build, b.build);
  if (a.pre !== undefined) return -1;
  if (b.pre !== undefined) return 1;
  return compareOptional(a.build, b.build);
}

/** Conan's version ordering (C and C++ packages on ConanCenter and Conan remotes). */
export const scheme: VersionScheme<ConanVersion> = {
  id: 'conan',
  displayName: 'Conan 2 (C/C++)',
  urls: [
    'https://docs.conan.io/2/tutorial/versioning/version_ranges.html#semantic-versioning',
    'https://github.com/conan-io/conan/blob/2.0.10/conans/model/version.py',
  ],
  parse,
  compare,
};
