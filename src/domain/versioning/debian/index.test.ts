import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertFixture, assertParsing, compareCases, orderLaws, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'debian');

describe('orders as dpkg --compare-versions does', () => {
  compareCases(scheme, [
    // deb-version(7): ~~ < ~~a < ~ < (end) < a
    ['1.0~~', '<', '1.0~~a'],
    ['1.0~~a', '<', '1.0~'],
    ['1.0~', '<', '1.0'],
    ['1.0', '<', '1.0a'],
    ['1.0a', '<', '1.0+'],
    ['1.0+', '<', '1.0.1'],
    ['1.0', '=', '1.00'],
    ['1.0', '=', '0:1.0-0'],
    ['1:0.1', '>', '9.9'],
    ['1.2.3-1~deb12u1', '<', '1.2.3-1'],
    ['1.2.3-1', '<', '1.2.3-1+deb12u1'],
    ['2.7.4-0ubuntu1', '<', '2.7.4-0ubuntu1.1'],
    ['1:2.30-1-2', '>', '1:2.30-1-1'],
    ['1.0-1', '<', '1.0-a'],
    ['12345678901234567890', '<', '12345678901234567891'],
  ]);
});

test('refuses what dpkg refuses', () => {
  assertParsing(scheme, {
    refuses: ['', '   ', ':1.0', 'a:1.0', '-1:1.0', '1:', '1.0-', '1.0 1', '1.0@', '1.0-a_b', '2147483648:1.0', '1:-1'],
    parses: ['0', ' 1.0 ', '2147483647:1.0', '1:2.3:4', '1.0-2-3', 'abc'],
  });
});

test('passes osv-scalibr debian fixtures (hand-written and generated with dpkg)', () => {
  assertFixture(scheme, 'osv-scalibr-semantic/debian-versions.json');
  assertFixture(scheme, 'osv-scalibr-semantic/debian-versions-generated.json');
});

test('passes univers deb sort and equality tests', () => {
  assertFixture(scheme, 'univers/schema/deb_version_python_pkg_test.json', { count: 16 });
});

const word = fc.stringMatching(/^[a-z]{1,4}$/);
const upstream = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 20 }).map(String), fc.tuple(fc.constantFrom('.', '+', '~', '~~', ''), word).map(([s, w]) => s + w)), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join('.'))
  .filter((text) => /^[0-9]/.test(text));

/** `[epoch:]upstream[-revision]` with tildes, plus signs, letters and Debian/Ubuntu-style revisions. */
const debianVersion = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    upstream,
    fc.option(fc.constantFrom('1', '0', '2~deb12u1', '1+deb11u3', '0ubuntu1', '0ubuntu1.1', '1build2', '3.1'), { nil: undefined }),
  )
  .map(([epoch, up, rev]) => `${epoch === undefined ? '' : `${epoch}:`}${up}${rev === undefined ? '' : `-${rev}`}`);

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, debianVersion, 20_000);
});
