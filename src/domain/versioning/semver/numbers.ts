import * as segments from '../segments.js';

/**
 * Arbitrary-size version numbers without bigint or per-compare allocation.
 *
 * A number is kept as a double: exact up to 2^53 and correctly rounded beyond,
 * and rounding never reverses an order, so two doubles that differ already order
 * their numbers. Only a tie above 2^53 can hide a difference; for that case the
 * parser also keeps the number's digits (see `exactDigits`), and `compareDigits`
 * settles it. Upstream fixtures use 30-digit components, so this is not academic.
 */

// Bound to module constants for the hot loops (see characters.ts).
const { canonicalDigits, compareDigits } = segments;

/** Above this a double may stand for several numbers, so ties need the digits. */
export const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/** Reads the ASCII digits `text[start, end)` as a number (leading zeros allowed). */
export function readNumber(text: string, start: number, end: number): number {
  // Up to 15 digits the running sum stays exact; past that, Number() rounds correctly once.
  if (end - start > 15) return Number(text.slice(start, end));
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

/** The digits `text[start, end)` without leading zeros: the exact form of a number above `MAX_EXACT`. */
export function exactDigits(text: string, start: number, end: number): string {
  return canonicalDigits(text, start, end);
}

/**
 * Breaks a tie between two equal doubles, given the exact digits each side kept
 * for that number (undefined when it fits a double exactly, or is a sentinel).
 */
export function compareTie(a: string | undefined, b: string | undefined): number {
  return a === undefined || b === undefined ? 0 : compareDigits(a, b);
}
