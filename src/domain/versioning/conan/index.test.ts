import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertComparisons, assertFixture, assertParsing, mustParse, numberText, orderLaws, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'conan');

test("orders items, pre-releases and builds as Conan's Version does", () => {
  assertComparisons(scheme, [
    // Any number of items; trailing zeros do not count.
    { a: '1', op: '=', b: '1.0.0.0' },
    { a: '1.2', op: '<', b: '1.2.0.1' },
    { a: '1.22', op: '>', b: '1.3' },
    { a: '1.01', op: '=', b: '1.1' },
    { a: '1.0.0', op: '<', b: '1.0.0.0.1' },
    { a: '1.2.3.4.5.6', op: '<', b: '1.2.3.4.5.7' },
    { a: '1.2.99999999999999999999999', op: '<', b: '1.2.100000000000000000000000' },
    // Text items compare as strings; a number against text compares as the string Python prints.
    { a: '1.1.a', op: '>', b: '1.1' },
    { a: '1.a', op: '>', b: '1.99' },
    { a: 'a.b.c', op: '<', b: 'b.c' },
    { a: '1.B', op: '<', b: '1.a' },
    { a: '1.1*', op: '<', b: '1.20' },
    { a: '1.1_0', op: '=', b: '1.10' },
    // A pre-release sorts before its release, compared by its own items.
    { a: '1.0-alpha', op: '<', b: '1.0' },
    { a: '1.0-alpha.2', op: '<', b: '1.0-alpha.10' },
    { a: '1.0-alpha', op: '<', b: '1.0-beta' },
    { a: '1.0-rc.1', op: '>', b: '0.9' },
    { a: '1.0-pre1.0', op: '=', b: '1-pre1' },
    { a: '1.0.0-', op: '<', b: '1.0.0-alpha' },
    // Since Conan 2.0.10 the pre-release starts at the first hyphen and keeps the others.
    { a: '0.0.1-3-1', op: '<', b: '0.0.1' },
    { a: '1.0-a-b', op: '>', b: '1.0-a' },
    // Builds are ordered too, a missing one first.
    { a: '1.0', op: '<', b: '1.0+1' },
    { a: '1.0+b1', op: '<', b: '1.0+b2' },
    { a: '1.0+b.3', op: '<', b: '1.0+b.22' },
    { a: '1.0-pre+b9', op: '<', b: '1.0' },
    { a: '1.0+1', op: '<', b: '1.0.1' },
    { a: '1+a+b', op: '>', b: '1+a' },
  ]);
});

test("keeps Conan's own cycle between numbers and digit-led text", () => {
  // Python compares int with str as strings: '1a' < '2' but '1a' > '10', while 2 < 10.
  assertComparisons(scheme, [
    { a: '1.1a', op: '<', b: '1.2' },
    { a: '1.1a', op: '>', b: '1.10' },
    { a: '1.2', op: '<', b: '1.10' },
  ]);
});

test('reads items as Python int() does', () => {
  assert.deepEqual(mustParse(scheme, '01.2_0.x.0.0'), { main: { texts: ['1', '20', 'x'], kinds: [1, 1, 0] }, pre: undefined, build: undefined });
  assert.deepEqual(mustParse(scheme, '1-a.-5.+0+b'), {
    main: { texts: ['1'], kinds: [1] },
    pre: { texts: ['a', '-5'], kinds: [0, -1] },
    build: { texts: ['b'], kinds: [0] },
  });
  assertComparisons(scheme, [
    { a: '1-a.-5', op: '<', b: '1-a.-4' },
    { a: '1-a.-5', op: '<', b: '1-a.0.1' },
    { a: '1-a.-0', op: '=', b: '1-a' },
  ]);
});

test('refuses only empty text, blanks, control and non-ASCII characters', () => {
  assertParsing(scheme, { refuses: [''], reason: 'empty version' });
  assertParsing(scheme, {
    refuses: [' 1.0', '1.0 ', '1.0\n', '1.\u00000', '1.0-β'],
    reason: 'whitespace, control or non-ASCII',
    parses: ['1', 'a', '.', '-', '+', '1..2', '1.0-', '1.1.*', 'cci.20230101', '1.0+b+c'],
  });
});

test('passes univers conan sort and equality tests', () => {
  assertFixture(scheme, 'univers/schema/conan_version_cmp.json', { count: 47 });
});

/** Item text as Conan recipes write it; digit-led text is left out, as it meets Conan's cycle above. */
const word = fc.oneof(
  fc.constantFrom('a', 'b', 'alpha', 'beta', 'rc', 'pre', 'dev', 'cci', 'x', 'Beta', 'RC', '*', 'pre1', 'rc2'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,5}$/),
);
const items = (max: number): fc.Arbitrary<string> =>
  fc.array(fc.oneof(numberText, numberText, word), { minLength: 1, maxLength: max }).map((parts) => parts.join('.'));

/** `main[-pre][+build]` with numbers (leading zeros, beyond 2^53), words and wildcards. */
const conanVersion = fc
  .record({ main: items(5), pre: fc.option(items(3), { nil: undefined }), build: fc.option(items(3), { nil: undefined }) })
  .map(({ main, pre, build }) => `${main}${pre === undefined ? '' : `-${pre}`}${build === undefined ? '' : `+${build}`}`);

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, conanVersion, 20_000);
});
