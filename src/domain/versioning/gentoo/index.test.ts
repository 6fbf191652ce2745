import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertComparisons, assertFixture, assertParsing, mustParse, numberText, orderLaws, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'gentoo');

test('orders as PMS section 3.3 does', () => {
  assertComparisons(scheme, [
    // 3.2: the first component as an integer, then more components win.
    { a: '1.0', op: '<', b: '1.0.0' },
    { a: '5', op: '<', b: '5.0' },
    { a: '01.2', op: '=', b: '1.2' },
    { a: '2', op: '<', b: '10' },
    { a: '999999999999999999999999999998', op: '<', b: '999999999999999999999999999999' },
    // 3.3: a leading zero compares as ASCII with trailing zeros stripped, else as integers.
    { a: '1.01', op: '<', b: '1.1' },
    { a: '1.010', op: '=', b: '1.01' },
    { a: '1.0', op: '=', b: '1.00' },
    { a: '1.09', op: '<', b: '1.1' },
    { a: '1.001000000000000000001', op: '<', b: '1.001000000000000000002' },
    { a: '1.00100000000', op: '<', b: '1.0010000000000000001' },
    { a: '1.9', op: '<', b: '1.10' },
    // 3.4: no letter first.
    { a: '1.2', op: '<', b: '1.2a' },
    { a: '1.2a', op: '<', b: '1.2b' },
    { a: '12.2b', op: '<', b: '12.2.5' },
    // 3.5 and 3.6: _alpha < _beta < _pre < _rc < (none) < _p, then the suffix number.
    { a: '1.0_alpha', op: '<', b: '1.0_beta' },
    { a: '1.0_beta9', op: '<', b: '1.0_pre1' },
    { a: '1.0_pre', op: '<', b: '1.0_rc' },
    { a: '1.0_rc99', op: '<', b: '1.0' },
    { a: '1.0', op: '<', b: '1.0_p' },
    { a: '1.0_p', op: '=', b: '1.0_p0' },
    { a: '1.0_p1', op: '<', b: '1.0_p2' },
    { a: '1.0_rc1_p1', op: '>', b: '1.0_rc1' },
    { a: '1.0_rc1_beta', op: '<', b: '1.0_rc1' },
    { a: '1.0_p1_alpha', op: '>', b: '1.0_p' },
    { a: '1.0_p1_alpha', op: '<', b: '1.0_p1' },
    { a: '1b_p1', op: '>', b: '1_p1' },
    { a: '1.0_alpha1', op: '<', b: '1.0a_alpha1' },
    // 3.7: the revision, -r0 being none.
    { a: '1.0', op: '=', b: '1.0-r0' },
    { a: '1.0-r1', op: '<', b: '1.0-r2' },
    { a: '1.0-r9', op: '<', b: '1.0-r10' },
    { a: '1.0-r01', op: '=', b: '1.0-r1' },
    { a: '1.0_p1', op: '>', b: '1.0-r9' },
  ]);
});

test('reads the parts PMS defines', () => {
  assert.deepEqual(mustParse(scheme, '1.02.3b_pre2_p-r04'), {
    numbers: ['1', '02', '3'],
    letter: 98,
    suffixKinds: [2, 4],
    suffixNumbers: ['2', '0'],
    revision: '4',
  });
});

test('refuses what PMS does not allow', () => {
  assertParsing(scheme, {
    refuses: ['', 'a', '.1', '1.', '1..2', '1A', '1ab', '1_', '1_foo', '1_pr', '1_alpha-1', '1-r', '1-r1a', '1-1', 'v1.0', ' 1.0', '1.0 ', '1.0-r1-r2'],
    parses: ['0', '1', '1.0', '1a', '1_p', '1_alpha_beta_pre_rc_p', '1.2.3b_rc1_p2-r3', '2024.01.02'],
  });
  assertParsing(scheme, { refuses: ['1_foo'], reason: 'suffix must be' });
  assertParsing(scheme, { refuses: ['1-r'], reason: 'needs a number' });
});

test('passes univers gentoo sort and equality tests', () => {
  assertFixture(scheme, 'univers/schema/gentoo_version_cmp.json', { count: 48 });
});

/** Ebuild versions: numbers with leading zeros and beyond 2^53, a letter, suffixes, a revision. */
const gentooVersion = fc
  .record({
    numbers: fc.array(numberText, { minLength: 1, maxLength: 4 }),
    letter: fc.option(fc.constantFrom('a', 'b', 'k', 'z'), { nil: '' }),
    suffixes: fc.array(fc.tuple(fc.constantFrom('alpha', 'beta', 'pre', 'rc', 'p'), fc.option(numberText, { nil: '' })), { maxLength: 3 }),
    revision: fc.option(numberText, { nil: undefined }),
  })
  .map(
    ({ numbers, letter, suffixes, revision }) =>
      `${numbers.join('.')}${letter}${suffixes.map(([kind, n]) => `_${kind}${n}`).join('')}${revision === undefined ? '' : `-r${revision}`}`,
  );

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, gentooVersion, 20_000);
});
