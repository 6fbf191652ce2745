import * as characters from '../characters.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isDigit, isLetter } = characters;

/*
 * Hand-written: a direct port of dpkg's parseversion and verrevcmp (lib/dpkg/version.c,
 * lib/dpkg/parsehelp.c). The npm ports found are unmaintained or allocate per compare.
 */

/** A parsed Debian version: `[epoch:]upstream[-revision]`. */
export interface DebianVersion {
  /** 0 when absent; dpkg caps it at INT_MAX. */
  readonly epoch: number;
  readonly upstream: string;
  /** '' when absent, which orders like "0". */
  readonly revision: string;
}

const INT_MAX = 2147483647;

/** Characters dpkg accepts: alphanumerics and `. + ~`, plus `- :` in the upstream part. */
function isAllowed(code: number, upstream: boolean): boolean {
  if (isDigit(code) || isLetter(code) || code === 46 || code === 43 || code === 126) return true;
  return upstream && (code === 45 || code === 58);
}

function parse(input: string): ParseResult<DebianVersion> {
  // dpkg ignores surrounding blanks but rejects embedded ones.
  const text = input.trim();
  if (text.length === 0) return unparseable(input, 'empty version');
  let start = 0;
  let epoch = 0;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    if (colon === 0) return unparseable(input, 'epoch is empty');
    for (let i = 0; i < colon; i++) {
      if (!isDigit(text.charCodeAt(i))) return unparseable(input, 'epoch is not a number');
    }
    epoch = Number(text.slice(0, colon));
    if (epoch > INT_MAX) return unparseable(input, 'epoch is too big');
    start = colon + 1;
    if (start === text.length) return unparseable(input, 'nothing after the epoch colon');
  }
  const hyphen = text.lastIndexOf('-');
  let end = text.length;
  let revision = '';
  if (hyphen >= start) {
    if (hyphen === text.length - 1) return unparseable(input, 'revision is empty');
    end = hyphen;
    revision = text.slice(hyphen + 1);
  }
  if (end === start) return unparseable(input, 'upstream version is empty');
  for (let i = start; i < end; i++) {
    if (!isAllowed(text.charCodeAt(i), true)) return unparseable(input, `invalid character "${text[i]}" in upstream version`);
  }
  for (let i = 0; i < revision.length; i++) {
    if (!isAllowed(revision.charCodeAt(i), false)) return unparseable(input, `invalid character "${revision[i]}" in revision`);
  }
  return parsed({ epoch, upstream: text.slice(start, end), revision });
}

/** dpkg's character weight: `~` first, then end of part, then letters, then other symbols. */
function order(text: string, i: number): number {
  if (i >= text.length) return 0;
  const code = text.charCodeAt(i);
  if (isDigit(code)) return 0;
  if (isLetter(code)) return code;
  if (code === 126) return -1;
  return code + 256;
}

/** dpkg's verrevcmp: alternating non-digit runs (by weight) and digit runs (by value). */
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return ac < bc ? -1 : 1;
      i++;
      j++;
    }
    // dpkg's one-pass digit loop, kept as dpkg writes it; segments.ts's compareDecimalRange gives the same order.
    while (i < a.length && a.charCodeAt(i) === 48) i++;
    while (j < b.length && b.charCodeAt(j) === 48) j++;
    let firstDiff = 0;
    while (i < a.length && j < b.length && isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigit(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff < 0 ? -1 : 1;
  }
  return 0;
}

function compare(a: DebianVersion, b: DebianVersion): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

/** dpkg version ordering (Debian, Ubuntu and other dpkg-based distributions). */
export const scheme: VersionScheme<DebianVersion> = {
  id: 'debian',
  displayName: 'dpkg (Debian)',
  urls: [
    'https://www.debian.org/doc/debian-policy/ch-controlfields.html#version',
    'https://man7.org/linux/man-pages/man7/deb-version.7.html',
  ],
  parse,
  compare,
};
