import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJson, sharedDataPath } from '../../../testing/shared-data.js';
import { assertComparisons, assertFixture, assertParsing, mustParse, orderLaws, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'openssl');

test('orders letter releases and their stages as OPENSSL_VERSION_NUMBER does', () => {
  assertComparisons(scheme, [
    { a: '0.9.8', op: '<', b: '0.9.8a' },
    { a: '0.9.8y', op: '<', b: '0.9.8za' },
    { a: '0.9.8za', op: '<', b: '0.9.8zh' },
    { a: '1.0.1u', op: '<', b: '1.0.2' },
    { a: '1.0.2u', op: '<', b: '1.0.2za' },
    { a: '0.9.10', op: '>', b: '0.9.8zh' },
    // opensslv.h: 0.9.3-dev < 0.9.3-beta1 < 0.9.3-beta2 < 0.9.3 < 0.9.3a (status nibble 0, 1, 2, f).
    { a: '0.9.3-dev', op: '<', b: '0.9.3-beta1' },
    { a: '0.9.3-beta1', op: '<', b: '0.9.3-beta2' },
    { a: '0.9.3-beta2', op: '<', b: '0.9.3' },
    { a: '0.9.3-beta10', op: '>', b: '0.9.3-beta9' },
    { a: '0.9.6b-beta3', op: '>', b: '0.9.6a' },
    { a: '0.9.6b-beta3', op: '<', b: '0.9.6b' },
    { a: '1.0.2zd-dev', op: '>', b: '1.0.2zc' },
    { a: '1.0.2zd-dev', op: '<', b: '1.0.2zd' },
    { a: '1.1.1-pre9', op: '<', b: '1.1.1' },
    { a: '1.1.1-pre2', op: '>', b: '1.1.1-beta1' },
    { a: '0.9.7-alpha3', op: '<', b: '0.9.7-beta1' },
    { a: '0.9.7-beta', op: '=', b: '0.9.7-beta0' },
    // Other tags (CVS snapshots, FIPS builds) follow their release, as in univers.
    { a: '0.9.6-cvs', op: '>', b: '0.9.6' },
    { a: '0.9.6-cvs', op: '<', b: '0.9.6a' },
    { a: '1.0.2k-fips', op: '>', b: '1.0.2k' },
    { a: '1.0.2k-cvs', op: '<', b: '1.0.2k-fips' },
  ]);
});

test('orders 3.x by SemVer, after every earlier version', () => {
  assertComparisons(scheme, [
    { a: '1.1.1zz', op: '<', b: '3.0.0-alpha1' },
    { a: '3.0.0-alpha1', op: '<', b: '3.0.0-alpha17' },
    { a: '3.0.0-alpha17', op: '<', b: '3.0.0-beta1' },
    { a: '3.0.0-beta2', op: '<', b: '3.0.0' },
    { a: '3.0.0', op: '<', b: '3.0.1' },
    { a: '3.0.9', op: '<', b: '3.0.10' },
    { a: '3.5.0', op: '<', b: '4.0.0' },
    { a: '3.0.0+quic', op: '=', b: '3.0.0' },
    { a: '3.2.0-dev', op: '<', b: '3.2.0' },
  ]);
});

test('reads letters and stages before 3.0 only', () => {
  assert.deepEqual(mustParse(scheme, '1.0.2zc-beta07'), {
    major: 1,
    minor: 0,
    patch: 2,
    letters: 'zc',
    stage: 2,
    stageText: '7',
    pre: { nums: [], texts: [] },
  });
  assert.deepEqual(mustParse(scheme, '3.0.0-alpha1'), {
    major: 3,
    minor: 0,
    patch: 0,
    letters: '',
    stage: 4,
    stageText: '',
    pre: { nums: [-1], texts: ['alpha1'] },
  });
});

test('refuses what is no OpenSSL version', () => {
  assertParsing(scheme, { refuses: ['', '1', '1.0', 'v1.0.2', ' 1.0.2', '1.0.', '..'], reason: 'expected major.minor.patch' });
  assertParsing(scheme, { refuses: ['2.0.0', '2.1.3a'], reason: 'no 2.x' });
  assertParsing(scheme, { refuses: ['1.0.2-', '1.0.2-Beta1', '1.0.2a-dev-1', '1.0.2-b_1'], reason: 'tag after "-"' });
  assertParsing(scheme, {
    refuses: ['1.0.2.3', '1.0.2 ', '1.0.2A', '1.0.2a1', '3.0.0a', '3.0.0-', '3.0.0-a..b', '3.0.0+', '3.0.0_1', '1.0.99999999999999999999'],
    parses: ['0.9.1', '1.1.1w', '1.0.2zzz', '1.0.0-fips', '3.0.0', '3.0.0-beta2+build.7', '10.0.0'],
  });
});

test('passes univers openssl sort and equality tests', () => {
  assertFixture(scheme, 'univers/schema/openssl_version_cmp.json', { count: 44 });
});

/**
 * Where this scheme follows OpenSSL's numbering rather than univers' sorted list. univers
 * compares the text after the fix number as a string, so `zc-dev` sorts after `zc`; OpenSSL
 * encodes `-dev` with status nibble 0, before the release it names (opensslv.h: 0.9.3-dev <
 * 0.9.3), and this scheme does the same for every `-dev`.
 */
const VERSORT_EXCEPTIONS = new Map([['1.0.2zc-dev', { before: '1.0.2zc', univers: 'after 1.0.2zc, before 1.0.2zd' }]]);

describe("univers' sorted list of all OpenSSL versions", () => {
  const universOrder = readJson<{ string: string }[]>(sharedDataPath('versions', 'univers', 'openssl', 'openssl_versort_expected.json')).map((v) => v.string);

  /** univers' list with each named exception moved to where OpenSSL's numbering puts it. */
  const expected = universOrder.filter((text) => !VERSORT_EXCEPTIONS.has(text));
  for (const [text, { before }] of VERSORT_EXCEPTIONS) expected.splice(expected.indexOf(before), 0, text);

  test('holds 172 versions, every one parsed', () => {
    assert.equal(universOrder.length, 172);
    assert.equal(new Set(universOrder).size, 172);
    assert.equal(expected.length, 172);
    for (const text of universOrder) mustParse(scheme, text);
  });

  test('named exceptions sit where univers says and sort where OpenSSL says', () => {
    for (const [text, { before, univers }] of VERSORT_EXCEPTIONS) {
      const at = universOrder.indexOf(text);
      assert.equal(universOrder[at - 1], before, `univers puts ${text} ${univers}`);
      assertComparisons(scheme, [{ a: text, op: '<', b: before }]);
    }
  });

  test('any shuffle of it sorts into that order', () => {
    const versions = new Map(expected.map((text) => [mustParse(scheme, text), text]));
    fc.assert(
      fc.property(fc.shuffledSubarray([...versions.keys()], { minLength: versions.size }), (shuffled) => {
        const sorted = shuffled.sort((a, b) => scheme.compare(a, b)).map((v) => versions.get(v));
        assert.deepEqual(sorted, expected);
      }),
      { numRuns: 200 },
    );
  });
});

const small = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max });

/** Versions before 3.0: 0.9.x and 1.x.y, letter releases up to `zz`, -dev, -alphaN, -betaN, -preN and other tags. */
const legacyVersion = fc
  .record({
    base: fc.oneof(fc.tuple(fc.constant(0), fc.constant(9), small(8)), fc.tuple(fc.constant(1), small(1), small(2))),
    letters: fc.oneof(fc.constant(''), fc.stringMatching(/^[a-y]$/), fc.stringMatching(/^z[a-z]?$/), fc.stringMatching(/^[a-z]{1,3}$/)),
    stage: fc.option(
      fc.oneof(
        fc.constantFrom('dev', 'cvs', 'fips', 'beta', 'pre0'),
        fc.tuple(fc.constantFrom('alpha', 'beta', 'pre'), small(15)).map(([w, n]) => `${w}${n}`),
      ),
      { nil: undefined },
    ),
  })
  .map(({ base, letters, stage }) => `${base.join('.')}${letters}${stage === undefined ? '' : `-${stage}`}`);

/** Versions from 3.0: SemVer with OpenSSL's pre-release tags and an occasional build. */
const semverVersion = fc
  .record({
    core: fc.tuple(fc.integer({ min: 3, max: 5 }), small(6), small(20)),
    pre: fc.option(
      fc.oneof(fc.constantFrom('dev', 'alpha', 'beta'), fc.tuple(fc.constantFrom('alpha', 'beta'), small(17)).map(([w, n]) => `${w}${n}`)),
      { nil: undefined },
    ),
    build: fc.option(fc.constantFrom('quic', 'fips.1'), { nil: undefined }),
  })
  .map(({ core, pre, build }) => `${core.join('.')}${pre === undefined ? '' : `-${pre}`}${build === undefined ? '' : `+${build}`}`);

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, fc.oneof(legacyVersion, semverVersion), 20_000);
});
