/**
 * One version scheme: how an ecosystem writes and orders its versions.
 *
 * Every scheme speaks the same vocabulary, whatever the ecosystem:
 * - `parse` turns the text a registry or an advisory uses into a typed value,
 *   once, so that ordering never re-parses in a hot loop. A version the scheme
 *   cannot read is a failed result, never an exception and never a guess.
 * - `compare` is a total order on parsed values (negative, zero, positive), the
 *   order the ecosystem's own package manager uses. Two values that compare
 *   equal are the same version for matching (Maven's `1.0` and `1`, say).
 *
 * @example
 *   const r = pypi.parse('1.0rc1');
 *   if (r.ok) pypi.compare(r.value, other);
 */
export interface VersionScheme<V = unknown> {
  /** Registry key and folder name, e.g. `pypi`. */
  readonly id: string;
  /** Human name, e.g. `PEP 440 (PyPI)`. */
  readonly displayName: string;
  /** Where the ordering rules are written down. */
  readonly urls: readonly string[];
  /** Parses a version once into a comparable value. */
  parse(text: string): ParseResult<V>;
  /** Orders two parsed versions: negative if a < b, 0 if equal, positive if a > b. */
  compare(a: V, b: V): number;
}

/** A parse outcome as a value: parse failures are data, not exceptions. */
export type ParseResult<V> = { readonly ok: true; readonly value: V } | { readonly ok: false; readonly error: string };

/** Builds a successful parse result. */
export function parsed<V>(value: V): ParseResult<V> {
  return { ok: true, value };
}

/** Builds a failed parse result with a reason a person can act on. */
export function unparseable<V>(text: string, reason: string): ParseResult<V> {
  return { ok: false, error: `cannot parse version "${text}": ${reason}` };
}
