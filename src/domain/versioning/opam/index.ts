import * as characters from '../characters.js';
import * as segments from '../segments.js';
import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isAlphanumeric, isDigit, isLetter } = characters;
const { compareDecimalRange } = segments;

/*
 * Hand-written: a port of opam's OpamVersionCompare (src/core/opamVersionCompare.ml,
 * itself from Dose's Debian comparison). No npm package implements it.
 */

/** A parsed opam version: the text, and where its last `-` splits it (text.length if none). */
export interface OpamVersion {
  readonly text: string;
  readonly split: number;
}

/** Characters opam allows in a version. */
function isAllowed(code: number): boolean {
  return (
    isAlphanumeric(code) ||
    code === 45 || // -
    code === 95 || // _
    code === 43 || // +
    code === 46 || // .
    code === 126 // ~
  );
}

function parse(text: string): ParseResult<OpamVersion> {
  if (text.length === 0) return unparseable(text, 'empty version');
  for (let i = 0; i < text.length; i++) {
    if (!isAllowed(text.charCodeAt(i))) return unparseable(text, `invalid character "${text[i]}"`);
  }
  const dash = text.lastIndexOf('-');
  return parsed({ text, split: dash < 0 ? text.length : dash });
}

/** `~` first, then letters, then other symbols, each group by char code. */
function compareChars(a: number, b: number): number {
  if (a === b) return 0;
  if (a === 126) return -1;
  if (b === 126) return 1;
  const al = isLetter(a);
  if (al !== isLetter(b)) return al ? -1 : 1;
  return a < b ? -1 : 1;
}

/**
 * Debian-style comparison of `x[xi, xl)` and `y[yi, yl)`: non-digit runs char by char,
 * digit runs by value; an exhausted side counts as 0 and sorts after `~` only.
 */
function compareChunks(x: string, xi: number, xl: number, y: string, yi: number, yl: number): number {
  for (;;) {
    if (xi === xl || yi === yl) {
      if (xi === xl && yi === yl) return 0;
      // The exhausted side is 0: the other is equal if only zeros remain, smaller if `~` follows.
      if (xi === xl) {
        while (yi < yl && y.charCodeAt(yi) === 48) yi++;
        return yi === yl ? 0 : y.charCodeAt(yi) === 126 ? 1 : -1;
      }
      while (xi < xl && x.charCodeAt(xi) === 48) xi++;
      return xi === xl ? 0 : x.charCodeAt(xi) === 126 ? -1 : 1;
    }
    const xc = x.charCodeAt(xi);
    const yc = y.charCodeAt(yi);
    const xd = isDigit(xc);
    const yd = isDigit(yc);
    if (xd && yd) {
      let xn = xi + 1;
      let yn = yi + 1;
      while (xn < xl && isDigit(x.charCodeAt(xn))) xn++;
      while (yn < yl && isDigit(y.charCodeAt(yn))) yn++;
      const c = compareDecimalRange(x, xi, xn, y, yi, yn);
      if (c !== 0) return c;
      xi = xn;
      yi = yn;
      continue;
    }
    // A digit against a non-digit: only `~` sorts below a number.
    if (xd) return yc === 126 ? 1 : -1;
    if (yd) return xc === 126 ? -1 : 1;
    const c = compareChars(xc, yc);
    if (c !== 0) return c;
    xi++;
    yi++;
  }
}

/** The part before the last `-` first, then the part after it. */
function compare(a: OpamVersion, b: OpamVersion): number {
  if (a.text === b.text) return 0;
  return (
    compareChunks(a.text, 0, a.split, b.text, 0, b.split) ||
    compareChunks(
      a.text,
      Math.min(a.split + 1, a.text.length),
      a.text.length,
      b.text,
      Math.min(b.split + 1, b.text.length),
      b.text.length,
    )
  );
}

/** opam's version ordering (OCaml packages). */
export const scheme: VersionScheme<OpamVersion> = {
  id: 'opam',
  displayName: 'opam (OCaml)',
  urls: [
    'https://opam.ocaml.org/doc/Manual.html#Version-ordering',
    'https://github.com/ocaml/opam/blob/master/src/core/opamVersionCompare.ml',
  ],
  parse,
  compare,
};
