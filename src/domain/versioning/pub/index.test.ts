import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertFixture, assertFixtureKeys, compareCases, mustParse, orderLaws, refuseCases, schemeMetadata, semverLikeText } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

describe('pub scheme', () => {
  schemeMetadata(scheme, 'pub');

  describe('parse', () => {
    refuseCases(scheme, [
      ['', 'expected a number'],
      ['1.2.3-', 'pre-release'],
      ['1.2.3+', 'build metadata'],
      ['1.2.3+a..b', 'build metadata'],
      ['^1.2.3', 'expected a number'],
    ]);
  });

  describe('compare', () => {
    compareCases(scheme, [
      // pub_semver's own ordering examples: builds count, after the plain version.
      ['1.0.0-alpha', '<', '1.0.0-alpha.1'],
      ['1.0.0-rc.1', '<', '1.0.0'],
      ['1.0.0', '<', '1.0.0+build'],
      ['1.0.0-rc.1', '<', '1.0.0-rc.1+1'],
      ['1.0.0-rc.1+99', '<', '1.0.0'],
      ['1.0.0+1', '<', '1.0.0+2'],
      ['1.0.0+2', '<', '1.0.0+10'],
      ['1.0.0+9', '<', '1.0.0+a'],
      ['1.0.0+a', '<', '1.0.0+a.1'],
      ['1.0.0+1.a', '<', '1.0.0+1.b'],
      ['1.0.0+01', '=', '1.0.0+1'],
      ['1.0.0+build', '<', '1.0.1'],
      ['1.0.0+9007199254740993', '>', '1.0.0+9007199254740992'],
      // Same OSV tolerances as SemVer.
      ['v1.2.3', '=', '1.2.3'],
      ['1.2', '=', '1.2.0'],
      ['1.2+1', '=', '1.2.0+1'],
    ]);
  });

  describe('upstream fixtures', () => {
    it('passes all 100 osv-scalibr pub comparisons, both ways round', () => {
      assertFixture(scheme, 'osv-scalibr-semantic/pub-versions.json', { count: 100 });
    });
  });

  describe('keys', () => {
    it('gives the fixture\'s equal versions identical keys, and extends a key by its build', () => {
      assertFixtureKeys(scheme, 'osv-scalibr-semantic/pub-versions.json', (text, key) => {
        // A `v` or a zero component more leaves the key alone.
        assert.equal(mustParse(scheme, text.startsWith('v') ? text.slice(1) : `v${text}`), key, text);
        assert.equal(mustParse(scheme, text.replace(/^(v?[0-9.]+)/, '$1.0')), key, text);
        // The key without the build is a strict prefix of the key with it: builds sort after none.
        const plus = text.indexOf('+');
        const unbuilt = mustParse(scheme, plus < 0 ? text : text.slice(0, plus));
        const built = plus < 0 ? mustParse(scheme, `${text}+1`) : key;
        assert.ok(built.length > unbuilt.length && built.startsWith(unbuilt), text);
      });
    });
  });

  describe('order laws (property)', () => {
    orderLaws(scheme, semverLikeText);
  });
});
