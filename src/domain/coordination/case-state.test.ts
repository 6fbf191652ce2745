import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CASE_STATES, CLOSED_STATES, isCaseState, nextStates, transition, type CaseState, type TransitionContext } from './case-state.js';

/** A case with everything a transition may ask for. */
const READY: TransitionContext = { vendorCount: 2, acknowledgedVendorCount: 1, duplicateOf: 'CASE-2026-0001' };

/** Every allowed move, written out here rather than derived from the module's table. */
const ALLOWED: readonly (readonly [CaseState, CaseState])[] = [
  ['triage', 'vendor_notified'],
  ['triage', 'closed_invalid'],
  ['triage', 'closed_duplicate'],
  ['vendor_notified', 'acknowledged'],
  ['vendor_notified', 'closed_invalid'],
  ['vendor_notified', 'closed_duplicate'],
  ['vendor_notified', 'closed_wont_fix'],
  ['acknowledged', 'fix_in_progress'],
  ['acknowledged', 'closed_invalid'],
  ['acknowledged', 'closed_duplicate'],
  ['acknowledged', 'closed_wont_fix'],
  ['fix_in_progress', 'fixed'],
  ['fix_in_progress', 'closed_invalid'],
  ['fix_in_progress', 'closed_duplicate'],
  ['fix_in_progress', 'closed_wont_fix'],
  ['fixed', 'fix_in_progress'],
  ['fixed', 'published'],
  ['closed_invalid', 'triage'],
  ['closed_duplicate', 'triage'],
  ['closed_wont_fix', 'triage'],
];

describe('CASE_STATES', () => {
  it('lists the nine states of the requirement, closed ones last', () => {
    assert.deepEqual(CASE_STATES, [
      'triage',
      'vendor_notified',
      'acknowledged',
      'fix_in_progress',
      'fixed',
      'published',
      'closed_invalid',
      'closed_duplicate',
      'closed_wont_fix',
    ]);
    assert.deepEqual(CLOSED_STATES, ['closed_invalid', 'closed_duplicate', 'closed_wont_fix']);
  });

  it('recognises state names and nothing else', () => {
    assert.ok(isCaseState('fix_in_progress'));
    assert.equal(isCaseState('Fixed'), false);
    assert.equal(isCaseState('closed'), false);
    assert.equal(isCaseState(3), false);
  });
});

describe('transition', () => {
  for (const [from, to] of ALLOWED) {
    it(`allows ${from} → ${to}`, () => {
      assert.deepEqual(transition(from, to, READY), { ok: true });
    });
  }

  it('refuses every move not in the table, each with a sentence', () => {
    let refused = 0;
    for (const from of CASE_STATES) {
      for (const to of CASE_STATES) {
        if (ALLOWED.some(([f, t]) => f === from && t === to)) continue;
        const result = transition(from, to, READY);
        assert.equal(result.ok, false, `${from} → ${to}`);
        if (!result.ok) assert.match(result.reason, /^[A-Z].*\.$/, `${from} → ${to}: ${result.reason}`);
        refused += 1;
      }
    }
    assert.equal(refused, CASE_STATES.length ** 2 - ALLOWED.length);
  });

  it('nextStates lists exactly the allowed moves of each state', () => {
    for (const from of CASE_STATES) {
      assert.deepEqual(
        nextStates(from),
        ALLOWED.filter(([f]) => f === from).map(([, t]) => t).sort((a, b) => CASE_STATES.indexOf(a) - CASE_STATES.indexOf(b)),
        from,
      );
    }
    assert.deepEqual(nextStates('published'), []);
  });

  const refusals: readonly { from: CaseState; to: CaseState; context?: TransitionContext; reason: string }[] = [
    { from: 'acknowledged', to: 'published', reason: "Publishing requires the case to be 'fixed'; this case is 'acknowledged'." },
    { from: 'triage', to: 'published', reason: "Publishing requires the case to be 'fixed'; this case is 'triage'." },
    { from: 'published', to: 'triage', reason: "A published case is final: nothing follows 'published'." },
    { from: 'published', to: 'closed_invalid', reason: "A published case is final: nothing follows 'published'." },
    { from: 'closed_wont_fix', to: 'fix_in_progress', reason: "A closed case can only be reopened, to 'triage'." },
    { from: 'closed_duplicate', to: 'closed_invalid', reason: "A closed case can only be reopened, to 'triage'." },
    {
      from: 'triage',
      to: 'vendor_notified',
      context: { vendorCount: 0, acknowledgedVendorCount: 0 },
      reason: 'Notifying vendors needs at least one vendor participant on the case; add a vendor first.',
    },
    {
      from: 'vendor_notified',
      to: 'acknowledged',
      context: { vendorCount: 3, acknowledgedVendorCount: 0 },
      reason: 'A case is acknowledged once at least one vendor has acknowledged the notification; none has yet.',
    },
    {
      from: 'fix_in_progress',
      to: 'closed_duplicate',
      context: { vendorCount: 1, acknowledgedVendorCount: 1, duplicateOf: '  ' },
      reason: 'Closing as a duplicate needs the case it duplicates (duplicateOf).',
    },
    { from: 'triage', to: 'fix_in_progress', reason: "Work on a fix starts once the case is 'acknowledged'; this case is 'triage'." },
    { from: 'vendor_notified', to: 'fixed', reason: "A case becomes 'fixed' from 'fix_in_progress'; this case is 'vendor_notified'." },
    {
      from: 'triage',
      to: 'closed_wont_fix',
      reason: "Closing as won't fix is a vendor's decision, made after 'vendor_notified' and before 'fixed'; this case is 'triage'.",
    },
    {
      from: 'fixed',
      to: 'closed_invalid',
      reason: "A case in 'fixed' cannot move to 'closed_invalid'; it can move to 'fix_in_progress', 'published'.",
    },
    {
      from: 'acknowledged',
      to: 'triage',
      reason: "A case in 'acknowledged' cannot move to 'triage'; it can move to 'fix_in_progress', 'closed_invalid', 'closed_duplicate', 'closed_wont_fix'.",
    },
    { from: 'fixed', to: 'fixed', reason: "The case is already 'fixed'." },
  ];
  for (const { from, to, context, reason } of refusals) {
    it(`refuses ${from} → ${to}: ${reason}`, () => {
      assert.deepEqual(transition(from, to, context ?? READY), { ok: false, reason });
    });
  }

  it('runs a case from triage to published, and a closed one back to triage', () => {
    const path: CaseState[] = ['triage', 'vendor_notified', 'acknowledged', 'fix_in_progress', 'fixed', 'published'];
    for (let i = 1; i < path.length; i += 1) assert.deepEqual(transition(path[i - 1]!, path[i]!, READY), { ok: true });
    assert.deepEqual(transition('closed_invalid', 'triage', { vendorCount: 0, acknowledgedVendorCount: 0 }), { ok: true });
  });
});
