import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, assertFixtureKeys, compareCases, identifiersText, mustParse, orderLaws, refuseCases, scanCorpus, schemeMetadata, semverLikeText } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

const digits = (length: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[0-9]{${length}}$`));
const small = fc.nat({ max: 12 }).map(String);
const core = fc.tuple(small, small, small).map((parts) => parts.join('.'));
const stamp = fc.tuple(fc.integer({ min: 2018, max: 2026 }), digits(10)).map(([year, rest]) => `${year}${rest}`);
const revision = fc.stringMatching(/^[0-9a-f]{12}$/);

/** Go versions: tagged, the three pseudo-version forms, `+incompatible`, with or without `v`. */
const goVersionText = fc
  .record({
    v: fc.boolean(),
    core,
    kind: fc.constantFrom('tag', 'pre', 'pseudo-base', 'pseudo-release', 'pseudo-pre'),
    pre: identifiersText,
    stamp,
    revision,
    incompatible: fc.boolean(),
  })
  .map(({ v, core, kind, pre, stamp, revision, incompatible }) => {
    const suffix = {
      tag: '',
      pre: `-${pre}`,
      'pseudo-base': `-${stamp}-${revision}`,
      'pseudo-release': `-0.${stamp}-${revision}`,
      'pseudo-pre': `-${pre}.0.${stamp}-${revision}`,
    }[kind];
    return `${v ? 'v' : ''}${core}${suffix}${incompatible ? '+incompatible' : ''}`;
  });

describe('go scheme', () => {
  schemeMetadata(scheme, 'go');

  describe('parse', () => {
    refuseCases(scheme, [
      ['', 'expected a number'],
      ['go1.21.0', 'expected a number'],
      ['v1.2.3-', 'pre-release'],
      ['v1.2.3+', 'build metadata'],
      ['v1.2.3 ', 'unexpected " "'],
    ]);
  });

  describe('compare', () => {
    compareCases(scheme, [
      // The `v` is optional: OSV's Go records drop it.
      ['v1.2.3', '=', '1.2.3'],
      ['v1.2', '=', 'v1.2.0'],
      ['v2.0.0+incompatible', '=', 'v2.0.0'],
      ['v2.0.1+incompatible', '>', 'v2.0.0'],
      // Pseudo-version with no base tag: below v0.0.1 and any tag, ordered by time.
      ['v0.0.0-20191109021931-daa7c04131f5', '<', 'v0.0.1'],
      ['v0.0.0-20191109021931-daa7c04131f5', '<', 'v0.0.0-20200101000000-0123456789ab'],
      ['v0.0.0-20191109021931-daa7c04131f5', '>', 'v0.0.0-20191109021930-ffffffffffff'],
      // Pseudo-version after a release tag v1.2.3: above it, below v1.2.4 and its pre-releases.
      ['v1.2.4-0.20191109021931-daa7c04131f5', '>', 'v1.2.3'],
      ['v1.2.4-0.20191109021931-daa7c04131f5', '<', 'v1.2.4'],
      ['v1.2.4-0.20191109021931-daa7c04131f5', '<', 'v1.2.4-alpha'],
      ['v1.2.4-0.20191109021931-daa7c04131f5', '<', 'v1.2.4-0.20200101000000-0123456789ab'],
      // Pseudo-version after a pre-release tag v1.2.4-pre: above it, below the next pre-release.
      ['v1.2.4-pre.0.20191109021931-daa7c04131f5', '>', 'v1.2.4-pre'],
      ['v1.2.4-pre.0.20191109021931-daa7c04131f5', '<', 'v1.2.4-pre.1'],
      ['v1.2.4-pre.0.20191109021931-daa7c04131f5', '<', 'v1.2.4'],
      ['2.0.2-0.20190802080134-634605d06e73+incompatible', '<', '2.0.2'],
    ]);
  });

  describe('upstream fixtures', () => {
    it('passes all 86 osv-scalibr SemVer comparisons, both ways round', () => {
      assertFixture(scheme, 'osv-scalibr-semantic/semver-versions.json', { count: 86 });
    });
  });

  describe('keys', () => {
    it('gives the fixture\'s equal versions identical keys, with or without `v` and `+incompatible`', () => {
      assertFixtureKeys(scheme, 'osv-scalibr-semantic/semver-versions.json', (text, key) => {
        const bare = text.replace(/^v/, '').split('+')[0]!;
        for (const spelling of [bare, `v${bare}`, `v${bare}+incompatible`]) assert.equal(mustParse(scheme, spelling), key, `${text} as ${spelling}`);
      });
    });
  });

  describe('OSV corpus', () => {
    it('parses every Go version in the advisories', async () => {
      const { checked, failures } = await scanCorpus(scheme, ['go.jsonl.gz', 'malicious-packages.jsonl.gz']);
      assert.ok(checked > 10_000, `only ${checked} versions checked`);
      assert.deepEqual(failures, []);
    });
  });

  describe('order laws (property)', () => {
    orderLaws(scheme, fc.oneof(goVersionText, semverLikeText));
  });
});
