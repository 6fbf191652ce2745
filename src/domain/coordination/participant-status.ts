/**
 * Who takes part in a case, and what each vendor says about it. Vendor statuses follow
 * VINCE's (Affected, Not Affected, Unknown) plus 'not_assessed', the status of a vendor
 * that has not answered yet, so that "has not looked" is never mistaken for "not affected".
 */
import type { FieldError } from './field-error.js';

export const PARTICIPANT_ROLES = ['reporter', 'vendor', 'coordinator'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const VENDOR_STATUSES = ['not_assessed', 'affected', 'not_affected', 'unknown'] as const;
export type VendorStatus = (typeof VENDOR_STATUSES)[number];

/** A vendor's status when it joins a case. */
export const INITIAL_VENDOR_STATUS: VendorStatus = 'not_assessed';

/** The most characters a vendor statement may hold: a few paragraphs, as VINCE's statements are. */
export const MAX_STATEMENT_LENGTH = 10_000;

export function isParticipantRole(value: unknown): value is ParticipantRole {
  return typeof value === 'string' && (PARTICIPANT_ROLES as readonly string[]).includes(value);
}

export function isVendorStatus(value: unknown): value is VendorStatus {
  return typeof value === 'string' && (VENDOR_STATUSES as readonly string[]).includes(value);
}

/** A vendor's answer: a status and, optionally, a public statement explaining it. */
export interface VendorStatusChange {
  readonly status: VendorStatus;
  readonly statement?: string | undefined;
}

export type VendorStatusResult =
  | { readonly ok: true; readonly change: { readonly status: VendorStatus; readonly statement?: string } }
  | { readonly ok: false; readonly error: FieldError };

/**
 * Checks a vendor's status change. An answer is any status but 'not_assessed', which only a
 * vendor that has never answered has; a vendor may revise its answer (an 'unknown' becomes
 * 'affected' once assessed). Repeating the current status is a change only with a statement.
 * The statement is trimmed; a blank one counts as none.
 */
export function changeVendorStatus(current: VendorStatus, change: VendorStatusChange): VendorStatusResult {
  if (change.status === 'not_assessed') {
    return { ok: false, error: { field: 'status', message: "'not_assessed' is the status before a vendor answers; an answer is 'affected', 'not_affected' or 'unknown'" } };
  }
  const statement = change.statement?.trim() ?? '';
  if (statement.length > MAX_STATEMENT_LENGTH) {
    return { ok: false, error: { field: 'statement', message: `a statement may hold at most ${MAX_STATEMENT_LENGTH} characters; this one has ${statement.length}` } };
  }
  if (change.status === current && statement === '') {
    return { ok: false, error: { field: 'status', message: `the vendor's status is already '${current}'; add a statement to say more` } };
  }
  return { ok: true, change: statement === '' ? { status: change.status } : { status: change.status, statement } };
}
