import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { PURL_TYPES, readReportPurl, withoutVersion } from './report-purl.js';

describe('PURL_TYPES', () => {
  it('is the purl specification\'s type index', () => {
    const index = readJson<string[]>(sharedDataPath('purl', 'purl-types-index.json'));
    assert.deepEqual([...PURL_TYPES].sort(), [...index].sort());
  });
});

describe('readReportPurl', () => {
  it('reads leniently and prints the canonical form', () => {
    const read = readReportPurl('pkg:PyPI/Django_Rest@1.0', { registeredTypeOnly: true });
    assert.ok(read.ok);
    assert.equal(read.canonical, 'pkg:pypi/django-rest@1.0');
    const scoped = readReportPurl('pkg:npm/@angular/core@16.0.0', { registeredTypeOnly: true });
    assert.ok(scoped.ok);
    assert.equal(scoped.canonical, 'pkg:npm/%40angular/core@16.0.0');
  });

  it('says why a purl is invalid, from the parser', () => {
    const noPrefix = readReportPurl('npm/left-pad', { registeredTypeOnly: true });
    assert.ok(!noPrefix.ok);
    assert.equal(noPrefix.error, 'invalid purl "npm/left-pad": a purl must start with "pkg:"');
    const noNamespace = readReportPurl('pkg:maven/commons-text@1.9', { registeredTypeOnly: true });
    assert.ok(!noNamespace.ok);
    assert.match(noNamespace.error, /maven purls require a namespace/);
  });

  it('refuses a well-formed purl of an unregistered type when asked, naming the type', () => {
    const read = readReportPurl('pkg:foobar/thing@1.0', { registeredTypeOnly: true });
    assert.ok(!read.ok);
    assert.match(read.error, /unknown purl type "foobar"/);
    assert.ok(readReportPurl('pkg:rpmmod/redhat/python39@3.9', { registeredTypeOnly: false }).ok);
  });
});

describe('withoutVersion', () => {
  it('splits off the version and keeps qualifiers', () => {
    const read = readReportPurl('pkg:rpm/redhat/python-setuptools@53.0.0-12.el9_4.1?arch=src', { registeredTypeOnly: true });
    assert.ok(read.ok);
    assert.deepEqual(withoutVersion(read.purl), { purl: 'pkg:rpm/redhat/python-setuptools?arch=src', version: '53.0.0-12.el9_4.1' });
  });
});
