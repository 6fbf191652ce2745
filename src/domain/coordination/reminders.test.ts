import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, acknowledgementDeadline, embargoDate, extendEmbargo } from './embargo-policy.js';
import { REMINDER_OFFSETS, remindersDue, type Deadline } from './reminders.js';

const notified = new Date('2026-11-24T14:00:00.000Z');
const acknowledgement: Deadline = { kind: 'acknowledgement', at: acknowledgementDeadline(notified), subject: 'vendor-1' };
const embargoEnd: Deadline = { kind: 'embargo_end', at: embargoDate({ vendorNotifiedAt: notified, exploited: false }) };
const hours = (date: Date, n: number): Date => new Date(date.getTime() + n * 3_600_000);

describe('REMINDER_OFFSETS', () => {
  it('is a week before, a day before and on the date', () => {
    assert.deepEqual(REMINDER_OFFSETS, [
      { name: 'week_before', daysBefore: 7 },
      { name: 'day_before', daysBefore: 1 },
      { name: 'on_date', daysBefore: 0 },
    ]);
  });
});

describe('remindersDue', () => {
  it('keys a reminder by kind, subject, date and offset', () => {
    const [reminder] = remindersDue({ deadlines: [acknowledgement], sent: new Set(), now: addDays(acknowledgement.at, -7) });
    assert.deepEqual(reminder, {
      key: 'acknowledgement/vendor-1/2026-12-01T14:00:00.000Z/week_before',
      deadline: acknowledgement,
      offset: 'week_before',
      overdue: false,
    });
  });

  it('is empty until a week before the date', () => {
    assert.deepEqual(remindersDue({ deadlines: [embargoEnd], sent: new Set(), now: hours(addDays(embargoEnd.at, -7), -1) }), []);
    assert.deepEqual(remindersDue({ deadlines: [acknowledgement], sent: new Set(), now: hours(notified, -1) }), []);
  });

  it('sends each reminder once to a worker that runs every hour, and marks an unacknowledged date overdue', () => {
    const sent = new Set<string>();
    const log: string[] = [];
    for (let now = notified; now <= addDays(embargoEnd.at, 3); now = hours(now, 1)) {
      for (const reminder of remindersDue({ deadlines: [acknowledgement, embargoEnd], sent, now })) {
        assert.equal(sent.has(reminder.key), false, `sent twice: ${reminder.key}`);
        sent.add(reminder.key);
        log.push(`${now.toISOString()} ${reminder.key}${reminder.overdue ? ' overdue' : ''}`);
      }
    }
    assert.deepEqual(log, [
      '2026-11-24T14:00:00.000Z acknowledgement/vendor-1/2026-12-01T14:00:00.000Z/week_before',
      '2026-11-30T14:00:00.000Z acknowledgement/vendor-1/2026-12-01T14:00:00.000Z/day_before',
      '2026-12-01T14:00:00.000Z acknowledgement/vendor-1/2026-12-01T14:00:00.000Z/on_date overdue',
      '2027-02-15T14:00:00.000Z embargo_end//2027-02-22T14:00:00.000Z/week_before',
      '2027-02-21T14:00:00.000Z embargo_end//2027-02-22T14:00:00.000Z/day_before',
      '2027-02-22T14:00:00.000Z embargo_end//2027-02-22T14:00:00.000Z/on_date',
    ]);
  });

  it('sends only the latest reminder reached when the worker was down', () => {
    const due = remindersDue({ deadlines: [embargoEnd], sent: new Set(), now: hours(embargoEnd.at, -12) });
    assert.deepEqual(
      due.map((r) => r.offset),
      ['day_before'],
    );
    const late = remindersDue({ deadlines: [acknowledgement], sent: new Set(), now: addDays(acknowledgement.at, 30) });
    assert.deepEqual(
      late.map((r) => [r.offset, r.overdue]),
      [['on_date', true]],
    );
  });

  it('gives vendors notified together their own reminders', () => {
    const second: Deadline = { ...acknowledgement, subject: 'vendor/2' };
    const keys = remindersDue({ deadlines: [acknowledgement, second], sent: new Set(), now: notified }).map((r) => r.key);
    assert.deepEqual(keys, [
      'acknowledgement/vendor-1/2026-12-01T14:00:00.000Z/week_before',
      'acknowledgement/vendor%2F2/2026-12-01T14:00:00.000Z/week_before',
    ]);
  });

  it('reminds again before an extended embargo date', () => {
    const sent = new Set(remindersDue({ deadlines: [embargoEnd], sent: new Set(), now: addDays(embargoEnd.at, -1) }).map((r) => r.key));
    const now = hours(addDays(embargoEnd.at, -1), 2);
    const extended = extendEmbargo({ until: embargoEnd.at }, { until: addDays(embargoEnd.at, 14), reason: 'vendor release slipped', now });
    assert.ok(extended.ok);
    assert.deepEqual(remindersDue({ deadlines: [embargoEnd], sent, now }), []);
    const moved: Deadline = { kind: 'embargo_end', at: extended.extension.until };
    assert.deepEqual(remindersDue({ deadlines: [moved], sent, now: addDays(moved.at, -7) }).map((r) => r.key), [
      'embargo_end//2027-03-08T14:00:00.000Z/week_before',
    ]);
  });

  it('skips a deadline whose date is not valid rather than failing', () => {
    assert.deepEqual(remindersDue({ deadlines: [{ kind: 'embargo_end', at: new Date(Number.NaN) }], sent: new Set(), now: notified }), []);
  });
});
