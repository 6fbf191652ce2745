import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bod2604Timeline, remediationDeadline } from './bod-26-04.js';
import { BOD_26_04_TIMELINE } from './decision-points.js';
import { BOD_26_04_TABLE } from './tables.js';

describe('bod2604Timeline', () => {
  it('answers every row of the CISA BOD 26-04 table', () => {
    BOD_26_04_TABLE.rows.forEach(([inKev, publiclyExposed, automatable, technicalImpact, expected], row) => {
      assert.deepEqual(bod2604Timeline({ inKev, publiclyExposed, automatable, technicalImpact }), { ok: true, value: expected, row });
    });
  });

  it('hand-checked cases, with value names in any case', () => {
    assert.deepEqual(bod2604Timeline({ inKev: 'Yes', publiclyExposed: 'Yes', automatable: 'No', technicalImpact: 'Total' }), { ok: true, value: '3 days & forensic investigation', row: 12 });
    assert.deepEqual(bod2604Timeline({ inKev: 'no', publiclyExposed: 'no', automatable: 'no', technicalImpact: 'total' }), { ok: true, value: 'fix on system upgrade', row: 4 });
    assert.deepEqual(bod2604Timeline({ inKev: 'yes', publiclyExposed: 'no', automatable: 'no', technicalImpact: 'partial' }), { ok: true, value: '14 days', row: 1 });
  });

  it('rejects bad inputs, naming the field', () => {
    const good = { inKev: 'yes', publiclyExposed: 'no', automatable: 'no', technicalImpact: 'partial' };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...good, inKev: true }, 'inKev', /^inKev: got boolean, not text; expected one of "no", "yes"$/],
      [{ ...good, publiclyExposed: 'maybe' }, 'publiclyExposed', /"maybe" is not a value/],
      [{ ...good, automatable: undefined }, 'automatable', /automatable: missing/],
      [{ ...good, technicalImpact: 'high' }, 'technicalImpact', /"high" is not a value; expected one of "partial", "total"/],
    ];
    for (const [input, field, error] of cases) {
      const result = bod2604Timeline({ inKev: input['inKev'], publiclyExposed: input['publiclyExposed'], automatable: input['automatable'], technicalImpact: input['technicalImpact'] });
      assert.equal(result.ok ? '' : result.field, field);
      assert.match(result.ok ? '' : result.error, error);
    }
  });
});

describe('remediationDeadline', () => {
  it('counts calendar days from the start date, across months, years and leap days', () => {
    const cases: [string, string, string][] = [
      ['3 days', '2026-01-30', '2026-02-02'],
      ['3 days', '2024-02-27', '2024-03-01'],
      ['3 days', '2025-02-27', '2025-03-02'],
      ['14 days', '2025-12-20', '2026-01-03'],
      ['14 days', '2021-12-10', '2021-12-24'],
      ['60 days', '2026-03-01', '2026-04-30'],
      ['60 days', '2026-03-29', '2026-05-28'],
    ];
    for (const [timeline, start, due] of cases) {
      const result = remediationDeadline(timeline, start);
      assert.ok(result.ok && result.deadline.kind === 'date', `${timeline} from ${start}`);
      assert.equal(result.deadline.dueDate, due, `${timeline} from ${start}`);
    }
  });

  it('gives every timeline of the table its deadline', () => {
    const deadlines = BOD_26_04_TIMELINE.map((timeline) => {
      const result = remediationDeadline(timeline, '2026-08-01');
      assert.ok(result.ok, timeline);
      return [timeline, result.deadline];
    });
    assert.deepEqual(deadlines, [
      ['fix on system upgrade', { kind: 'next-system-upgrade' }],
      ['60 days', { kind: 'date', days: 60, forensicInvestigation: false, dueDate: '2026-09-30' }],
      ['14 days', { kind: 'date', days: 14, forensicInvestigation: false, dueDate: '2026-08-15' }],
      ['3 days', { kind: 'date', days: 3, forensicInvestigation: false, dueDate: '2026-08-04' }],
      ['3 days & forensic investigation', { kind: 'date', days: 3, forensicInvestigation: true, dueDate: '2026-08-04' }],
    ]);
  });

  it('reads the timeline in any case and rejects unknown ones', () => {
    assert.deepEqual(remediationDeadline('14 Days', '2026-08-01'), { ok: true, deadline: { kind: 'date', days: 14, forensicInvestigation: false, dueDate: '2026-08-15' } });
    const unknown = remediationDeadline('30 days', '2026-08-01');
    assert.equal(unknown.ok ? '' : unknown.field, 'timeline');
    assert.match(unknown.ok ? '' : unknown.error, /"30 days" is not a value; expected one of "fix on system upgrade", "60 days"/);
  });

  it('rejects start dates that are not calendar dates', () => {
    for (const start of ['2025-02-29', '2026-13-01', '2026-04-31', '2026-8-1', '2026-08-01T00:00:00Z', '', 'tomorrow']) {
      const result = remediationDeadline('3 days', start);
      assert.equal(result.ok ? '' : result.field, 'startDate', start);
      assert.match(result.ok ? '' : result.error, /is not a calendar date YYYY-MM-DD/, start);
    }
    assert.deepEqual(remediationDeadline('3 days', '0099-12-30'), { ok: true, deadline: { kind: 'date', days: 3, forensicInvestigation: false, dueDate: '0100-01-02' } });
    const late = remediationDeadline('60 days', '9999-12-01');
    assert.match(late.ok ? '' : late.error, /9999-12-01 plus 60 days is past 9999-12-31/);
    assert.deepEqual(remediationDeadline('fix on system upgrade', '9999-12-31'), { ok: true, deadline: { kind: 'next-system-upgrade' } });
  });
});
