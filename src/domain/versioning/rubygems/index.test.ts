import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, compareCases, mustParse, numberText, orderLaws, refuseCases, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

const word = fc.constantFrom('a', 'b', 'pre', 'rc', 'beta', 'alpha', 'dev', 'RC', 'Beta', 'z');
/** Gem versions: numeric segments, letter segments glued or dotted, a `-` pre-release part. */
const gemText = fc
  .record({
    release: fc.array(fc.oneof(numberText, numberText, fc.tuple(word, fc.option(numberText, { nil: '' })).map(([w, n]) => w + n)), {
      minLength: 0,
      maxLength: 4,
    }),
    first: numberText,
    dash: fc.option(fc.array(fc.oneof(word, numberText), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map(({ first, release, dash }) => [first, ...release].join('.') + (dash ? `-${dash.join('.')}` : ''));

describe('rubygems scheme', () => {
  schemeMetadata(scheme, 'rubygems');

  describe('parse', () => {
    const canonical: readonly (readonly [string, readonly (number | string)[]])[] = [
      ['1.2.3', [1, 2, 3]],
      ['1.0.0', [1]],
      ['0', []],
      ['1.0.a10', [1, 'a', 10]],
      ['1.0.a.0', [1, 'a']],
      ['1.0.0.a.0.1.0', [1, 'a', 0, 1]],
      ['1.0-rc1', [1, 'pre', 'rc', 1]],
      ['1.0-a-b', [1, 'pre', 'a', 'pre', 'b']],
      ['1beta', [1, 'beta']],
      ['  2.1.0\n', [2, 1]],
    ];
    for (const [text, segments] of canonical) {
      it(`reads ${JSON.stringify(text)} as ${JSON.stringify(segments)}`, () => {
        const v = mustParse(scheme, text);
        assert.deepEqual(
          v.nums.map((n, i) => (n < 0 ? v.texts[i] : n)),
          segments,
        );
      });
    }
    refuseCases(scheme, [
      ['', 'empty version'],
      ['   ', 'empty version'],
      ['a1', 'must start with a digit'],
      ['.1', 'must start with a digit'],
      ['1.', 'empty last segment'],
      ['1..2', 'empty segment'],
      ['1.0-', 'empty last segment'],
      ['1.0-.a', 'empty segment'],
      ['1.-a', 'empty segment before "-"'],
      ['1.0_1', 'unexpected "_"'],
      ['1.0+1', 'unexpected "+"'],
      ['1 0', 'unexpected " "'],
    ]);
  });

  describe('compare', () => {
    compareCases(scheme, [
      // Gem::Version's documented order: 1.0 > 1.0.b1 > 1.0.a.2 > 0.9.
      ['1.0', '>', '1.0.b1'],
      ['1.0.b1', '>', '1.0.a.2'],
      ['1.0.a.2', '>', '0.9'],
      ['3.10', '>', '3.2'],
      ['1.0.a10', '>', '1.0.a9'],
      ['1.0.a2', '=', '1.0.a.2'],
      ['1.0.0', '=', '1'],
      ['1.0.a', '=', '1.a'],
      ['1.0-rc1', '=', '1.0.pre.rc1'],
      ['1.0-rc1', '<', '1.0'],
      ['1.0-rc1', '<', '1.0.rc1'],
      ['1.0.0.1', '>', '1.0'],
      ['1.0.B', '<', '1.0.a'],
      ['2.0.0.rc1', '>', '2.0.0.beta3'],
      ['9007199254740993', '>', '9007199254740992'],
      ['1.a.9007199254740993', '>', '1.a.9007199254740992'],
    ]);
  });

  describe('upstream fixtures', () => {
    it('passes all 25 osv-scalibr RubyGems comparisons, both ways round', () => {
      assertFixture(scheme, 'osv-scalibr-semantic/rubygems-versions.json', { count: 25 });
    });
    it('passes all 3,655 comparisons osv-scalibr generated with Ruby, both ways round', () => {
      assertFixture(scheme, 'osv-scalibr-semantic/rubygems-versions-generated.json', { count: 3655 });
    });
  });

  describe('OSV corpus', () => {
    it('parses every RubyGems version in the advisories', async () => {
      const { checked, failures } = await scanCorpus(scheme, ['malicious-packages.jsonl.gz']);
      assert.ok(checked > 800, `only ${checked} versions checked`);
      assert.deepEqual(failures, []);
    });
  });

  describe('order laws (property)', () => {
    orderLaws(scheme, gemText);
  });
});
