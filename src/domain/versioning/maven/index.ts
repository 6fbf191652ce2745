import * as characters from '../characters.js';
import * as segments from '../segments.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isDigit } = characters;
const { canonicalDigits, compareDigits } = segments;

/*
 * Hand-written: no maintained npm package implements Maven's ComparableVersion.
 * The rules follow osv-scalibr's Go port (semantic/version-maven.go), which OSV
 * tooling uses and which is checked against Maven's own ComparableVersion output.
 */

/** The separator before a token; the first token counts as `.`. */
const DOT = 0;
const DASH = 1;

/** Known qualifiers in order; any other qualifier ranks after them, alphabetically. */
const KEYWORDS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const UNKNOWN_RANK = KEYWORDS.length;
const RELEASE_RANK = KEYWORDS.indexOf('');

/** One token of a Maven version: a number or a lower-cased qualifier. */
interface MavenToken {
  readonly sep: number;
  readonly numeric: boolean;
  /** Padding added while comparing against a longer version. */
  readonly isNull: boolean;
  /** Digits without leading zeros, or the normalised qualifier. */
  readonly value: string;
  /** Position in KEYWORDS, or UNKNOWN_RANK (numbers included, as "0" is unknown there). */
  readonly rank: number;
}

/** A parsed Maven version: its tokens after trailing-null trimming. */
export interface MavenVersion {
  readonly tokens: readonly MavenToken[];
}

const NULL_NUMBER: MavenToken = { sep: DOT, numeric: true, isNull: true, value: '0', rank: UNKNOWN_RANK };
// `1.sp` sorts after `1`, so padding against `.sp` must be the empty qualifier, not 0.
const NULL_DOT_QUALIFIER: MavenToken = { sep: DOT, numeric: false, isNull: true, value: '', rank: RELEASE_RANK };
const NULL_DASH_QUALIFIER: MavenToken = { sep: DASH, numeric: false, isNull: true, value: '', rank: RELEASE_RANK };

function rankOf(value: string): number {
  const i = KEYWORDS.indexOf(value);
  return i < 0 ? UNKNOWN_RANK : i;
}

function numberToken(sep: number, text: string, start: number, end: number): MavenToken {
  return { sep, numeric: true, isNull: false, value: canonicalDigits(text, start, end), rank: UNKNOWN_RANK };
}

function qualifierToken(sep: number, raw: string, followedByNumber: boolean): MavenToken {
  let value = raw.toLowerCase();
  if (value === 'cr') value = 'rc';
  else if (value === 'ga' || value === 'final' || value === 'release') value = '';
  else if (followedByNumber) {
    // a1, b2, m3 are shorthands only when a number follows directly.
    if (value === 'a') value = 'alpha';
    else if (value === 'b') value = 'beta';
    else if (value === 'm') value = 'milestone';
  }
  return { sep, numeric: false, isNull: false, value, rank: rankOf(value) };
}

/** Splits `text[start, end)` (between `.`/`-` separators) at digit/non-digit transitions. */
function pushItem(text: string, start: number, end: number, sep: number, tokens: MavenToken[]): void {
  if (start === end) {
    // An empty item (`1..2`, `1-`) counts as 0.
    tokens.push({ sep, numeric: true, isNull: false, value: '0', rank: UNKNOWN_RANK });
    return;
  }
  let runStart = start;
  let runSep = sep;
  while (runStart < end) {
    const numeric = isDigit(text.charCodeAt(runStart));
    let runEnd = runStart + 1;
    while (runEnd < end && isDigit(text.charCodeAt(runEnd)) === numeric) runEnd++;
    tokens.push(
      numeric
        ? numberToken(runSep, text, runStart, runEnd)
        : qualifierToken(runSep, text.slice(runStart, runEnd), runEnd < end),
    );
    // A transition inside an item acts as a hyphen.
    runSep = DASH;
    runStart = runEnd;
  }
}

function isTrimmable(token: MavenToken): boolean {
  return token.value === '0' || token.value === '';
}

/** Removes null values (0, "", ga, final) at the end of every hyphen-delimited group, from the end. */
function trim(tokens: MavenToken[]): void {
  let i = tokens.length - 1;
  while (i > 0) {
    if (isTrimmable(tokens[i]!)) {
      tokens.splice(i, 1);
      i--;
      continue;
    }
    while (i >= 0 && tokens[i]!.sep !== DASH) i--;
    i--;
  }
}

function parse(text: string): ParseResult<MavenVersion> {
  if (text.length === 0) return unparseable(text, 'empty version');
  const tokens: MavenToken[] = [];
  let start = 0;
  let sep = DOT;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code === 127) return unparseable(text, 'whitespace or control character');
    if (code === 46 || code === 45) {
      pushItem(text, start, i, sep, tokens);
      sep = code === 46 ? DOT : DASH;
      start = i + 1;
    }
  }
  pushItem(text, start, text.length, sep, tokens);
  trim(tokens);
  return parsed({ tokens });
}

/** `.qualifier` < `-qualifier` < `-number` < `.number`, for tokens with different separators. */
function separatorOrder(token: MavenToken): number {
  if (token.numeric) return token.sep === DASH ? 2 : 3;
  return token.sep === DASH ? 1 : 0;
}

function compareTokens(a: MavenToken, b: MavenToken): number {
  if (a.sep !== b.sep) return separatorOrder(a) - separatorOrder(b);
  if (a.numeric && b.numeric) return compareDigits(a.value, b.value);
  // Numbers sort after qualifiers, except padding, which compares as the qualifier "0".
  if (a.numeric && !a.isNull) return 1;
  if (b.numeric && !b.isNull) return -1;
  if (a.rank === UNKNOWN_RANK && b.rank === UNKNOWN_RANK) return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
  return a.rank - b.rank;
}

/** Padding for a missing token, shaped by the token it stands against. */
function nullFor(other: MavenToken): MavenToken {
  if (other.sep === DASH) return NULL_DASH_QUALIFIER;
  return other.value === 'sp' ? NULL_DOT_QUALIFIER : NULL_NUMBER;
}

function compare(a: MavenVersion, b: MavenVersion): number {
  const at = a.tokens;
  const bt = b.tokens;
  const n = Math.max(at.length, bt.length);
  for (let i = 0; i < n; i++) {
    const left = i < at.length ? at[i]! : nullFor(bt[i]!);
    const right = i < bt.length ? bt[i]! : nullFor(at[i]!);
    const c = compareTokens(left, right);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

/** Maven's ComparableVersion ordering (Maven Central and other Maven repositories). */
export const scheme: VersionScheme<MavenVersion> = {
  id: 'maven',
  displayName: 'Maven ComparableVersion',
  urls: [
    'https://maven.apache.org/pom.html#version-order-specification',
    'https://github.com/apache/maven/blob/master/compat/maven-artifact/src/main/java/org/apache/maven/artifact/versioning/ComparableVersion.java',
    'https://github.com/google/osv-scalibr/blob/main/semantic/version-maven.go',
  ],
  parse,
  compare,
};
