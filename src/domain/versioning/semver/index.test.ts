import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import semverLib from 'semver';
import { compareDigits } from '../segments.js';
import { MAX_KEY_DIGITS, numberKey } from '../sort-key.js';
import { readNumber } from './numbers.js';
import { assertFixture, assertFixtureKeys, compareCases, mustParse, orderLaws, refuseCases, scanCorpus, schemeMetadata, semverLikeText } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

// The key's tags (see index.ts).
const END = '\u0001';
const NUMERIC = '\u0002';
const TEXT = '\u0003';
const RELEASE = '\u0004';

describe('semver scheme', () => {
  schemeMetadata(scheme, 'semver');

  describe('parse', () => {
    const valid: readonly (readonly [string, readonly number[], number, number])[] = [
      // text, core, pre-release identifier count, build identifier count
      ['1.2.3', [1, 2, 3], 0, 0],
      ['v1.2.3', [1, 2, 3], 0, 0],
      ['1.2', [1, 2], 0, 0],
      ['1', [1], 0, 0],
      ['0', [0], 0, 0],
      ['1.1.3.4.5', [1, 1, 3, 4, 5], 0, 0],
      ['2018.08.18', [2018, 8, 18], 0, 0],
      ['1.0.0-alpha.1', [1, 0, 0], 2, 0],
      ['1.0.0-0.3.7', [1, 0, 0], 3, 0],
      ['1.0.0-x-y-z.--', [1, 0, 0], 2, 0],
      ['1.0.0+20130313144700', [1, 0, 0], 0, 1],
      ['1.0.0-beta+exp.sha.5114f85', [1, 0, 0], 1, 3],
      ['2.0.2-0.20190802080134-634605d06e73+incompatible', [2, 0, 2], 2, 1],
    ];
    for (const [text, core, pre, build] of valid) {
      it(`reads ${text}`, () => {
        const key = mustParse(scheme, text);
        // The key opens with the core's numbers, trailing zeros dropped, then a tag.
        const significant = core.slice(0, core.findLastIndex((n) => n !== 0) + 1);
        const coreKey = significant.map((n) => numberKey(String(n), 0, String(n).length)).join('');
        assert.ok(key.startsWith(coreKey) && key.charCodeAt(coreKey.length) < 0x20, JSON.stringify(key));
        // Then RELEASE, or one NUMERIC or TEXT tag per pre-release identifier and END.
        const rest = key.slice(coreKey.length);
        assert.equal([...rest].filter((c) => c === NUMERIC || c === TEXT).length, pre);
        assert.ok(rest.endsWith(pre === 0 ? RELEASE : END), JSON.stringify(key));
        // Build metadata never reaches the key.
        if (build > 0) assert.equal(key, mustParse(scheme, text.slice(0, text.indexOf('+'))));
      });
    }

    refuseCases(scheme, [
      ['', 'expected a number'],
      ['v', 'expected a number'],
      ['V1.2.3', 'expected a number'],
      ['=1.2.3', 'expected a number'],
      [' 1.2.3', 'expected a number'],
      ['1.', 'empty version component'],
      ['1..2', 'empty version component'],
      ['1.2.3-', 'pre-release'],
      ['1.2.3-a..b', 'pre-release'],
      ['1.2.3-a_b', 'pre-release'],
      ['1.2.3-é', 'pre-release'],
      ['1.2.3+', 'build metadata'],
      ['1.2.3+a+b', 'build metadata'],
      ['1.2.3 ', 'unexpected " "'],
      ['1.2.3a', 'unexpected "a"'],
      ['nightly.2026-03-10.0', 'expected a number'],
      [`1.${'1'.repeat(MAX_KEY_DIGITS + 1)}`, `a number longer than ${MAX_KEY_DIGITS} digits`],
      [`1.0.0-${'1'.repeat(MAX_KEY_DIGITS + 1)}`, `a number longer than ${MAX_KEY_DIGITS} digits`],
    ]);

    it('reads numbers up to the key limit, leading zeros aside, and any build', () => {
      const longest = '9'.repeat(MAX_KEY_DIGITS);
      assert.ok(mustParse(scheme, `1.${longest}`) > mustParse(scheme, `1.${longest.slice(1)}`));
      assert.equal(mustParse(scheme, `1.${'0'.repeat(MAX_KEY_DIGITS)}1`), mustParse(scheme, '1.1'));
      assert.equal(mustParse(scheme, `1.0.0+${longest}9`), mustParse(scheme, '1.0.0'));
    });
  });

  describe('keys', () => {
    it('gives the fixture\'s equal versions identical keys, and spellings of one version one key', () => {
      assertFixtureKeys(scheme, 'osv-scalibr-semantic/semver-versions.json', (text, key) => {
        // Only the four tags sit below 0x20; everything else is a length unit or copied text.
        assert.ok([...key].every((c) => c >= ' ' || (c >= END && c <= RELEASE)), text);
        // A `v`, a zero component more, or build metadata leaves the key alone.
        assert.equal(mustParse(scheme, text.startsWith('v') ? text.slice(1) : `v${text}`), key, text);
        assert.equal(mustParse(scheme, text.replace(/^(v?[0-9.]+)/, '$1.0')), key, text);
        assert.equal(mustParse(scheme, `${text.split('+')[0]!}+build.5`), key, text);
      });
    });
  });

  describe('compare', () => {
    compareCases(scheme, [
      // SemVer 2.0 item 11's example chain.
      ['1.0.0-alpha', '<', '1.0.0-alpha.1'],
      ['1.0.0-alpha.1', '<', '1.0.0-alpha.beta'],
      ['1.0.0-alpha.beta', '<', '1.0.0-beta'],
      ['1.0.0-beta', '<', '1.0.0-beta.2'],
      ['1.0.0-beta.2', '<', '1.0.0-beta.11'],
      ['1.0.0-beta.11', '<', '1.0.0-rc.1'],
      ['1.0.0-rc.1', '<', '1.0.0'],
      ['1.9.0', '<', '1.10.0'],
      // OSV tolerances: missing components are zeros; `v` and leading zeros are ignored.
      ['1.2', '=', '1.2.0'],
      ['1', '=', '1.0.0'],
      ['v1.2.3', '=', '1.2.3'],
      ['1.02.3', '=', '1.2.3'],
      ['1.0.0-01', '=', '1.0.0-1'],
      ['1.2.3.0', '=', '1.2.3'],
      ['1.2.3.1', '>', '1.2.3'],
      ['1.2.3.1-rc', '>', '1.2.3'],
      ['1.2-rc.1', '<', '1.2.0'],
      // Build metadata never counts.
      ['1.0.0+a', '=', '1.0.0+b'],
      ['1.0.0-rc.1+build.1', '=', '1.0.0-rc.1'],
      // Numbers beyond 2^53 compare exactly.
      ['9007199254740993', '>', '9007199254740992'],
      ['1.9007199254740993.0', '>', '1.9007199254740992.5'],
      ['1.0.0-9007199254740993', '>', '1.0.0-9007199254740992'],
      ['1.0.0-99999999999999999999', '<', '1.0.0-a'],
      // ASCII order for text identifiers: upper case before lower case.
      ['1.0.0-Beta', '<', '1.0.0-alpha'],
      ['1.0.0-r100', '<', '1.0.0-r2'],
    ]);
  });

  describe('numbers', () => {
    it('keeps order beyond 2^53, and settles ties by digits', () => {
      const a = '999999999999999999999999999991';
      const b = '999999999999999999999999999999';
      assert.equal(readNumber(a, 0, a.length), readNumber(b, 0, b.length));
      assert.equal(compareDigits(a, b), -1);
      assert.equal(compareDigits('10', '9'), 1);
      assert.equal(readNumber('x00123', 1, 6), 123);
    });
  });

  describe('upstream fixtures', () => {
    it('passes all 86 osv-scalibr SemVer comparisons, both ways round', () => {
      assertFixture(scheme, 'osv-scalibr-semantic/semver-versions.json', { count: 86 });
    });
  });

  describe('OSV corpus', () => {
    it('parses every npm, crates.io, Bitnami and Julia version in the advisories', async () => {
      const files = ['crates-io.jsonl.gz', 'bitnami.jsonl.gz', 'julia.jsonl.gz', 'malicious-packages.jsonl.gz'];
      const { checked, failures } = await scanCorpus(scheme, files);
      assert.ok(checked > 50_000, `only ${checked} versions checked`);
      // Genuinely not versions upstream, each with its reason.
      assert.deepEqual(failures, [
        // A nightly build tag used as `introduced`: no SemVer reading exists (osv.dev refuses it too).
        'Bitnami BIT-mastodon-2026-47777: cannot parse version "nightly.2026-03-10.0": expected a number',
      ]);
    });
  });

  describe('order laws (property)', () => {
    orderLaws(scheme, semverLikeText);

    it('agrees with the semver package on strict SemVer 2.0', () => {
      const safe = fc.oneof(fc.constantFrom(0, 1, 2, 10), fc.nat({ max: 50 })).map(String);
      const strictId = fc.oneof(safe, fc.constantFrom('alpha', 'beta', 'rc', 'RC', 'x-y', '0a', 'b2'));
      const strict = fc
        .record({
          core: fc.tuple(safe, safe, safe),
          pre: fc.option(fc.array(strictId, { minLength: 1, maxLength: 3 }), { nil: undefined }),
          build: fc.option(fc.array(strictId, { minLength: 1, maxLength: 2 }), { nil: undefined }),
        })
        .map(({ core, pre, build }) => `${core.join('.')}${pre ? `-${pre.join('.')}` : ''}${build ? `+${build.join('.')}` : ''}`);
      fc.assert(
        fc.property(strict, strict, (a, b) => {
          assert.ok(semverLib.valid(a) && semverLib.valid(b), `${a} or ${b} is not strict SemVer`);
          return Math.sign(scheme.compare(mustParse(scheme, a), mustParse(scheme, b))) === semverLib.compare(a, b);
        }),
        { numRuns: 3000 },
      );
    });
  });
});
