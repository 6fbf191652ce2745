import { scoreVector } from '../cvss/cvss.js';

/** Longest title a finding keeps; a free-form report's limit too. */
export const TITLE_MAX_LENGTH = 300;

/**
 * A finding's title: the first candidate with text, its first line only, cut at
 * {@link TITLE_MAX_LENGTH} characters (a message or description used as a title can be long).
 */
export function titleFrom(...candidates: (string | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    const line = candidate
      ?.split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '');
    if (line === undefined) continue;
    return [...line].length <= TITLE_MAX_LENGTH ? line : `${[...line].slice(0, TITLE_MAX_LENGTH - 1).join('')}…`;
  }
  return undefined;
}

/** Unique non-blank strings, trimmed, in first-seen order. */
export function uniqueTexts(values: Iterable<string | undefined>): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const text = value?.trim();
    if (text) seen.add(text);
  }
  return [...seen];
}

/**
 * The CVSS vectors a feed gave that can be scored, each once. The formats' own schemas
 * check vector syntax only loosely (or not at all, as in SARIF properties); a vector the
 * calculator cannot score would only fail later, so it is not kept.
 */
export function scorableVectors(vectors: Iterable<string | undefined>): string[] {
  return uniqueTexts(vectors).filter((vector) => scoreVector(vector).ok);
}
