import { scoreVector, type CvssScore } from '../cvss/cvss.js';
import type { PublicationError, PublicationResult } from './publication-error.js';

/** A vector that scored, of a CVSS version that is published. */
export type ScoredVector = Extract<CvssScore, { ok: true }> & { readonly version: '3.0' | '3.1' | '4.0' };

/** The case's CVSS vectors, scored: at most one v3.x and one v4.0. */
export interface CaseScores {
  readonly v3?: ScoredVector & { readonly version: '3.0' | '3.1' };
  readonly v4?: ScoredVector & { readonly version: '4.0' };
}

/**
 * Scores each vector with the repository's CVSS calculator, so the base scores and severities
 * published agree with what CSAF mandatory test 6.1.9 and CVE consumers compute. v2.0 is not
 * published (no current format needs it), and one vector per CVSS major version is allowed:
 * OSV has one severity entry per type, and CSAF test 6.1.7 refuses two scores of one version.
 */
export function caseScores(vectors: readonly string[]): PublicationResult<CaseScores> {
  const errors: PublicationError[] = [];
  const scores: { -readonly [K in keyof CaseScores]: CaseScores[K] } = {};
  vectors.forEach((vector, i) => {
    const path = `/cvssVectors/${i}`;
    const score = scoreVector(vector);
    if (!score.ok) {
      errors.push({ path, message: `${JSON.stringify(vector)} is not a CVSS vector: ${score.error}` });
      return;
    }
    if (score.version === '2.0') {
      errors.push({ path, message: 'CVSS v2.0 vectors are not published: give a CVSS:3.1/ or CVSS:4.0/ vector' });
      return;
    }
    const slot = score.version === '4.0' ? 'v4' : 'v3';
    if (scores[slot] !== undefined) {
      errors.push({ path, message: `a second CVSS ${slot === 'v4' ? 'v4.0' : 'v3.x'} vector: give one per CVSS version` });
      return;
    }
    if (score.version === '4.0') scores.v4 = { ...score, version: score.version };
    else scores.v3 = { ...score, version: score.version };
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: scores };
}
