/*
 * Comparisons of version segments kept as text: digit strings ordered by value, of any
 * length and without bigint, and substrings ordered without slicing them. The
 * comparisons return -1, 0 or 1 and allocate nothing, so compare functions can call
 * them in hot loops.
 */

/** The digits `text[start, end)` without leading zeros; "0" when none remain (all zeros, or no digits). */
export function canonicalDigits(text: string, start: number, end: number): string {
  while (start < end && text.charCodeAt(start) === 48) start++;
  return start === end ? '0' : text.slice(start, end);
}

/** Orders two digit strings without leading zeros (see `canonicalDigits`) by numeric value. */
export function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * Orders two digit strings by numeric value; leading zeros are allowed and ignored.
 * (The same order as `compareDecimalRange` over the whole strings, written out: the
 * extra call costs alpine and gentoo about a quarter of their compare time.)
 */
export function compareDecimal(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  if (a.length - i !== b.length - j) return a.length - i < b.length - j ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Orders the digit runs `a[i, iEnd)` and `b[j, jEnd)` by numeric value: leading zeros dropped, then length, then digits. */
export function compareDecimalRange(a: string, i: number, iEnd: number, b: string, j: number, jEnd: number): number {
  while (i < iEnd && a.charCodeAt(i) === 48) i++;
  while (j < jEnd && b.charCodeAt(j) === 48) j++;
  if (iEnd - i !== jEnd - j) return iEnd - i < jEnd - j ? -1 : 1;
  return compareSubstrings(a, i, iEnd, b, j, jEnd);
}

/** C's strcmp on `a[i, iEnd)` and `b[j, jEnd)` without slicing them: char codes, then the shorter first. */
export function compareSubstrings(a: string, i: number, iEnd: number, b: string, j: number, jEnd: number): number {
  for (; i < iEnd && j < jEnd; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const aLeft = iEnd - i;
  const bLeft = jEnd - j;
  return aLeft === bLeft ? 0 : aLeft < bLeft ? -1 : 1;
}
