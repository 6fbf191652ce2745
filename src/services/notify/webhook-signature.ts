import { createHmac, timingSafeEqual } from 'node:crypto';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: Stripe's scheme, which receivers already know how to check. */
export const signatureHeader = 'Clearinghouse-Signature';
/** The same for every attempt at one notification, so a receiver can drop repeats. */
export const idempotencyKeyHeader = 'Clearinghouse-Idempotency-Key';
/** The notification's event type, e.g. `vulnerability.affects-inventory`. */
export const eventHeader = 'Clearinghouse-Event';

/** Stripe's default: wide enough for clock skew and a slow network, narrow enough to make replays useless. */
export const defaultToleranceSeconds = 300;

/** Hex HMAC-SHA256 over `<t>.<body>`. */
function signaturePayloadHmac(secret: string, timestampSeconds: number, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
}

/**
 * The `Clearinghouse-Signature` value for a body. The timestamp is inside the signed text so a
 * captured request cannot be replayed later: the receiver rejects signatures older than its
 * tolerance, and changing `t` breaks the HMAC.
 */
export function signWebhookBody(secret: string, body: string | Uint8Array, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${signaturePayloadHmac(secret, timestampSeconds, body)}`;
}

/** The three headers that go with one webhook delivery attempt. */
export function webhookHeaders(input: {
  secret: string;
  body: string | Uint8Array;
  event: string;
  idempotencyKey: string;
  now: Date;
}): Record<string, string> {
  const timestampSeconds = Math.floor(input.now.getTime() / 1000);
  return {
    [signatureHeader]: signWebhookBody(input.secret, input.body, timestampSeconds),
    [idempotencyKeyHeader]: input.idempotencyKey,
    [eventHeader]: input.event,
  };
}

/** Why a signature was not accepted. */
export type SignatureFailure = 'missing-header' | 'malformed-header' | 'timestamp-out-of-tolerance' | 'signature-mismatch';

/** The outcome of checking one signature header. */
export type SignatureCheck =
  | { readonly ok: true; readonly timestampSeconds: number }
  | { readonly ok: false; readonly failure: SignatureFailure; readonly message: string };

const hexSha256 = /^[0-9a-f]{64}$/;

/**
 * Checks a `Clearinghouse-Signature` header against the raw body. Several `v1=` entries are
 * accepted (one per secret while a secret is being rotated); any one matching is enough.
 * Timestamps further than `toleranceSeconds` from `now`, in either direction, are refused.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string | Uint8Array,
  options: { toleranceSeconds?: number; now?: Date } = {},
): SignatureCheck {
  if (header === undefined || header.trim() === '') {
    return { ok: false, failure: 'missing-header', message: `${signatureHeader} header is missing` };
  }
  let timestampSeconds: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestampSeconds = Number(value);
    else if (key === 'v1' && hexSha256.test(value)) candidates.push(value);
  }
  if (timestampSeconds === undefined || candidates.length === 0) {
    return { ok: false, failure: 'malformed-header', message: `${signatureHeader} needs t=<unix seconds> and v1=<64 hex digits>` };
  }
  const tolerance = options.toleranceSeconds ?? defaultToleranceSeconds;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestampSeconds) > tolerance) {
    return {
      ok: false,
      failure: 'timestamp-out-of-tolerance',
      message: `signature timestamp ${timestampSeconds} is more than ${tolerance} s from now (${nowSeconds})`,
    };
  }
  const expected = Buffer.from(signaturePayloadHmac(secret, timestampSeconds, body), 'hex');
  // Constant-time comparison, so response timing reveals nothing about how much of a guess matched.
  const matches = candidates.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  return matches
    ? { ok: true, timestampSeconds }
    : { ok: false, failure: 'signature-mismatch', message: 'no v1 signature matches the body' };
}
