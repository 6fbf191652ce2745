/**
 * Where a client stands in the change feed. Clients treat the encoded form as opaque and
 * hand back what the last page gave them; the same cursor always means the same position.
 */
export interface FeedCursor {
  /** Every record change up to this change-log sequence number has been served. */
  readonly seq: number;
  /** Fingerprint of the KEV entries served last ('' before any). */
  readonly kev: string;
  /** Fingerprint of the EPSS scores the client holds in full ('' before any). */
  readonly epss: string;
  /** While a changed EPSS set goes out over several pages: its fingerprint and the last CVE id sent. */
  readonly epssPending?: { readonly fingerprint: string; readonly after: string };
}

/** The position before anything was served. */
export const startCursor: FeedCursor = { seq: 0, kev: '', epss: '' };

/** Why a cursor could not be read. */
export interface CursorError {
  readonly message: string;
}

const fingerprintPattern = /^(?:[0-9a-f]{32})?$/;
const cvePattern = /^CVE-\d{4}-\d{4,}$/;

/** The opaque form: base64url of a small versioned JSON object. */
export function encodeCursor(cursor: FeedCursor): string {
  const wire: Record<string, unknown> = { v: 1, s: cursor.seq, k: cursor.kev, e: cursor.epss };
  if (cursor.epssPending) wire.p = [cursor.epssPending.fingerprint, cursor.epssPending.after];
  return Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

/** Reads a cursor given back by a client, or says why it is not one of ours. */
export function decodeCursor(text: string): FeedCursor | CursorError {
  const invalid = { message: 'is not a cursor this feed issued; pass the `next` value of a page, or omit `since` to start over' };
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return invalid;
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) return invalid;
  const { v, s, k, e, p } = wire as Record<string, unknown>;
  if (v !== 1) return invalid;
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) return invalid;
  if (typeof k !== 'string' || !fingerprintPattern.test(k) || typeof e !== 'string' || !fingerprintPattern.test(e)) return invalid;
  if (p === undefined) return { seq: s, kev: k, epss: e };
  if (!Array.isArray(p) || p.length !== 2) return invalid;
  const [fingerprint, after] = p as unknown[];
  if (typeof fingerprint !== 'string' || !fingerprintPattern.test(fingerprint) || typeof after !== 'string' || !cvePattern.test(after)) return invalid;
  return { seq: s, kev: k, epss: e, epssPending: { fingerprint, after } };
}

/** True when decoding failed. */
export function isCursorError(value: FeedCursor | CursorError): value is CursorError {
  return 'message' in value;
}
