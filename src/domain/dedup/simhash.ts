/*
 * 64-bit SimHash (Charikar 2002) of text, for near-duplicate report detection.
 *
 * Hand-written: npm's only SimHash package (simhash-js 1.0.0) is untyped
 * CommonJS, makes 32-bit hashes of character shingles and is not maintained; the
 * algorithm itself is a word tokenizer, a 64-bit hash and a bit vote. It must stay
 * byte-for-byte stable, because storage indexes the hashes it prints.
 *
 * 64-bit arithmetic runs on two unsigned 32-bit halves (`hi`, `lo`) held in plain
 * numbers rather than BigInt: every intermediate product stays below 2^53, and it
 * is several times faster on the thousands of shingles a long report has.
 */

/** Words shingled together: three keeps word order without making rewording fatal. */
export const SHINGLE_WORDS = 3;

/** Number of bits in a SimHash. */
export const SIMHASH_BITS = 64;

interface Hash64 {
  hi: number;
  lo: number;
}

const FNV_OFFSET: Hash64 = { hi: 0xcbf29ce4, lo: 0x84222325 };
/** The FNV 64-bit prime is 2^40 + 0x1b3: the 2^40 part only shifts `lo` into `hi`. */
const FNV_PRIME_LOW = 0x1b3;
const TWO_32 = 0x1_0000_0000;

/** Lowercase runs of letters and digits: Markdown punctuation and code fences never become tokens. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Word 3-shingles; a text shorter than a shingle is one shingle of all its words. */
export function shingles(text: string): string[] {
  const tokens = words(text);
  if (tokens.length === 0) return [];
  if (tokens.length < SHINGLE_WORDS) return [tokens.join(' ')];
  const result: string[] = [];
  for (let i = 0; i + SHINGLE_WORDS <= tokens.length; i += 1) {
    result.push(tokens.slice(i, i + SHINGLE_WORDS).join(' '));
  }
  return result;
}

function fnvStep(hash: Hash64, byte: number): Hash64 {
  const lo = (hash.lo ^ byte) >>> 0;
  const loProduct = lo * FNV_PRIME_LOW;
  const carry = Math.floor(loProduct / TWO_32);
  const hi = (hash.hi * FNV_PRIME_LOW + carry + ((lo << 8) >>> 0)) >>> 0;
  return { hi, lo: loProduct >>> 0 };
}

/** UTF-8 bytes of one code point (the domain has no TextEncoder type). */
function utf8Bytes(codePoint: number): number[] {
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)];
  if (codePoint < 0x10000) {
    return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
  }
  return [
    0xf0 | (codePoint >> 18),
    0x80 | ((codePoint >> 12) & 0x3f),
    0x80 | ((codePoint >> 6) & 0x3f),
    0x80 | (codePoint & 0x3f),
  ];
}

/** FNV-1a 64 of the UTF-8 encoding of `text`, as 16 lowercase hex digits. */
export function fnv1a64(text: string): string {
  return toHex(fnv1a64Halves(text));
}

function fnv1a64Halves(text: string): Hash64 {
  let hash = FNV_OFFSET;
  for (const char of text) {
    for (const byte of utf8Bytes(char.codePointAt(0) ?? 0)) hash = fnvStep(hash, byte);
  }
  return hash;
}

function toHex(hash: Hash64): string {
  return hash.hi.toString(16).padStart(8, '0') + hash.lo.toString(16).padStart(8, '0');
}

/**
 * SimHash of `text` as 16 lowercase hex digits (bit 63 first). Each shingle votes
 * once per occurrence. Text without any word hashes to all zeros.
 */
export function simhash(text: string): string {
  const votes = new Array<number>(SIMHASH_BITS).fill(0);
  for (const shingle of shingles(text)) {
    const { hi, lo } = fnv1a64Halves(shingle);
    for (let bit = 0; bit < 32; bit += 1) {
      votes[bit] = (votes[bit] ?? 0) + ((hi >>> (31 - bit)) & 1 ? 1 : -1);
      votes[bit + 32] = (votes[bit + 32] ?? 0) + ((lo >>> (31 - bit)) & 1 ? 1 : -1);
    }
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit += 1) {
    if ((votes[bit] ?? 0) > 0) hi |= 1 << (31 - bit);
    if ((votes[bit + 32] ?? 0) > 0) lo |= 1 << (31 - bit);
  }
  return toHex({ hi: hi >>> 0, lo: lo >>> 0 });
}

const SIMHASH_PATTERN = /^[0-9a-f]{16}$/;

function halves(hash: string): Hash64 {
  // Hashes come from simhash() or from storage that kept its output; anything else is a bug in the caller.
  if (!SIMHASH_PATTERN.test(hash)) throw new RangeError(`not a 64-bit SimHash (16 lowercase hex digits): "${hash}"`);
  return { hi: Number.parseInt(hash.slice(0, 8), 16), lo: Number.parseInt(hash.slice(8), 16) };
}

function popcount32(value: number): number {
  let v = value >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of bits in which two SimHashes differ (0..64). */
export function hammingDistance(a: string, b: string): number {
  const x = halves(a);
  const y = halves(b);
  return popcount32(x.hi ^ y.hi) + popcount32(x.lo ^ y.lo);
}

/** 1 for equal hashes, 0 for complementary ones: `1 - distance / 64`. */
export function similarity(a: string, b: string): number {
  return 1 - hammingDistance(a, b) / SIMHASH_BITS;
}
