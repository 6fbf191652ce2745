/**
 * Defensive readers for untrusted JSON: each returns the value only when it has
 * the expected shape, so a converter can walk any input without throwing.
 */

/** A plain JSON object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** An array, or an empty one for anything else. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string with surrounding white space removed, or undefined when absent or blank. */
export function asText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/** Extends a JSON Pointer (RFC 6901) by segments, escaping `~` and `/`. */
export function pointer(base: string, ...segments: readonly (string | number)[]): string {
  return base + segments.map((s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}
