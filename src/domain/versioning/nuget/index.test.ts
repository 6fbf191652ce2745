import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, compareCases, identifiersText, mustParse, numberText, orderLaws, refuseCases, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

/** NuGet versions: one to four parts, labels in any case, metadata. */
const nugetText = fc
  .record({
    parts: fc.array(numberText, { minLength: 1, maxLength: 4 }),
    labels: fc.option(identifiersText, { nil: undefined }),
    metadata: fc.option(identifiersText, { nil: undefined }),
  })
  .map(({ parts, labels, metadata }) => `${parts.join('.')}${labels ? `-${labels}` : ''}${metadata ? `+${metadata}` : ''}`);

describe('nuget scheme', () => {
  schemeMetadata(scheme, 'nuget');

  describe('parse', () => {
    it('pads to four parts and lowercases labels', () => {
      const v = mustParse(scheme, '1.2-Beta.X.01+Meta');
      assert.deepEqual(v.parts, [1, 2, 0, 0]);
      assert.deepEqual(v.labels.texts, ['beta', 'x', '']);
      assert.deepEqual(v.labels.nums, [-1, -1, 1]);
    });
    refuseCases(scheme, [
      ['', 'expected a number'],
      ['v1.0.0', 'expected a number'],
      ['1.2.3.4.5', 'more than four numeric parts'],
      ['1..2', 'empty version part'],
      ['1.0.0-', 'release labels'],
      ['1.0.0-a..b', 'release labels'],
      ['1.0.0+', 'metadata'],
      ['1.0.0 ', 'unexpected " "'],
      ['[1.0.0, 2.0.0)', 'expected a number'],
    ]);
  });

  describe('compare', () => {
    compareCases(scheme, [
      ['1.0', '=', '1.0.0.0'],
      ['1.0.0.1', '>', '1.0.0'],
      ['1.0.0.1-alpha', '>', '1.0.0'],
      ['1.0.01', '=', '1.0.1'],
      ['1.0.0-BETA', '=', '1.0.0-beta'],
      ['1.0.0-beta.2', '<', '1.0.0-beta.10'],
      ['1.0.0-beta.10', '<', '1.0.0-beta.a'],
      ['1.0.0-alpha', '<', '1.0.0-Beta'],
      ['1.0.0-rc.1', '<', '1.0.0'],
      ['1.0.0+a', '=', '1.0.0+b'],
      ['4.0.0-a02', '<', '4.0.0-a1'],
      ['1.2.3.9007199254740993', '>', '1.2.3.9007199254740992'],
    ]);
  });

  describe('upstream fixtures', () => {
    it('passes all 35 osv-scalibr NuGet comparisons, both ways round', () => {
      assertFixture(scheme, 'osv-scalibr-semantic/nuget-versions.json', { count: 35 });
    });

    it("passes univers' 33 NuGet equality and sort tests", () => {
      assertFixture(scheme, 'univers/schema/nuget_version_cmp.json', { count: 33 });
    });
  });

  describe('OSV corpus', () => {
    it('parses every NuGet version in the advisories', async () => {
      const { checked, failures } = await scanCorpus(scheme, ['malicious-packages.jsonl.gz']);
      assert.ok(checked > 3_000, `only ${checked} versions checked`);
      assert.deepEqual(failures, []);
    });
  });

  describe('order laws (property)', () => {
    orderLaws(scheme, nugetText);
  });
});
