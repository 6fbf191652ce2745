import { createHash, randomBytes } from 'node:crypto';

/** A new random secret with a readable prefix (so leaked tokens are recognisable to secret scanners). */
export function newSecret(prefix: 'chs' | 'cht'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Secrets are stored only as their SHA-256: a stolen database yields no usable token. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
