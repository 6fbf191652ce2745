import * as characters from '../characters.js';
import * as segments from '../segments.js';
import { NO_IDENTIFIERS, compareIdentifiers, readIdentifiers, type Identifiers } from '../semver/identifiers.js';
import { MAX_EXACT, readNumber } from '../semver/numbers.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { digitsEnd, isDigit, isLowercase } = characters;
const { canonicalDigits, compareDigits } = segments;

/*
 * Hand-written: no npm package orders OpenSSL's two schemes. Releases before 3.0 carry
 * letter releases and -dev/-betaN tags, ordered as OPENSSL_VERSION_NUMBER encodes them
 * (include/openssl/opensslv.h: MNNFFPPS, the status nibble 0 for development, 1 to 14
 * for betas, f for a release); from 3.0 the versions are SemVer, read with the semver
 * scheme's identifier code.
 */

/** Stages of a version before 3.0, in order: development, alpha, beta, pre, release, tagged build. */
const DEV = 0;
const RELEASE = 4;
const TAGGED = 5;
const NUMBERED_STAGES = [
  ['alpha', 1],
  ['beta', 2],
  ['pre', 3],
] as const;

/** A parsed OpenSSL version: `1.0.2zd`, `0.9.7-beta3`, `1.0.2zc-dev`, `3.0.0-alpha1`, `3.2.1`. */
export interface OpensslVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Before 3.0: the letter release (`a` … `y`, `z`, `za` …); '' for none and from 3.0. */
  readonly letters: string;
  /** Before 3.0: the stage (`-dev` first, a plain release, tags such as `-fips` last); a release from 3.0. */
  readonly stage: number;
  /** The stage's number without leading zeros for `-alphaN`, `-betaN` and `-preN`, the tag for a tagged build, else ''. */
  readonly stageText: string;
  /** From 3.0: SemVer pre-release identifiers; empty for a release and before 3.0. */
  readonly pre: Identifiers;
}

/** The `-suffix` of a version before 3.0: `dev`, `alphaN`, `betaN`, `preN`, or another lowercase tag. */
function readStage(text: string, start: number): { stage: number; stageText: string } | undefined {
  if (start === text.length) return undefined;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isLowercase(code) && !isDigit(code)) return undefined;
  }
  if (text.length - start === 3 && text.startsWith('dev', start)) return { stage: DEV, stageText: '' };
  for (const [word, stage] of NUMBERED_STAGES) {
    if (!text.startsWith(word, start)) continue;
    const digits = start + word.length;
    if (digitsEnd(text, digits) !== text.length) break;
    return { stage, stageText: canonicalDigits(text, digits, text.length) };
  }
  return { stage: TAGGED, stageText: text.slice(start) };
}

function parse(text: string): ParseResult<OpensslVersion> {
  const length = text.length;
  const numbers: number[] = [];
  let i = 0;
  while (numbers.length < 3) {
    if (numbers.length > 0) {
      if (text.charCodeAt(i) !== 46) return unparseable(text, 'expected major.minor.patch');
      i++;
    }
    const start = i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return unparseable(text, 'expected major.minor.patch');
    const value = readNumber(text, start, i);
    if (value > MAX_EXACT) return unparseable(text, 'number too large');
    numbers.push(value);
  }
  const [major, minor, patch] = numbers as [number, number, number];
  if (major >= 3) {
    let pre = NO_IDENTIFIERS;
    if (text.charCodeAt(i) === 45) {
      let end = text.indexOf('+', i + 1);
      if (end < 0) end = length;
      const ids = readIdentifiers(text, i + 1, end, false);
      if (ids === undefined) return unparseable(text, 'pre-release must be non-empty dot-separated [0-9A-Za-z-] identifiers');
      pre = ids;
      i = end;
    }
    // Build metadata does not take part in SemVer precedence; it only has to be well-formed.
    if (text.charCodeAt(i) === 43) {
      if (readIdentifiers(text, i + 1, length, false) === undefined) {
        return unparseable(text, 'build metadata must be non-empty dot-separated [0-9A-Za-z-] identifiers');
      }
      i = length;
    }
    if (i !== length) return unparseable(text, `unexpected "${text.charAt(i)}" at position ${i}`);
    return parsed({ major, minor, patch, letters: '', stage: RELEASE, stageText: '', pre });
  }
  if (major === 2) return unparseable(text, 'OpenSSL has no 2.x versions');
  const lettersStart = i;
  while (i < length && isLowercase(text.charCodeAt(i))) i++;
  const letters = text.slice(lettersStart, i);
  if (i === length) return parsed({ major, minor, patch, letters, stage: RELEASE, stageText: '', pre: NO_IDENTIFIERS });
  if (text.charCodeAt(i) !== 45) return unparseable(text, `unexpected "${text.charAt(i)}" at position ${i}`);
  const stage = readStage(text, i + 1);
  if (stage === undefined) return unparseable(text, 'the tag after "-" must be lowercase letters and digits');
  return parsed({ major, minor, patch, letters, ...stage, pre: NO_IDENTIFIERS });
}

/**
 * major.minor.patch by value (every version before 3.0 sorts before 3.0.0). Before 3.0:
 * the letters (none first, then ASCII order: `y < z < za`), then the stage (`-dev`, alpha,
 * beta and pre by number, the release, tagged builds by tag). From 3.0: SemVer precedence.
 */
function compare(a: OpensslVersion, b: OpensslVersion): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.major >= 3) {
    const ap = a.pre.nums.length;
    const bp = b.pre.nums.length;
    if (ap === 0 || bp === 0) return ap === bp ? 0 : ap === 0 ? 1 : -1;
    return compareIdentifiers(a.pre, b.pre);
  }
  if (a.letters !== b.letters) return a.letters < b.letters ? -1 : 1;
  if (a.stage !== b.stage) return a.stage < b.stage ? -1 : 1;
  if (a.stage === TAGGED) return a.stageText === b.stageText ? 0 : a.stageText < b.stageText ? -1 : 1;
  return compareDigits(a.stageText, b.stageText);
}

/** OpenSSL's own version ordering: letter releases before 3.0, SemVer from 3.0. */
export const scheme: VersionScheme<OpensslVersion> = {
  id: 'openssl',
  displayName: 'OpenSSL',
  urls: [
    'https://github.com/openssl/general-policies/blob/master/policies/versioning-policy.md',
    'https://www.openssl.org/docs/man1.1.1/man3/OPENSSL_VERSION_NUMBER.html',
    'https://semver.org/spec/v2.0.0.html',
  ],
  parse,
  compare,
};
