import * as characters from '../characters.js';
import * as segments from '../segments.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isAlphanumeric, isDigit, isLetter } = characters;
const { compareDecimalRange, compareSubstrings } = segments;

/*
 * Hand-written: a port of rpm's rpmvercmp (rpmio/rpmvercmp.c) with the
 * epoch:version-release split OSV uses (osv-scalibr semantic/version-redhat.go).
 * No maintained npm package implements the tilde and caret rules.
 */

/** A parsed RPM EVR: `[epoch:]version[-release]`. */
export interface RpmVersion {
  /** The epoch digits, "0" when absent. */
  readonly epoch: string;
  readonly version: string;
  /** The release with its leading `-`, or '' when absent (so `1` < `1-0`, as in OSV). */
  readonly release: string;
}

/** Everything but ASCII alphanumerics, `~` and `^` only separates segments. */
function isSeparator(code: number): boolean {
  return !isAlphanumeric(code) && code !== 126 && code !== 94;
}

function parse(text: string): ParseResult<RpmVersion> {
  if (text.length === 0) return unparseable(text, 'empty version');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code === 127) return unparseable(text, 'whitespace or control character');
  }
  // The epoch is all digits before the first colon; otherwise the colon is ordinary text.
  let start = 0;
  let epoch = '0';
  const colon = text.indexOf(':');
  if (colon >= 0) {
    let digits = true;
    for (let i = 0; i < colon && digits; i++) digits = isDigit(text.charCodeAt(i));
    if (digits) {
      if (colon > 0) epoch = text.slice(0, colon);
      start = colon + 1;
    }
  }
  // OSV splits at the first hyphen after the epoch (rpm forbids hyphens inside version and release).
  const hyphen = text.indexOf('-', start);
  if (hyphen < 0) return parsed({ epoch, version: text.slice(start), release: '' });
  return parsed({ epoch, version: text.slice(start, hyphen), release: text.slice(hyphen) });
}

/**
 * rpmvercmp, except that an empty part sorts before any non-empty one (OSV's rule).
 * Kept apart from alpm's copy, which predates `~` and `^` and weighs separator runs.
 */
function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return -1;
  if (b.length === 0) return 1;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isSeparator(a.charCodeAt(i))) i++;
    while (j < b.length && isSeparator(b.charCodeAt(j))) j++;
    const ac = i < a.length ? a.charCodeAt(i) : -1;
    const bc = j < b.length ? b.charCodeAt(j) : -1;
    // Tilde sorts before everything, even the end of the string.
    if (ac === 126 || bc === 126) {
      if (ac !== 126) return 1;
      if (bc !== 126) return -1;
      i++;
      j++;
      continue;
    }
    // Caret sorts after the end of the string but before anything else.
    if (ac === 94 || bc === 94) {
      if (ac === -1) return -1;
      if (bc === -1) return 1;
      if (ac !== 94) return 1;
      if (bc !== 94) return -1;
      i++;
      j++;
      continue;
    }
    if (ac === -1 || bc === -1) break;
    const numeric = isDigit(ac);
    const aStart = i;
    const bStart = j;
    // Written out, not digitsEnd/lettersEnd: the calls would cost this loop about 8%.
    if (numeric) {
      while (i < a.length && isDigit(a.charCodeAt(i))) i++;
      while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    } else {
      while (i < a.length && isLetter(a.charCodeAt(i))) i++;
      while (j < b.length && isLetter(b.charCodeAt(j))) j++;
    }
    // Segments of different kinds: the numeric one is newer.
    if (j === bStart) return numeric ? 1 : -1;
    const c = numeric ? compareDecimalRange(a, aStart, i, b, bStart, j) : compareSubstrings(a, aStart, i, b, bStart, j);
    if (c !== 0) return c;
  }
  const aLeft = a.length - i;
  const bLeft = b.length - j;
  return aLeft === bLeft ? 0 : aLeft < bLeft ? -1 : 1;
}

function compare(a: RpmVersion, b: RpmVersion): number {
  return rpmvercmp(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

/** RPM version ordering (Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE and other RPM distributions). */
export const scheme: VersionScheme<RpmVersion> = {
  id: 'rpm',
  displayName: 'rpmvercmp (RPM)',
  urls: [
    'https://github.com/rpm-software-management/rpm/blob/master/rpmio/rpmvercmp.c',
    'https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning',
    'https://github.com/google/osv-scalibr/blob/main/semantic/version-redhat.go',
  ],
  parse,
  compare,
};
