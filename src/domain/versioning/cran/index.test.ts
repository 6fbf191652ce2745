import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, assertParsing, compareCases, orderLaws, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'cran');

describe('orders integer components, "." and "-" alike, a prefix first', () => {
  compareCases(scheme, [
    ['1.0-1', '=', '1.0.1'],
    ['1.0', '<', '1.0-0'],
    ['0.9', '<', '0.10'],
    ['0.01', '=', '0.1'],
    ['1.2-10', '>', '1.2-9'],
    ['2147483647.0', '>', '2147483646.9'],
    ['3.0.0', '>', '2.16.1'],
  ]);
});

test('refuses anything but integers separated by "." or "-"', () => {
  assertParsing(scheme, {
    refuses: ['', '.', '1.', '-1', '1..2', '1.0a', '1.0-rc1', 'v1.0', '1.0 ', '1_0', '2147483648.0'],
    parses: ['1', '0.1-3', '1.2.2-2', '2147483647'],
  });
});

test('passes osv-scalibr cran fixtures (hand-written and generated with R)', () => {
  assertFixture(scheme, 'osv-scalibr-semantic/cran-versions.json');
  assertFixture(scheme, 'osv-scalibr-semantic/cran-versions-generated.json');
});

test('parses every version in the CRAN OSV records', async () => {
  const { checked, failures } = await scanCorpus(scheme, ['cran.jsonl.gz']);
  assert.ok(checked > 100, `only ${checked} versions read`);
  assert.deepEqual(failures, []);
});

const cranVersion = fc
  .tuple(fc.integer({ min: 0, max: 12 }), fc.array(fc.tuple(fc.constantFrom('.', '-'), fc.constantFrom('0', '1', '2', '01', '10', '12')), { maxLength: 4 }))
  .map(([first, rest]) => String(first) + rest.map(([sep, n]) => sep + n).join(''));

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, cranVersion, 20_000);
});
