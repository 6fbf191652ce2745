import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACKNOWLEDGEMENT_DAYS,
  DEFAULT_EMBARGO_DAYS,
  EXPLOITED_EMBARGO_DAYS,
  MAX_EXTENSION_DAYS,
  acknowledgementDeadline,
  addDays,
  embargoDate,
  embargoOnExploitation,
  extendEmbargo,
} from './embargo-policy.js';
import { formatInZone } from './zoned-date.js';

const at = (iso: string): Date => new Date(iso);

describe('policy constants', () => {
  it('are 90 days, 7 when exploited, 7 to acknowledge and 45 per extension', () => {
    assert.equal(DEFAULT_EMBARGO_DAYS, 90);
    assert.equal(EXPLOITED_EMBARGO_DAYS, 7);
    assert.equal(ACKNOWLEDGEMENT_DAYS, 7);
    assert.equal(MAX_EXTENSION_DAYS, 45);
  });
});

describe('embargoDate', () => {
  const cases = [
    { notified: '2026-01-15T12:00:00.000Z', exploited: false, until: '2026-04-15T12:00:00.000Z', why: '90 days across February' },
    { notified: '2026-12-20T23:59:00.000Z', exploited: false, until: '2027-03-20T23:59:00.000Z', why: '90 days across the year end' },
    { notified: '2027-12-01T00:00:00.000Z', exploited: false, until: '2028-02-29T00:00:00.000Z', why: '90 days onto a leap day' },
    { notified: '2026-01-31T23:30:00.000Z', exploited: true, until: '2026-02-07T23:30:00.000Z', why: '7 days from a month end' },
    { notified: '2027-02-25T08:00:00.000Z', exploited: true, until: '2027-03-04T08:00:00.000Z', why: '7 days across a 28-day February' },
    { notified: '2028-02-25T08:00:00.000Z', exploited: true, until: '2028-03-03T08:00:00.000Z', why: '7 days across a 29-day February' },
  ];
  for (const { notified, exploited, until, why } of cases) {
    it(`${why}: ${notified} → ${until}`, () => {
      assert.equal(embargoDate({ vendorNotifiedAt: at(notified), exploited }).toISOString(), until);
    });
  }

  it('counts whole UTC days, so the local hour moves when daylight saving starts in between', () => {
    // US daylight saving time starts on 2026-03-08: 09:00 EST becomes 10:00 EDT at the same UTC hour.
    const notified = at('2026-03-01T14:00:00.000Z');
    const until = embargoDate({ vendorNotifiedAt: notified, exploited: true });
    assert.equal(until.toISOString(), '2026-03-08T14:00:00.000Z');
    assert.equal(formatInZone(notified, 'America/New_York'), '2026-03-01 09:00 EST');
    assert.equal(formatInZone(until, 'America/New_York'), '2026-03-08 10:00 EDT');
  });

  it('counts whole UTC days when daylight saving ends in Europe', () => {
    const until = embargoDate({ vendorNotifiedAt: at('2026-08-01T08:00:00.000Z'), exploited: false });
    assert.equal(until.toISOString(), '2026-10-30T08:00:00.000Z');
    assert.equal(formatInZone(until, 'Europe/Berlin', 'de-DE'), '2026-10-30 09:00 MEZ');
  });
});

describe('acknowledgementDeadline', () => {
  it('is 7 days after notification, across a year end', () => {
    assert.equal(acknowledgementDeadline(at('2026-12-28T10:00:00.000Z')).toISOString(), '2027-01-04T10:00:00.000Z');
  });

  it('comes no later than the embargo of an exploited case', () => {
    const notified = at('2026-05-01T00:00:00.000Z');
    assert.ok(acknowledgementDeadline(notified) <= embargoDate({ vendorNotifiedAt: notified, exploited: true }));
  });
});

describe('embargoOnExploitation', () => {
  it('shortens a 90-day embargo to 7 days from now', () => {
    const until = embargoDate({ vendorNotifiedAt: at('2026-06-01T12:00:00.000Z'), exploited: false });
    assert.equal(embargoOnExploitation({ until }, at('2026-06-20T15:30:00.000Z')).toISOString(), '2026-06-27T15:30:00.000Z');
  });

  it('keeps an embargo that already ends sooner', () => {
    const until = at('2026-06-22T00:00:00.000Z');
    assert.equal(embargoOnExploitation({ until }, at('2026-06-20T00:00:00.000Z')), until);
  });
});

describe('extendEmbargo', () => {
  const current = { until: at('2026-09-01T12:00:00.000Z') };
  const now = at('2026-08-20T09:00:00.000Z');

  it('accepts a later date with a reason, trimmed, and records when and from what', () => {
    const result = extendEmbargo(current, { until: at('2026-09-15T12:00:00.000Z'), reason: '  vendor needs a firmware release cycle\n', now });
    assert.deepEqual(result, {
      ok: true,
      extension: { from: current.until, until: at('2026-09-15T12:00:00.000Z'), reason: 'vendor needs a firmware release cycle', extendedAt: now },
    });
  });

  it('accepts exactly 45 extra days and refuses one minute more', () => {
    assert.equal(extendEmbargo(current, { until: addDays(current.until, 45), reason: 'patch train', now }).ok, true);
    const tooFar = extendEmbargo(current, { until: at('2026-10-16T12:01:00.000Z'), reason: 'patch train', now });
    assert.deepEqual(tooFar, {
      ok: false,
      error: {
        field: 'until',
        message:
          'one extension may add at most 45 days, so the new embargo date can be 2026-10-16T12:00:00.000Z at the latest; ask again with a new reason for more',
      },
    });
  });

  it('lets extensions follow one another', () => {
    const first = extendEmbargo(current, { until: addDays(current.until, 45), reason: 'first', now });
    assert.ok(first.ok);
    const second = extendEmbargo(first.extension, { until: addDays(first.extension.until, 30), reason: 'second', now });
    assert.ok(second.ok);
    assert.equal(second.extension.until.toISOString(), '2026-11-15T12:00:00.000Z');
  });

  const refusals = [
    { until: '2026-09-15T12:00:00.000Z', reason: '', field: 'reason', message: 'an embargo extension needs a reason' },
    { until: '2026-09-15T12:00:00.000Z', reason: ' \t\n', field: 'reason', message: 'an embargo extension needs a reason' },
    { until: 'not a date', reason: 'late', field: 'until', message: 'the new embargo date is not a valid date' },
    {
      until: '2026-09-01T12:00:00.000Z',
      reason: 'same day',
      field: 'until',
      message: 'the new embargo date 2026-09-01T12:00:00.000Z must be later than the current one, 2026-09-01T12:00:00.000Z',
    },
    {
      until: '2026-08-25T00:00:00.000Z',
      reason: 'earlier',
      field: 'until',
      message: 'the new embargo date 2026-08-25T00:00:00.000Z must be later than the current one, 2026-09-01T12:00:00.000Z',
    },
  ];
  for (const { until, reason, field, message } of refusals) {
    it(`refuses until=${until} reason=${JSON.stringify(reason)}: ${message}`, () => {
      assert.deepEqual(extendEmbargo(current, { until: at(until), reason, now }), { ok: false, error: { field, message } });
    });
  }

  it('refuses a new date that has already passed', () => {
    const ended = { until: at('2026-08-01T00:00:00.000Z') };
    assert.deepEqual(extendEmbargo(ended, { until: at('2026-08-10T00:00:00.000Z'), reason: 'late ask', now }), {
      ok: false,
      error: { field: 'until', message: 'the new embargo date 2026-08-10T00:00:00.000Z has already passed' },
    });
  });
});
