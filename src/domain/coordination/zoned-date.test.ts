import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatInZone, isValidTimeZone } from './zoned-date.js';

const instant = new Date('2026-12-01T14:00:00.000Z');

describe('formatInZone', () => {
  const cases = [
    { zone: 'America/New_York', locale: 'en-US', text: '2026-12-01 09:00 EST' },
    { zone: 'America/Los_Angeles', locale: 'en-US', text: '2026-12-01 06:00 PST' },
    { zone: 'Europe/Berlin', locale: 'en-US', text: '2026-12-01 15:00 GMT+1' },
    { zone: 'Europe/Berlin', locale: 'de-DE', text: '2026-12-01 15:00 MEZ' },
    { zone: 'Asia/Kolkata', locale: 'en-US', text: '2026-12-01 19:30 GMT+5:30' },
    { zone: 'Asia/Tokyo', locale: 'ja-JP', text: '2026-12-01 23:00 JST' },
    { zone: 'Pacific/Kiritimati', locale: 'en-US', text: '2026-12-02 04:00 GMT+14' },
    { zone: 'UTC', locale: 'en-US', text: '2026-12-01 14:00 UTC' },
  ];
  for (const { zone, locale, text } of cases) {
    it(`shows ${instant.toISOString()} in ${zone} (${locale}) as ${text}`, () => {
      assert.equal(formatInZone(instant, zone, locale), text);
    });
  }

  it('defaults to en-US', () => {
    assert.equal(formatInZone(instant, 'America/Chicago'), '2026-12-01 08:00 CST');
  });

  it('writes Latin digits and a 24-hour clock in every locale', () => {
    assert.equal(formatInZone(new Date('2026-07-01T23:05:00.000Z'), 'Asia/Riyadh', 'ar-SA').slice(0, 16), '2026-07-02 02:05');
    assert.equal(formatInZone(new Date('2026-07-01T04:00:00.000Z'), 'America/New_York'), '2026-07-01 00:00 EDT');
  });

  it('shows the hour daylight saving skips and repeats as the zone does', () => {
    assert.equal(formatInZone(new Date('2026-03-08T06:59:00.000Z'), 'America/New_York'), '2026-03-08 01:59 EST');
    assert.equal(formatInZone(new Date('2026-03-08T07:00:00.000Z'), 'America/New_York'), '2026-03-08 03:00 EDT');
    assert.equal(formatInZone(new Date('2026-11-01T05:30:00.000Z'), 'America/New_York'), '2026-11-01 01:30 EDT');
    assert.equal(formatInZone(new Date('2026-11-01T06:30:00.000Z'), 'America/New_York'), '2026-11-01 01:30 EST');
  });

  it('falls back to UTC for an unknown zone and en-US for a malformed locale, still naming the zone', () => {
    assert.equal(formatInZone(instant, 'Mars/Olympus_Mons'), '2026-12-01 14:00 UTC');
    assert.equal(formatInZone(instant, 'America/New_York', 'not a locale!'), '2026-12-01 09:00 EST');
  });

  it('prints an invalid date as such', () => {
    assert.equal(formatInZone(new Date('nope'), 'UTC'), 'invalid date');
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and aliases, in any case', () => {
    for (const zone of ['America/New_York', 'Europe/Berlin', 'UTC', 'Etc/GMT+5', 'US/Eastern', 'asia/kolkata']) assert.ok(isValidTimeZone(zone), zone);
  });

  it('refuses anything else', () => {
    for (const zone of ['', ' ', 'EST5EDTX', 'Mars/Olympus_Mons', 'New York', 'America/New_York ']) assert.equal(isValidTimeZone(zone), false, zone);
  });
});
