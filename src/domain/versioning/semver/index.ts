import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';
import * as characters from '../characters.js';
import { MAX_KEY_DIGITS, compareKeys, numberKey } from '../sort-key.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isDigit, isLetter } = characters;

/*
 * Parsing yields an order-preserving key (see ../sort-key.ts), built in one pass.
 * The core comes first, a `numberKey` per component but without trailing zero
 * components, so `1.2`, `1.2.0` and `1.2.0.0` share a key, and a shorter core's
 * next tag meets a further number, which it sorts below as a missing 0 should.
 * Then either the pre-release identifiers closed by END, or RELEASE, above the
 * identifier tags so that a release follows its pre-releases. Pub appends the
 * build identifiers after that; SemVer and Go drop them, as builds do not count.
 * An identifier is NUMERIC and a `numberKey`, or TEXT and its characters: numbers
 * sort below text, END puts a list before its extensions, and the tag that follows
 * a text (below every identifier character) makes a shorter text sort first.
 */
const END = '\u0001';
const NUMERIC = '\u0002';
const TEXT = '\u0003';
const RELEASE = '\u0004';

/*
 * Most numbers are short: their pieces come from tables cut from `numberKey`'s own
 * output (so the layout stays its own), and a parse concatenates constants and
 * slices rather than building each piece.
 */
interface NumberPieces {
  /** What precedes each piece: NUMERIC for an identifier, nothing in the core. */
  readonly prefix: string;
  /** The whole piece of each number below `SMALL`, by value. */
  readonly small: readonly string[];
  /** The piece up to the digits, by digit count up to `SHORT`. */
  readonly units: readonly string[];
}
const SMALL = 100;
const SHORT = 20;

function numberPieces(prefix: string): NumberPieces {
  return {
    prefix,
    small: Array.from({ length: SMALL }, (_, n) => prefix + numberKey(String(n), 0, String(n).length)!),
    units: Array.from({ length: SHORT + 1 }, (_, n) => prefix + numberKey('1'.repeat(n), 0, n)!.charAt(0)),
  };
}
const CORE_NUMBER = numberPieces('');
const NUMERIC_IDENTIFIER = numberPieces(NUMERIC);
/** A zero core component, written only when a non-zero one follows. */
const ZERO = CORE_NUMBER.small[0]!;

/** `pieces.prefix` then `numberKey(text, start, end)`; undefined beyond `MAX_KEY_DIGITS` digits. */
function numberPiece(text: string, start: number, end: number, pieces: NumberPieces): string | undefined {
  while (start < end - 1 && text.charCodeAt(start) === 48) start++;
  const length = end - start;
  if (length <= 2) {
    let value = 0;
    for (let i = start; i < end; i++) value = value * 10 + text.charCodeAt(i) - 48;
    return pieces.small[value];
  }
  if (length <= SHORT) return pieces.units[length]! + text.slice(start, end);
  const digits = numberKey(text, start, end);
  return digits === undefined ? undefined : pieces.prefix + digits;
}

const PRE_RELEASE_ERROR = 'pre-release must be non-empty dot-separated [0-9A-Za-z-] identifiers';
const BUILD_ERROR = 'build metadata must be non-empty dot-separated [0-9A-Za-z-] identifiers';

function tooLong(text: string): ParseResult<string> {
  return unparseable(text, `a number longer than ${MAX_KEY_DIGITS} digits`);
}

/**
 * Parses a SemVer 2.0 version with OSV's tolerances into its key: an optional
 * leading `v`, any number of core components (`1` and `1.2` pad with zeros, as
 * osv.dev's and osv-scalibr's coercion do; a fourth is compared like the others),
 * leading zeros, and numbers of up to `MAX_KEY_DIGITS` digits. `withBuild` keeps
 * the build identifiers in the key, for pub's order.
 *
 * Hand-written rather than the `semver` package: that one rejects `1.2`, `v`-less
 * shorthand, five components and numbers above 2^53 (all in osv-scalibr's fixtures
 * and real advisories), and builds a class instance through a regex per parse,
 * which is slower than one pass over the characters.
 */
export function parseSemverKey(text: string, withBuild: boolean): ParseResult<string> {
  const length = text.length;
  const begin = length > 0 && text.charCodeAt(0) === 118 ? 1 : 0;
  let i = begin;
  let key = '';
  // Zero components not yet written: written before a non-zero one, dropped at the end of the core.
  let zeros = 0;
  for (;;) {
    const start = i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return unparseable(text, start === begin ? 'expected a number' : 'empty version component');
    const piece = numberPiece(text, start, i, CORE_NUMBER);
    if (piece === undefined) return tooLong(text);
    if (piece === ZERO) zeros++;
    else {
      for (; zeros > 0; zeros--) key += ZERO;
      key += piece;
    }
    if (i < length && text.charCodeAt(i) === 46) i++;
    else break;
  }
  if (i === length) return parsed(key + RELEASE);
  let pre = text.charCodeAt(i) === 45;
  if (!pre) {
    if (text.charCodeAt(i) !== 43) return unparseable(text, `unexpected "${text.charAt(i)}" at position ${i}`);
    key += RELEASE;
  }
  let encode = pre || withBuild;
  i++;
  // Identifiers to the end of the text: the pre-release's, up to a `+`, then the build's.
  for (;;) {
    const from = i;
    let numeric = true;
    let code = 0;
    for (; i < length; i++) {
      code = text.charCodeAt(i);
      if (isDigit(code)) continue;
      if (code !== 45 && !isLetter(code)) break;
      numeric = false;
    }
    if (i === from) return unparseable(text, pre ? PRE_RELEASE_ERROR : BUILD_ERROR);
    if (encode) {
      if (!numeric) key += TEXT + text.slice(from, i);
      else {
        const piece = numberPiece(text, from, i, NUMERIC_IDENTIFIER);
        if (piece === undefined) return tooLong(text);
        key += piece;
      }
    }
    if (i === length) break;
    if (code === 43 && pre) {
      key += END;
      pre = false;
      encode = withBuild;
    } else if (code !== 46) return unparseable(text, pre ? PRE_RELEASE_ERROR : BUILD_ERROR);
    i++;
  }
  return parsed(pre ? key + END : key);
}

/** The SemVer key of `text`, without build metadata (Go's too). */
export function parseSemver(text: string): ParseResult<string> {
  return parseSemverKey(text, false);
}

/**
 * SemVer 2.0, as OSV `SEMVER` ranges and npm, crates.io, Hex, Bitnami, Julia,
 * SwiftURL and GitHub Actions use it. Build metadata does not affect order
 * (`1.0.0+a` equals `1.0.0+b`), as the spec and OSV's reference matcher say.
 */
export const scheme: VersionScheme<string> = {
  id: 'semver',
  displayName: 'SemVer 2.0',
  urls: ['https://semver.org/spec/v2.0.0.html', 'https://ossf.github.io/osv-schema/#affectedrangestype-field'],
  parse: parseSemver,
  compare: compareKeys,
};
