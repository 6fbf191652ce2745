import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseErrors, isUtcTimestamp, isWebUrl, publisherErrors } from './case-checks.js';
import { sampleCase, samplePublisher } from '../../testing/publication-samples.js';
import type { PublishableCase, Publisher } from './publishable-case.js';

const sample = sampleCase;
const publisher = samplePublisher;
const paths = (errors: readonly { path: string }[]): string[] => errors.map((e) => e.path);

describe('isUtcTimestamp', () => {
  it('accepts RFC 3339 UTC date-times, with or without fractions', () => {
    for (const text of ['2026-03-02T15:00:00Z', '2024-02-29T23:59:59.123456Z', '1999-12-31T00:00:00Z']) assert.ok(isUtcTimestamp(text), text);
  });
  it('refuses offsets, missing zones, dates that do not exist and years the CVE schema refuses', () => {
    for (const text of ['2026-03-02T15:00:00+01:00', '2026-03-02T15:00:00', '2026-03-02', '2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-03-02T24:00:00Z', '1899-12-31T00:00:00Z', '2026-3-2T15:00:00Z']) {
      assert.equal(isUtcTimestamp(text), false, text);
    }
  });
});

describe('isWebUrl', () => {
  it('accepts absolute http(s) URLs with RFC 3986 characters', () => {
    for (const url of ['https://example.com', 'http://example.com:8080/a/b?c=d&e=%20#f', "https://example.com/a(b)!$'*+,;=@~"]) assert.ok(isWebUrl(url), url);
  });
  it('refuses other schemes, relative URLs, spaces and characters RFC 3986 forbids', () => {
    for (const url of ['ftp://example.com', '/relative', 'https://', 'https://exa mple.com', 'https://example.com/a b', 'https://example.com/<x>', 'https://example.com/%zz', 'https://example.com/é']) {
      assert.equal(isWebUrl(url), false, url);
    }
  });
});

describe('caseErrors', () => {
  it('finds nothing wrong with the sample case', () => {
    assert.deepEqual(caseErrors(sample), []);
  });

  it('points at each bad field', () => {
    const bad: PublishableCase = {
      ...sample,
      id: ' CH-1',
      cveId: 'CVE-26-1',
      title: ' ',
      published: '2026-03-10T00:00:00Z',
      modified: '2026-03-09T00:00:00Z',
      cwes: ['CWE-79', 'cwe-80', 'CWE-79', 'CWE-1234567'],
      affected: [],
      references: [{ url: 'https://example.com/a', type: 'WEB' }, { url: 'not a url', type: 'WEB' }, { url: 'https://example.com/a', type: 'FIX' }],
      credits: [{ name: '', type: 'FINDER' }],
    };
    assert.deepEqual(paths(caseErrors(bad)), [
      '/id',
      '/cveId',
      '/title',
      '/modified',
      '/cwes/1',
      '/cwes/2',
      '/cwes/3',
      '/affected',
      '/references/1/url',
      '/references/2/url',
      '/credits/0/name',
      '/revisions/1/date',
    ]);
  });

  it('wants revisions strictly later one after another (CSAF test 6.1.14 sorts ties by number, descending) and none after modified', () => {
    const tied = caseErrors({ ...sample, revisions: [sample.revisions[0]!, { date: sample.revisions[0]!.date, summary: 'Same moment.' }] });
    assert.deepEqual(paths(tied), ['/revisions/1/date']);
    assert.match(tied[0]!.message, /not later than revision 1/);
    const late = caseErrors({ ...sample, revisions: [...sample.revisions, { date: '2026-04-01T00:00:00Z', summary: 'After modified.' }] });
    assert.deepEqual(paths(late), ['/revisions/2/date']);
    assert.deepEqual(paths(caseErrors({ ...sample, revisions: [] })), ['/revisions']);
    assert.deepEqual(paths(caseErrors({ ...sample, revisions: [{ date: 'yesterday', summary: '' }] })), ['/revisions/0/summary', '/revisions/0/date']);
  });
});

describe('publisherErrors', () => {
  it('finds nothing wrong with the sample publisher', () => {
    assert.deepEqual(publisherErrors(publisher, { cna: true }), []);
  });
  it('checks the CNA fields only for a CVE record', () => {
    const bad: Publisher = { name: '', namespace: 'http://clearinghouse.example', contactDetails: ' ', cnaOrgId: 'not-a-uuid', cnaShortName: 'X' };
    assert.deepEqual(paths(publisherErrors(bad, { cna: false })), ['/publisher/name', '/publisher/namespace', '/publisher/contactDetails']);
    assert.deepEqual(paths(publisherErrors(bad, { cna: true })), ['/publisher/name', '/publisher/namespace', '/publisher/contactDetails', '/publisher/cnaOrgId', '/publisher/cnaShortName']);
  });
});
