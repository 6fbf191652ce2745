/*
 * Order-preserving keys. A scheme whose `parse` returns a key string (one pass over
 * the text, one string) orders versions with `compareKeys`, a native string
 * comparison: the matching index then compares bounds without chasing objects or
 * re-walking segments, which is most of the cost of a check.
 *
 * A key is a sequence of UTF-16 code units built so that code-unit order is the
 * scheme's order and equal versions get equal keys. A scheme chooses its own tag
 * code units (below 0x20, so they sort under any text copied in) and places them
 * where both keys are at the same structural position; the pieces here are shared.
 */

/** Keys order like this: negative, zero or positive, as every `compare` does. */
export function compareKeys(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** The longest digit run `numberKey` can encode (its length is one code unit). */
export const MAX_KEY_DIGITS = 0xdf;

/** Keeps length code units under 0x100: keys of ASCII versions stay one-byte strings, which V8 builds and compares fastest. */
const LENGTH_BASE = 0x20;

/**
 * The digits `text[start, end)` as a key piece ordered by numeric value: one code unit
 * for the count of digits without leading zeros, then those digits. Undefined beyond
 * `MAX_KEY_DIGITS` digits, which the scheme refuses.
 */
export function numberKey(text: string, start: number, end: number): string | undefined {
  while (start < end && text.charCodeAt(start) === 48) start++;
  const length = end - start;
  if (length > MAX_KEY_DIGITS) return undefined;
  return String.fromCharCode(LENGTH_BASE + length) + text.slice(start, end);
}
