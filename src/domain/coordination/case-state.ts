/**
 * The life of a coordinated disclosure case, as CERT/CC's VINCE runs one: triage, the
 * vendors told, their acknowledgement, the fix, publication; or a close as invalid,
 * duplicate or won't fix.
 *
 * States describe coordination only. No state approves, licenses, pre-clears or blocks
 * anything outside the case (a release, a product, a model): the program's order forbids
 * licensing and preclearance.
 */

export const CASE_STATES = [
  'triage',
  'vendor_notified',
  'acknowledged',
  'fix_in_progress',
  'fixed',
  'published',
  'closed_invalid',
  'closed_duplicate',
  'closed_wont_fix',
] as const;

export type CaseState = (typeof CASE_STATES)[number];

/** States a case ends in without being published; each may be reopened to 'triage'. */
export const CLOSED_STATES: readonly CaseState[] = ['closed_invalid', 'closed_duplicate', 'closed_wont_fix'];

/** What a transition's rules need to know about the case beyond its state. */
export interface TransitionContext {
  /** Vendor participants on the case. */
  readonly vendorCount: number;
  /** Vendor participants that have acknowledged the notification. */
  readonly acknowledgedVendorCount: number;
  /** The case this one duplicates, required to close as 'closed_duplicate'. */
  readonly duplicateOf?: string | undefined;
}

export type TransitionResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A rule on entering a state: a sentence saying why not, or undefined when allowed. */
type Guard = (context: TransitionContext) => string | undefined;

const always: Guard = () => undefined;

const needsVendor: Guard = (context) =>
  context.vendorCount >= 1 ? undefined : 'Notifying vendors needs at least one vendor participant on the case; add a vendor first.';

const needsAcknowledgement: Guard = (context) =>
  context.acknowledgedVendorCount >= 1 ? undefined : 'A case is acknowledged once at least one vendor has acknowledged the notification; none has yet.';

const needsDuplicateOf: Guard = (context) =>
  context.duplicateOf !== undefined && context.duplicateOf.trim() !== ''
    ? undefined
    : 'Closing as a duplicate needs the case it duplicates (duplicateOf).';

const closeAsInvalidOrDuplicate = { closed_invalid: always, closed_duplicate: needsDuplicateOf } as const;
const close = { ...closeAsInvalidOrDuplicate, closed_wont_fix: always } as const;
const reopen = { triage: always } as const;

interface StateRule {
  /** The states a case may move to from here, each with the rule for entering it. */
  readonly next: Readonly<Partial<Record<CaseState, Guard>>>;
  /** Why no other move is possible, where one sentence says it better than the list of next states. */
  readonly refusal?: string;
}

/*
 * A vendor that will not fix is a vendor decision, so 'closed_wont_fix' needs a vendor to
 * have been told. Publishing requires 'fixed', as the program decided for this system,
 * although CERT/CC itself may publish an unfixed case when its embargo ends.
 */
const RULES: { readonly [S in CaseState]: StateRule } = {
  triage: { next: { vendor_notified: needsVendor, ...closeAsInvalidOrDuplicate } },
  vendor_notified: { next: { acknowledged: needsAcknowledgement, ...close } },
  acknowledged: { next: { fix_in_progress: always, ...close } },
  fix_in_progress: { next: { fixed: always, ...close } },
  // A fix found incomplete goes back to work.
  fixed: { next: { fix_in_progress: always, published: always } },
  published: { next: {}, refusal: "A published case is final: nothing follows 'published'." },
  closed_invalid: { next: reopen, refusal: "A closed case can only be reopened, to 'triage'." },
  closed_duplicate: { next: reopen, refusal: "A closed case can only be reopened, to 'triage'." },
  closed_wont_fix: { next: reopen, refusal: "A closed case can only be reopened, to 'triage'." },
};

/** Why a state cannot be entered from elsewhere, for states that have a single way in. */
const ENTRY_REQUIREMENTS: Readonly<Partial<Record<CaseState, string>>> = {
  published: "Publishing requires the case to be 'fixed'",
  fixed: "A case becomes 'fixed' from 'fix_in_progress'",
  fix_in_progress: "Work on a fix starts once the case is 'acknowledged'",
  acknowledged: "Acknowledgement follows 'vendor_notified'",
  vendor_notified: "Vendors are notified from 'triage'",
  closed_wont_fix: "Closing as won't fix is a vendor's decision, made after 'vendor_notified' and before 'fixed'",
};

export function isCaseState(value: unknown): value is CaseState {
  return typeof value === 'string' && (CASE_STATES as readonly string[]).includes(value);
}

/** The states a case in `state` may move to, before the context's rules are checked. */
export function nextStates(state: CaseState): readonly CaseState[] {
  return CASE_STATES.filter((candidate) => RULES[state].next[candidate] !== undefined);
}

/** Whether a case may move from `from` to `to`; when not, a sentence saying why. */
export function transition(from: CaseState, to: CaseState, context: TransitionContext): TransitionResult {
  if (from === to) return { ok: false, reason: `The case is already '${from}'.` };
  const rule = RULES[from];
  const guard = rule.next[to];
  if (guard !== undefined) {
    const reason = guard(context);
    return reason === undefined ? { ok: true } : { ok: false, reason };
  }
  if (rule.refusal !== undefined) return { ok: false, reason: rule.refusal };
  const requirement = ENTRY_REQUIREMENTS[to];
  if (requirement !== undefined) return { ok: false, reason: `${requirement}; this case is '${from}'.` };
  return { ok: false, reason: `A case in '${from}' cannot move to '${to}'; it can move to ${nextStates(from).map((s) => `'${s}'`).join(', ')}.` };
}
