import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  assertComparisons,
  assertFixture,
  assertParsing,
  mustParse,
  numberText,
  orderLaws,
  schemeMetadata,
} from '../../../testing/version-scheme-checks.js';
import { scheme, type AlpmVersion } from './index.js';

schemeMetadata(scheme, 'alpm');

test('orders epoch, pkgver and pkgrel as vercmp does', () => {
  assertComparisons(scheme, [
    // pkgver segments: numbers beat letters, a trailing letter run loses to the end.
    { a: '1.5.0', op: '<', b: '1.5.1' },
    { a: '1.5.1', op: '>', b: '1.5' },
    { a: '1.5.0-1', op: '<', b: '1.5.0-2' },
    { a: '1.5.a', op: '>', b: '1.5' },
    { a: '1.5.b', op: '>', b: '1.5.a' },
    { a: '1.5.1', op: '>', b: '1.5.b' },
    { a: '1.5b', op: '<', b: '1.5' },
    { a: '1.0a', op: '<', b: '1.0alpha' },
    { a: '1.0alpha', op: '<', b: '1.0b' },
    { a: '1.0rc', op: '<', b: '1.0' },
    { a: '1.0', op: '<', b: '1.0.a' },
    { a: '1.0', op: '<', b: '1.0.1' },
    { a: '1.0a', op: '<', b: '1.0.a' },
    { a: '1.0.a', op: '<', b: '1.0.1' },
    { a: '1:1.0', op: '>', b: '0:9.9' },
    { a: '1:1.0', op: '>', b: '1.1' },
    { a: '0:1.0', op: '=', b: '1.0' },
    { a: ':1.0', op: '=', b: '1.0' },
    // Numbers by value, of any size; leading zeros do not count.
    { a: '1.010', op: '=', b: '1.10' },
    { a: '1.9', op: '<', b: '1.10' },
    { a: '12345678901234567890', op: '<', b: '12345678901234567891' },
    // A different run of separators decides on its own: the longer run is newer.
    { a: '1.0', op: '=', b: '1_0' },
    { a: '1..0', op: '>', b: '1.1' },
    { a: '1+0', op: '<', b: '1++0' },
    // Real Arch packages.
    { a: '6.9.7.arch1-1', op: '<', b: '6.9.8.arch1-1' },
    { a: '2.42.0-1', op: '<', b: '2.42.0-2' },
    { a: '1.3.0.r12.g1a2b3c4-1', op: '<', b: '1.3.0.r13.g0f0f0f0-1' },
    { a: '2:1.2.3-1', op: '>', b: '1:9.9.9-9' },
    { a: '1.2.3-1.1', op: '>', b: '1.2.3-1' },
  ]);
});

test('matches any pkgrel when one side has none, as vercmp does', () => {
  // So equality is not transitive: 1.5-1 = 1.5 = 1.5-2, yet 1.5-1 < 1.5-2.
  assertComparisons(scheme, [
    { a: '1.5', op: '=', b: '1.5-1' },
    { a: '1.5', op: '=', b: '1.5-2' },
    { a: '1.5-1', op: '<', b: '1.5-2' },
    { a: '1:1.5', op: '=', b: '1:1.5-9' },
    { a: '1.5', op: '<', b: '1.5.1-1' },
  ]);
});

test("reproduces rpmvercmp's cycle around a trailing separator", () => {
  // libalpm's rpmvercmp is not transitive when a version ends in a separator:
  // 1a1b < 1a.a (shorter separator run) and 1a.a < 1a. (letters lose to the end), yet 1a1b > 1a.
  assertComparisons(scheme, [
    { a: '1a1b', op: '<', b: '1a.a' },
    { a: '1a.a', op: '<', b: '1a.' },
    { a: '1a1b', op: '>', b: '1a.' },
  ]);
});

test('reads epoch, pkgver and pkgrel as parseEVR does', () => {
  assert.deepEqual(mustParse(scheme, '2:1.0-3'), { epoch: '2', version: '1.0', release: '3' });
  assert.deepEqual(mustParse(scheme, '1.0'), { epoch: '0', version: '1.0', release: undefined });
  // The pkgrel follows the last hyphen; a colon after anything but digits is pkgver text.
  assert.deepEqual(mustParse(scheme, '1:2-3-4'), { epoch: '1', version: '2-3', release: '4' });
  assert.deepEqual(mustParse(scheme, 'a:1'), { epoch: '0', version: 'a:1', release: undefined });
});

test('refuses empty parts, blanks, control and non-ASCII characters', () => {
  assertParsing(scheme, { refuses: [''], reason: 'empty version' });
  assertParsing(scheme, { refuses: ['1:', ':', '-1', '1:-1'], reason: 'empty pkgver' });
  assertParsing(scheme, { refuses: ['1.0-', '1:1.0-'], reason: 'empty pkgrel' });
  assertParsing(scheme, {
    refuses: [' 1.0', '1.0 ', '1.0\t-1', '1.0\n', '1.0-1\u0000', '1.0é'],
    reason: 'whitespace, control or non-ASCII',
    parses: ['0', 'a', '1.0+git', '2.0_rc1', '1.0-1.1', 'r123.abcdef0-1', '1.0@foo-1'],
  });
});

test('passes univers alpm sort and equality tests', () => {
  assertFixture(scheme, 'univers/schema/alpm_version_cmp.json', { count: 42 });
});

/** pkgver segments as Arch writes them: numbers, words, git-describe parts. */
const segment = fc.oneof(
  numberText,
  fc.constantFrom('a', 'b', 'alpha', 'beta', 'rc', 'pre', 'r', 'arch', 'git', 'g1a2b3c4', 'rc1', '1a', 'p1'),
  fc.stringMatching(/^[a-z0-9]{1,6}$/),
);

/** pkgver: segments joined by one separator, or glued; it starts and ends with an alphanumeric, as real ones do. */
const pkgver = fc
  .tuple(segment, fc.array(fc.tuple(fc.constantFrom('.', '.', '_', '+', ''), segment), { maxLength: 4 }))
  .map(([first, rest]) => first + rest.map(([sep, part]) => sep + part).join(''));

const epoch = fc.option(fc.integer({ min: 0, max: 3 }).map((n) => `${n}:`), { nil: '' });
const pkgrel = fc.oneof(fc.integer({ min: 1, max: 12 }).map(String), fc.constantFrom('1.1', '2.1', '0.1'));

/** Full package versions, which in a repository always carry a pkgrel. */
const packageVersion = fc.tuple(epoch, pkgver, pkgrel).map(([e, v, r]) => `${e}${v}-${r}`);

describe('compare is a total order on generated package versions', () => {
  orderLaws(scheme, packageVersion, 20_000);
});

describe('with and without pkgrel, compare is still a strict order', () => {
  const version = fc
    .tuple(epoch, pkgver, fc.option(pkgrel, { nil: undefined }))
    .map(([e, v, r]) => mustParse(scheme, `${e}${v}${r === undefined ? '' : `-${r}`}`));
  const sign = (a: AlpmVersion, b: AlpmVersion): number => Math.sign(scheme.compare(a, b));
  it('is antisymmetric', () => {
    fc.assert(fc.property(version, version, (a, b) => sign(a, b) === -sign(b, a)), { numRuns: 5000 });
  });
  it('is transitive for <', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => !(sign(a, b) < 0 && sign(b, c) < 0) || sign(a, c) < 0),
      { numRuns: 5000 },
    );
  });
});
