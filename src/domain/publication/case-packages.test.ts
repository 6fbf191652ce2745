import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { casePackages, type CasePackage } from './case-packages.js';
import type { PublicationError } from './publication-error.js';
import type { PublishableCase } from './publishable-case.js';
import { built, sampleCase } from '../../testing/publication-samples.js';

const sample = sampleCase;
const withAffected = (affected: PublishableCase['affected']): PublishableCase => ({ ...sample, affected });

function packages(affected: PublishableCase['affected']): CasePackage[] {
  return built(casePackages(withAffected(affected)));
}

function errors(affected: PublishableCase['affected']): readonly PublicationError[] {
  const result = casePackages(withAffected(affected));
  assert.ok(!result.ok, 'expected errors');
  return result.errors;
}

describe('casePackages', () => {
  it('groups the sample case by purl: npm (two ranges) and PyPI', () => {
    const [npm, pypi, ...rest] = packages(sample.affected);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { ecosystem: npm!.ecosystem, name: npm!.name, purl: npm!.purlText, vendor: npm!.vendor, product: npm!.product, type: npm!.rangeType, versionType: npm!.versionType },
      { ecosystem: 'npm', name: '@example-org/markdown-render', purl: 'pkg:npm/%40example-org/markdown-render', vendor: '@example-org', product: 'markdown-render', type: 'SEMVER', versionType: 'semver' },
    );
    assert.deepEqual(npm!.ranges.map((r) => [r.index, r.bounds]), [
      [0, { introduced: '0', fixed: '4.2.1' }],
      [1, { introduced: '5.0.0', fixed: '5.0.3' }],
    ]);
    assert.deepEqual(
      { ecosystem: pypi!.ecosystem, name: pypi!.name, vendor: pypi!.vendor, type: pypi!.rangeType, versionType: pypi!.versionType },
      { ecosystem: 'PyPI', name: 'markdown-render-py', vendor: 'markdown-render-py', type: 'ECOSYSTEM', versionType: 'python' },
    );
  });

  it('maps each purl type to its OSV ecosystem and range type', () => {
    const cases: [string, string, string, string, 'SEMVER' | 'ECOSYSTEM', string][] = [
      // purl, fixed, ecosystem, OSV name, range type, CVE versionType
      ['pkg:cargo/smallvec', '1.6.1', 'crates.io', 'smallvec', 'SEMVER', 'semver'],
      ['pkg:golang/github.com/gin-gonic/gin', 'v1.9.1', 'Go', 'github.com/gin-gonic/gin', 'SEMVER', 'semver'],
      ['pkg:maven/org.apache.commons/commons-text', '1.10.0', 'Maven', 'org.apache.commons:commons-text', 'ECOSYSTEM', 'maven'],
      ['pkg:maven/com.android.tools/r8?repository_url=https://maven.google.com', '8.1.56', 'Maven:https://maven.google.com', 'com.android.tools:r8', 'ECOSYSTEM', 'maven'],
      ['pkg:gem/rack', '3.0.9.1', 'RubyGems', 'rack', 'ECOSYSTEM', 'rubygems'],
      ['pkg:composer/symfony/http-kernel', '6.4.8', 'Packagist', 'symfony/http-kernel', 'ECOSYSTEM', 'packagist'],
      ['pkg:deb/debian/openssl?distro=debian-12', '3.0.11-1~deb12u1', 'Debian:12', 'openssl', 'ECOSYSTEM', 'debian'],
      ['pkg:npm/left-pad', '1.3', 'npm', 'left-pad', 'ECOSYSTEM', 'semver'],
    ];
    for (const [purl, fixed, ecosystem, name, rangeType, versionType] of cases) {
      const [pkg] = packages([{ purl, fixed }]);
      assert.deepEqual([pkg!.ecosystem, pkg!.name, pkg!.rangeType, pkg!.versionType], [ecosystem, name, rangeType, versionType], purl);
    }
  });

  it('writes Go versions without their v in OSV and CVE ranges, and keeps them as given for purls', () => {
    const [go] = packages([{ purl: 'pkg:golang/github.com/gin-gonic/gin', introduced: 'v1.4.0', fixed: 'v1.9.1' }]);
    assert.deepEqual(go!.ranges[0]!.bounds, { introduced: '1.4.0', fixed: '1.9.1' });
    assert.deepEqual(go!.ranges[0]!.given, { introduced: 'v1.4.0', fixed: 'v1.9.1' });
  });

  it('keeps ranges without a fix: last affected, or open', () => {
    const [pkg] = packages([
      { purl: 'pkg:pypi/jinja2', lastAffected: '2.10' },
      { purl: 'pkg:pypi/jinja2', introduced: '3.0' },
    ]);
    assert.deepEqual(pkg!.ranges.map((r) => r.bounds), [{ introduced: '0', lastAffected: '2.10' }, { introduced: '3.0' }]);
  });

  it('refuses what cannot be published, each at its entry', () => {
    const found = errors([
      { purl: 'npm/left-pad', fixed: '1.0.0' },
      { purl: 'pkg:npm/left-pad@1.0.0', fixed: '1.0.1' },
      { purl: 'pkg:generic/openssl', fixed: '3.0.0' },
      { purl: 'pkg:conan/openssl', fixed: '3.0.0' },
      { purl: 'pkg:npm/left-pad', fixed: '1.3.0', lastAffected: '1.2.0' },
      { purl: 'pkg:npm/left-pad', introduced: 'one', fixed: '1.3.0' },
      { purl: 'pkg:pypi/jinja2', introduced: '2.11', fixed: '2.10' },
      { purl: 'pkg:pypi/jinja2', introduced: '2.11', lastAffected: '2.10' },
    ]);
    assert.deepEqual(
      found.map((e) => e.path),
      ['/affected/0/purl', '/affected/1/purl', '/affected/2/purl', '/affected/3/purl', '/affected/4/lastAffected', '/affected/5/introduced', '/affected/6/fixed', '/affected/7/lastAffected'],
    );
    assert.match(found[1]!.message, /names version 1\.0\.0/);
    assert.match(found[2]!.message, /no OSV ecosystem for pkg:generic/);
    assert.match(found[3]!.message, /ConanCenter packages cannot be ordered/);
    assert.match(found[6]!.message, /fixed 2\.10 is not after introduced 2\.11/);
  });
});
