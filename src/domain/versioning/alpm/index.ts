import * as characters from '../characters.js';
import * as segments from '../segments.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { digitsEnd, isAlphanumeric, isDigit, isLetter } = characters;
const { compareDecimalRange, compareSubstrings } = segments;

/*
 * Hand-written: a port of libalpm's alpm_pkg_vercmp, parseEVR and rpmvercmp
 * (pacman lib/libalpm/version.c, itself taken from rpm 4.8.1, so without rpm's later
 * `~` and `^` rules). No maintained ESM package on npm ports it, and this one compares
 * substrings in place instead of copying them as the C code does.
 */

/** A parsed pacman version: `[epoch:]pkgver[-pkgrel]`. */
export interface AlpmVersion {
  /** The epoch digits; "0" when absent. */
  readonly epoch: string;
  /** The pkgver: everything between the epoch and the last hyphen. */
  readonly version: string;
  /** The pkgrel after the last hyphen; undefined when absent, which then matches any pkgrel. */
  readonly release: string | undefined;
}

/**
 * parseEVR: the epoch is the leading digits when a colon follows them (an empty one
 * is 0); the pkgrel is what follows the last hyphen. vercmp takes any string; this
 * refuses what cannot be a version: empty parts, blanks, control and non-ASCII characters.
 */
function parse(text: string): ParseResult<AlpmVersion> {
  if (text.length === 0) return unparseable(text, 'empty version');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code >= 127) return unparseable(text, 'whitespace, control or non-ASCII character');
  }
  const digits = digitsEnd(text, 0);
  let epoch = '0';
  let start = 0;
  if (text.charCodeAt(digits) === 58) {
    if (digits > 0) epoch = text.slice(0, digits);
    start = digits + 1;
  }
  const hyphen = text.lastIndexOf('-');
  const end = hyphen >= start ? hyphen : text.length;
  if (end === start) return unparseable(text, 'empty pkgver');
  if (hyphen >= start && hyphen === text.length - 1) return unparseable(text, 'empty pkgrel after "-"');
  return parsed({ epoch, version: text.slice(start, end), release: hyphen >= start ? text.slice(hyphen + 1) : undefined });
}

/**
 * libalpm's rpmvercmp: skip separators (anything not alphanumeric; a different
 * number of them ends the comparison, the longer run winning), then compare one
 * all-digit run (by value) or all-letter run (strcmp); a number beats letters.
 * When one side runs out, a remaining letter run is older than the end, anything
 * else newer.
 *
 * Kept apart from rpm's rpmvercmp: pacman's copy predates `~` and `^` and weighs separator runs.
 */
function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  let aPrev = 0;
  let bPrev = 0;
  while (i < a.length && j < b.length) {
    while (i < a.length && !isAlphanumeric(a.charCodeAt(i))) i++;
    while (j < b.length && !isAlphanumeric(b.charCodeAt(j))) j++;
    if (i >= a.length || j >= b.length) break;
    if (i - aPrev !== j - bPrev) return i - aPrev < j - bPrev ? -1 : 1;
    const numeric = isDigit(a.charCodeAt(i));
    // Written out, not digitsEnd/lettersEnd: the calls would cost this loop about 8%.
    let aEnd = i;
    let bEnd = j;
    if (numeric) {
      while (aEnd < a.length && isDigit(a.charCodeAt(aEnd))) aEnd++;
      while (bEnd < b.length && isDigit(b.charCodeAt(bEnd))) bEnd++;
    } else {
      while (aEnd < a.length && isLetter(a.charCodeAt(aEnd))) aEnd++;
      while (bEnd < b.length && isLetter(b.charCodeAt(bEnd))) bEnd++;
    }
    // Runs of different kinds: the numeric one is newer.
    if (bEnd === j) return numeric ? 1 : -1;
    const c = numeric ? compareDecimalRange(a, i, aEnd, b, j, bEnd) : compareSubstrings(a, i, aEnd, b, j, bEnd);
    if (c !== 0) return c;
    i = aPrev = aEnd;
    j = bPrev = bEnd;
  }
  const aDone = i >= a.length;
  const bDone = j >= b.length;
  if (aDone && bDone) return 0;
  return (aDone && !isLetter(b.charCodeAt(j))) || (!aDone && isLetter(a.charCodeAt(i))) ? -1 : 1;
}

/** alpm_pkg_vercmp: epoch, then pkgver, then pkgrel only when both versions have one. */
function compare(a: AlpmVersion, b: AlpmVersion): number {
  const c = rpmvercmp(a.epoch, b.epoch) || rpmvercmp(a.version, b.version);
  if (c !== 0 || a.release === undefined || b.release === undefined) return c;
  return rpmvercmp(a.release, b.release);
}

/** pacman's version ordering (Arch Linux and other libalpm distributions), as `vercmp` prints it. */
export const scheme: VersionScheme<AlpmVersion> = {
  id: 'alpm',
  displayName: 'vercmp (Arch Linux pacman)',
  urls: [
    'https://gitlab.archlinux.org/pacman/pacman/-/blob/master/lib/libalpm/version.c',
    'https://man.archlinux.org/man/vercmp.8',
    'https://wiki.archlinux.org/title/PKGBUILD#Version',
  ],
  parse,
  compare,
};
