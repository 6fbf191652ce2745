import { validatePurl } from '../../domain/purl/purl.js';
import type { VexError } from './vex-document.js';

/** A purl in canonical form, or the error at `path` saying why it is not one. */
export type CanonicalPurl = { ok: true; purl: string } | { ok: false; error: VexError };

/**
 * Canonicalizes a purl found at `path`. Lenient parsing, because VEX producers write
 * purls the way their SBOM tools do (upper-case qualifier keys, raw npm '@' scopes),
 * and a statement must match the same package however its purl was spelled.
 */
export function canonicalPurl(value: string, path: string): CanonicalPurl {
  const result = validatePurl(value, { lenient: true });
  if (result.ok) return { ok: true, purl: result.canonical };
  return { ok: false, error: { path, message: `invalid purl "${value}": ${result.error}` } };
}

export function isPurl(value: string): boolean {
  return value.startsWith('pkg:');
}

export function isCpe(value: string): boolean {
  return value.startsWith('cpe:');
}
