import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEpssParser, parseEpss } from './epss.js';

// Fixtures in FIRST's EPSS CSV format (https://www.first.org/epss/data_stats), written by hand.
const CURRENT = [
  '#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000',
  'cve,epss,percentile',
  'CVE-1999-0001,0.00383,0.72269',
  'CVE-2021-44228,0.97565,0.99998',
  'CVE-2024-12345,1e-05,0.0',
  '',
].join('\n');

describe('parseEpss', () => {
  it('reads the model version, score date and rows of a current file', () => {
    assert.deepEqual(parseEpss(CURRENT), {
      modelVersion: 'v2023.03.01',
      scoreDate: '2023-03-07T00:00:00+0000',
      rows: [
        { cve: 'CVE-1999-0001', epss: 0.00383, percentile: 0.72269 },
        { cve: 'CVE-2021-44228', epss: 0.97565, percentile: 0.99998 },
        { cve: 'CVE-2024-12345', epss: 0.00001, percentile: 0 },
      ],
      errors: [],
    });
  });

  it('reads a file without the comment line, with CRLF endings, a BOM and reordered columns', () => {
    const text = '\uFEFFpercentile,cve,epss\r\n0.5,CVE-2020-0001,0.1\r\n';
    assert.deepEqual(parseEpss(text), { rows: [{ cve: 'CVE-2020-0001', epss: 0.1, percentile: 0.5 }], errors: [] });
  });

  it('takes an iterable of lines', () => {
    const lines = CURRENT.split('\n');
    assert.equal(parseEpss(lines).rows.length, 3);
    assert.equal(parseEpss(new Set(lines)).rows.length, 3);
  });

  it('reports bad rows with line numbers and keeps the rest', () => {
    const text = [
      '#model_version:v2025.03.14,score_date:2025-03-20T00:00:00+0000',
      'cve,epss,percentile',
      'CVE-2020-0001,0.1,0.5',
      'CVE-20-1,0.1,0.5',
      'CVE-2020-0002,abc,0.5',
      'CVE-2020-0003,1.5,0.5',
      'CVE-2020-0004,0.2',
      'CVE-2020-0001,0.3,0.6',
      '# a late comment',
      'CVE-2020-0005,0.2,0.9',
    ].join('\n');
    const file = parseEpss(text);
    assert.deepEqual(file.rows.map((r) => r.cve), ['CVE-2020-0001', 'CVE-2020-0005']);
    assert.deepEqual(file.errors, [
      { line: 4, message: '"CVE-20-1" is not a CVE id' },
      { line: 5, message: 'CVE-2020-0002: epss "abc" is not a number' },
      { line: 6, message: 'CVE-2020-0003: epss 1.5 is outside [0, 1]' },
      { line: 7, message: 'CVE-2020-0004: percentile "" is not a number' },
      { line: 8, message: 'CVE-2020-0001 appears more than once; first row kept' },
      { line: 9, message: 'comment line after the header' },
    ]);
  });

  it('reports a missing header once and still reads the rows', () => {
    const file = parseEpss('CVE-2020-0001,0.1,0.5\nCVE-2020-0002,0.2,0.6');
    assert.deepEqual(file.rows.map((r) => r.cve), ['CVE-2020-0001', 'CVE-2020-0002']);
    assert.deepEqual(file.errors, [{ line: 1, message: 'expected the header "cve,epss,percentile", got "CVE-2020-0001,0.1,0.5"' }]);
  });

  it('an empty input has no rows and no errors', () => {
    assert.deepEqual(parseEpss(''), { rows: [], errors: [] });
  });
});

describe('createEpssParser', () => {
  it('returns each row as its line arrives, and the metadata once read', () => {
    const parser = createEpssParser();
    assert.equal(parser.push('#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000\n'), undefined);
    assert.equal(parser.modelVersion, 'v2023.03.01');
    assert.equal(parser.scoreDate, '2023-03-07T00:00:00+0000');
    assert.equal(parser.push('cve,epss,percentile\n'), undefined);
    assert.deepEqual(parser.push('CVE-2021-44228,0.97565,0.99998\n'), { cve: 'CVE-2021-44228', epss: 0.97565, percentile: 0.99998 });
    assert.equal(parser.push('garbage'), undefined);
    assert.deepEqual(parser.errors, [{ line: 4, message: '"garbage" is not a CVE id' }]);
  });
});
