/*
 * Crash types: the sanitizer's own bug name, in lowercase kebab case, plus the
 * access kind and size where the report states them ("heap-buffer-overflow READ 4").
 * The UBSan table follows ClusterFuzz's UBSAN_CRASH_TYPES_MAP (specific messages
 * before the general ones they would otherwise match).
 */

const UBSAN_TYPES: readonly (readonly [RegExp, string])[] = [
  [/^load of null pointer/, 'null-pointer-dereference READ'],
  [/^store to null pointer/, 'null-pointer-dereference WRITE'],
  [/^(?:member access within|member call on|reference binding to|access within) null pointer/, 'null-pointer-dereference'],
  [/^unsigned integer overflow/, 'unsigned-integer-overflow'],
  [/^signed integer overflow|^(?:negation|division) of .* cannot be represented in type/, 'signed-integer-overflow'],
  [/division by zero/, 'division-by-zero'],
  [/^(?:left |right )?shift|^shift exponent/, 'invalid-shift'],
  [/out of bounds for type/, 'array-index-out-of-bounds'],
  [/misaligned address/, 'misaligned-address'],
  [/^(?:applying (?:non-)?zero offset|pointer index expression with base|(?:addition|subtraction) of unsigned offset)/, 'pointer-overflow'],
  [/is not a valid value for type '(?:bool|BOOL|_Bool)'/, 'invalid-bool-value'],
  [/is not a valid value for type/, 'invalid-enum-value'],
  [/^null pointer passed as argument/, 'invalid-null-argument'],
  [/^null pointer returned from function/, 'invalid-null-return'],
  [/^implicit conversion from type/, 'implicit-conversion'],
  [/outside the range of representable values/, 'float-cast-overflow'],
  [/reached an unreachable program point/, 'unreachable'],
  [/reached the end of a value-returning function/, 'missing-return'],
  [/variable length array bound/, 'vla-bound'],
  [/through pointer to incorrect function type/, 'incorrect-function-pointer-type'],
  [/^(?:member access within|member call on|downcast of) address .* which does not point to an object of type/, 'bad-cast'],
  [/which is not a valid argument/, 'invalid-builtin-use'],
  [/control flow integrity check/, 'cfi-violation'],
  [/with insufficient space for an object of type/, 'object-size'],
];

/** The crash type of a UBSan `runtime error:` message. */
export function ubsanCrashType(message: string): string {
  const text = message.trim();
  return UBSAN_TYPES.find(([pattern]) => pattern.test(text))?.[1] ?? 'undefined-behavior';
}

/** Below this address a SEGV is a null-pointer dereference (ClusterFuzz's NULL_DEREFERENCE_BOUNDARY). */
const NULL_DEREFERENCE_BOUNDARY = 0x1000;

function kebab(phrase: string): string {
  const words = phrase.trim().split(/\s+/);
  return words.map((word) => (/^[A-Z]+$/.test(word) ? word : word.toLowerCase())).join('-');
}

/**
 * The crash type named by a sanitizer's ERROR/WARNING line, e.g. from
 * `heap-buffer-overflow on address 0x602000000014 at pc ...` or
 * `attempting double-free on 0x602000000010 in thread T0:`.
 */
export function headerCrashType(description: string): string {
  const phrase = description.split(/ on | in thread|\s\(|:\s|:$/)[0]?.trim() ?? '';
  if (phrase === 'attempting double-free') return 'double-free';
  if (phrase === 'attempting free') return 'bad-free';
  if (phrase.startsWith('requested allocation size')) return 'allocation-size-too-big';
  if (/out of memory/.test(description)) return 'out-of-memory';
  if (/^(?:calloc|pvalloc|reallocarray) parameters overflow/.test(phrase)) return `${phrase.split(' ')[0] ?? ''}-overflow`;
  if (phrase === 'SEGV') {
    const address = /on unknown address (0x[0-9a-fA-F]+)/.exec(description)?.[1];
    if (address !== undefined && Number.parseInt(address, 16) < NULL_DEREFERENCE_BOUNDARY) return 'null-pointer-dereference';
  }
  return kebab(phrase);
}

/**
 * The access, as ClusterFuzz states it: `READ 4`, `WRITE {*}` (sizes above 16 bytes
 * vary between duplicates, so they are folded), `ATOMIC WRITE 8`; `undefined` for a
 * line that states none.
 */
export function accessFromLine(line: string): string | undefined {
  const sized = /^\s*(Atomic )?(READ|WRITE|[Rr]ead|[Ww]rite) of size (\d+) at /.exec(line);
  if (sized) {
    const size = Number(sized[3]);
    return `${sized[1] ? 'ATOMIC ' : ''}${(sized[2] ?? '').toUpperCase()} ${size > 16 ? '{*}' : String(size)}`;
  }
  const signal = /The signal is caused by a (READ|WRITE) memory access/.exec(line);
  return signal?.[1];
}
