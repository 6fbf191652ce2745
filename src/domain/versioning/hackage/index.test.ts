import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, assertParsing, compareCases, orderLaws, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'hackage');

describe('orders component lists lexicographically, a prefix first', () => {
  compareCases(scheme, [
    ['1', '<', '1.0'],
    ['1.0', '<', '1.0.0'],
    ['1.0.0', '<', '1.0.0.1'],
    ['1.0.0.1', '<', '1.1'],
    ['1.9', '<', '1.10'],
    ['0.20110401', '<', '0.20110417'],
    ['9.10.1', '>', '9.8.3'],
    ['999999999.1', '>', '999999998.2'],
    ['2.3', '=', '2.3'],
  ]);
});

test("refuses what Cabal's parser refuses, and tags", () => {
  assertParsing(scheme, {
    refuses: ['', '.', '1.', '.1', '1..2', '01', '1.02', '1234567890', '1.0-rc1', '1.0-foo', 'v1.0', '1.0 ', '1,0', '-1'],
    parses: ['0', '0.0', '10.20.30.40.50', '123456789'],
  });
});

test('passes osv-scalibr hackage fixtures', () => {
  assertFixture(scheme, 'osv-scalibr-semantic/hackage-versions.json', { count: 11 });
});

test('parses every Hackage and GHC version in the HSEC OSV records', async () => {
  const { ecosystems, failures } = await scanCorpus(scheme, ['hackage.jsonl.gz']);
  assert.deepEqual(ecosystems, ['GHC', 'Hackage']);
  assert.deepEqual(failures, []);
});

const hackageVersion = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'));

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, hackageVersion, 20_000);
});
