import * as characters from '../characters.js';
import { MAX_KEY_DIGITS, compareKeys, numberKey } from '../sort-key.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isAlphanumeric, isDigit, isLetter } = characters;

/*
 * Hand-written: rpm's rpmvercmp (rpmio/rpmvercmp.c) as a sort key, with the
 * epoch:version-release split OSV uses (osv-scalibr semantic/version-redhat.go).
 * No maintained npm package implements the tilde and caret rules.
 */

/*
 * Parsing yields an order-preserving key (see ../sort-key.ts): epoch, version and
 * release each encoded as rpmvercmp reads them, one after the other. Tags, in order:
 * an empty part (OSV sorts it below everything), `~` (below even the end), the end of
 * a part, `^` (above the end, below any segment), a letter run, a digit run (digit
 * runs are newer than letter runs). Separators vanish, so `1.0` and `1_0` share a key.
 */
const EMPTY = '\u0001';
const TILDE = '\u0002';
const END = '\u0003';
const CARET = '\u0004';
const LETTERS = '\u0005';
const DIGITS = '\u0006';
/** Closes a letter run: below every letter, as strcmp's shorter-first rule wants. */
const LETTERS_END = '\u0000';
const ZERO_EPOCH = `${DIGITS}${numberKey('0', 0, 1)}${END}`;

/** Everything but ASCII alphanumerics, `~` and `^` only separates segments. */
function isSeparator(code: number): boolean {
  return !isAlphanumeric(code) && code !== 126 && code !== 94;
}

/** The key of `text[start, end)` under rpmvercmp's rules, or undefined for an absurdly long digit run. */
function partKey(text: string, start: number, end: number): string | undefined {
  if (start === end) return EMPTY;
  let key = '';
  let i = start;
  for (;;) {
    while (i < end && isSeparator(text.charCodeAt(i))) i++;
    if (i === end) return key + END;
    const code = text.charCodeAt(i);
    if (code === 126 || code === 94) {
      key += code === 126 ? TILDE : CARET;
      i++;
    } else if (isDigit(code)) {
      const from = i;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
      const digits = numberKey(text, from, i);
      if (digits === undefined) return undefined;
      key += DIGITS + digits;
    } else {
      const from = i;
      while (i < end && isLetter(text.charCodeAt(i))) i++;
      key += LETTERS + text.slice(from, i) + LETTERS_END;
    }
  }
}

function parse(text: string): ParseResult<string> {
  if (text.length === 0) return unparseable(text, 'empty version');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code === 127) return unparseable(text, 'whitespace or control character');
  }
  // The epoch is all digits before the first colon (absent means 0); otherwise the colon is ordinary text.
  let start = 0;
  let epoch: string | undefined = ZERO_EPOCH;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    let digits = true;
    for (let i = 0; i < colon && digits; i++) digits = isDigit(text.charCodeAt(i));
    if (digits) {
      if (colon > 0) epoch = partKey(text, 0, colon);
      start = colon + 1;
    }
  }
  // OSV splits at the first hyphen after the epoch (rpm forbids hyphens inside version and release);
  // the release keeps its hyphen, so `1` (no release) sorts below `1-0`.
  let hyphen = text.indexOf('-', start);
  if (hyphen < 0) hyphen = text.length;
  const version = partKey(text, start, hyphen);
  const release = partKey(text, hyphen, text.length);
  if (epoch === undefined || version === undefined || release === undefined) return unparseable(text, `a digit run longer than ${MAX_KEY_DIGITS} digits`);
  return parsed(epoch + version + release);
}

/** RPM version ordering (Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE and other RPM distributions). */
export const scheme: VersionScheme<string> = {
  id: 'rpm',
  displayName: 'rpmvercmp (RPM)',
  urls: [
    'https://github.com/rpm-software-management/rpm/blob/master/rpmio/rpmvercmp.c',
    'https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning',
    'https://github.com/google/osv-scalibr/blob/main/semantic/version-redhat.go',
  ],
  parse,
  compare: compareKeys,
};
