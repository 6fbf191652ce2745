import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dueDate, policyDaysError, stricterTimeline } from './remediation.js';

test('a due date counts calendar days from the start, across month and year ends', () => {
  assert.equal(dueDate('14 days', '2026-12-25'), '2027-01-08');
  assert.equal(dueDate('60 days', '2026-01-01'), '2026-03-02');
  assert.equal(dueDate('3 days & forensic investigation', '2028-02-27'), '2028-03-01');
  assert.equal(dueDate('fix on system upgrade', '2026-01-01'), null);
});

test("an operator's policy shortens a timeline and gives a date to fix-on-upgrade, but never lengthens one", () => {
  assert.equal(dueDate('14 days', '2026-01-01', 7), '2026-01-08');
  assert.equal(dueDate('14 days', '2026-01-01', 30), '2026-01-15');
  assert.equal(dueDate('fix on system upgrade', '2026-01-01', 90), '2026-04-01');
  assert.equal(policyDaysError('14 days', 7), undefined);
  assert.match(policyDaysError('14 days', 15) ?? '', /at most 14 days/);
  assert.match(policyDaysError('60 days', -1) ?? '', /whole number/);
  assert.equal(policyDaysError('fix on system upgrade', 365), undefined);
});

test('the stricter of two timelines wins', () => {
  assert.equal(stricterTimeline('60 days', '3 days'), '3 days');
  assert.equal(stricterTimeline('3 days & forensic investigation', '3 days'), '3 days & forensic investigation');
  assert.equal(stricterTimeline('fix on system upgrade', '14 days'), '14 days');
});
