import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  INITIAL_VENDOR_STATUS,
  MAX_STATEMENT_LENGTH,
  PARTICIPANT_ROLES,
  VENDOR_STATUSES,
  changeVendorStatus,
  isParticipantRole,
  isVendorStatus,
  type VendorStatus,
} from './participant-status.js';

const ANSWERS: readonly VendorStatus[] = ['affected', 'not_affected', 'unknown'];

describe('roles and statuses', () => {
  it('has the three roles and VINCE statuses plus not_assessed, which a vendor starts with', () => {
    assert.deepEqual(PARTICIPANT_ROLES, ['reporter', 'vendor', 'coordinator']);
    assert.deepEqual(VENDOR_STATUSES, ['not_assessed', 'affected', 'not_affected', 'unknown']);
    assert.equal(INITIAL_VENDOR_STATUS, 'not_assessed');
  });

  it('recognises names and nothing else', () => {
    assert.ok(isParticipantRole('coordinator'));
    assert.equal(isParticipantRole('admin'), false);
    assert.ok(isVendorStatus('not_affected'));
    assert.equal(isVendorStatus('Not Affected'), false);
    assert.equal(isVendorStatus(null), false);
  });
});

describe('changeVendorStatus', () => {
  for (const from of VENDOR_STATUSES) {
    for (const to of ANSWERS) {
      if (from === to) continue;
      it(`allows ${from} → ${to}`, () => {
        assert.deepEqual(changeVendorStatus(from, { status: to }), { ok: true, change: { status: to } });
      });
    }
  }

  for (const from of VENDOR_STATUSES) {
    it(`refuses ${from} → not_assessed: only a vendor that never answered has it`, () => {
      assert.deepEqual(changeVendorStatus(from, { status: 'not_assessed', statement: 'we have not looked yet' }), {
        ok: false,
        error: { field: 'status', message: "'not_assessed' is the status before a vendor answers; an answer is 'affected', 'not_affected' or 'unknown'" },
      });
    });
  }

  it('keeps a statement, trimmed, and drops a blank one', () => {
    assert.deepEqual(changeVendorStatus('not_assessed', { status: 'not_affected', statement: '\n  Our firmware does not ship libpng.  ' }), {
      ok: true,
      change: { status: 'not_affected', statement: 'Our firmware does not ship libpng.' },
    });
    assert.deepEqual(changeVendorStatus('not_assessed', { status: 'affected', statement: '   ' }), { ok: true, change: { status: 'affected' } });
  });

  it('refuses repeating the status without a statement, and accepts it with one', () => {
    assert.deepEqual(changeVendorStatus('affected', { status: 'affected' }), {
      ok: false,
      error: { field: 'status', message: "the vendor's status is already 'affected'; add a statement to say more" },
    });
    assert.deepEqual(changeVendorStatus('affected', { status: 'affected', statement: 'Fixed in 4.2.1.' }), {
      ok: true,
      change: { status: 'affected', statement: 'Fixed in 4.2.1.' },
    });
  });

  it(`refuses a statement longer than ${MAX_STATEMENT_LENGTH} characters`, () => {
    assert.equal(changeVendorStatus('unknown', { status: 'affected', statement: 'x'.repeat(MAX_STATEMENT_LENGTH) }).ok, true);
    assert.deepEqual(changeVendorStatus('unknown', { status: 'affected', statement: 'x'.repeat(MAX_STATEMENT_LENGTH + 1) }), {
      ok: false,
      error: { field: 'statement', message: `a statement may hold at most ${MAX_STATEMENT_LENGTH} characters; this one has ${MAX_STATEMENT_LENGTH + 1}` },
    });
  });
});
