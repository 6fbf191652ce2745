import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, assertParsing, compareCases, orderLaws, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'maven');

describe('orders qualifiers, numbers and separators as Maven does', () => {
  compareCases(scheme, [
    ['1.0-alpha-1', '<', '1.0-beta-1'],
    ['1.0-beta-1', '<', '1.0-milestone-1'],
    ['1.0-milestone-1', '<', '1.0-rc-1'],
    ['1.0-rc-1', '<', '1.0-SNAPSHOT'],
    ['1.0-SNAPSHOT', '<', '1.0'],
    ['1.0', '<', '1.0-sp-1'],
    ['1.0-sp-1', '<', '1.0-foo'],
    ['1.0-foo', '<', '1.0-1'],
    ['1.0-1', '<', '1.0.1'],
    ['1.0.final', '=', '1'],
    ['1.0-GA', '=', '1.0.0'],
    ['1.0.RELEASE', '=', '1'],
    ['1.0CR2', '=', '1.0-rc-2'],
    ['1.0a1', '=', '1.0-alpha-1'],
    ['1.0.a', '<', '1.0.b'],
    ['1..2', '=', '1.0.2'],
    ['2.0.010', '=', '2.0.10'],
    ['1.2.3.4.5.6.7.8.9', '<', '1.2.3.4.5.6.7.8.10'],
    ['123456789012345678901234567890', '<', '123456789012345678901234567891'],
  ]);
});

describe("reproduces Maven's own cycles between dot and hyphen qualifiers", () => {
  // Maven sorts a qualifier after a dot (1.sp, 12.b) below anything after a hyphen, yet
  // above the plain release, while hyphen pre-releases sort below it: not transitive.
  compareCases(scheme, [
    ['12-alpha', '<', '12'],
    ['12', '<', '12.b'],
    ['12.b', '<', '12-alpha'],
    ['1-alpha', '<', '1'],
    ['1', '<', '1.sp'],
    ['1.sp', '<', '1-alpha'],
  ]);
});

test('refuses only empty text and whitespace or control characters', () => {
  assertParsing(scheme, {
    refuses: ['', ' 1.0', '1.0 ', '1.\t0', '1.0\n'],
    parses: ['1', 'a', '-', '.', '1.0-jre', '20190126.230843', 'RELEASE'],
  });
});

test('passes osv-scalibr maven fixtures (hand-written and generated from Maven)', () => {
  assertFixture(scheme, 'osv-scalibr-semantic/maven-versions.json');
  assertFixture(scheme, 'osv-scalibr-semantic/maven-versions-generated.json');
});

test('passes univers maven sort and equality tests', () => {
  assertFixture(scheme, 'univers/schema/maven_version_cmp.json', { count: 977 });
});

test('parses every Maven version in the OSV records', async () => {
  const { checked, failures } = await scanCorpus(scheme, ['malicious-packages.jsonl.gz']);
  // The corpus holds a single Maven entry, `introduced: "0"` only; the fixtures above carry the weight.
  assert.ok(checked >= 1);
  assert.deepEqual(failures, []);
});

const KNOWN = ['alpha', 'beta', 'milestone', 'rc', 'cr', 'snapshot', 'SNAPSHOT', 'ga', 'final', 'release', 'sp', 'Final', 'RC'];
const OTHER = ['a', 'b', 'm', 'jre', 'android', 'incubating'];

/**
 * Realistic versions: numbers, then qualifiers and numbers after `-`, `.` or nothing.
 * Qualifiers never follow a dot here: against hyphen qualifiers they meet Maven's own
 * cycles, pinned in the test above.
 */
const mavenVersion = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }),
    fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom('-', ''), fc.constantFrom(...KNOWN, ...OTHER)),
        fc.tuple(fc.constantFrom('-', '.', ''), fc.integer({ min: 0, max: 20 }).map(String)),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([numbers, tail]) => numbers.join('.') + tail.map(([sep, part]) => sep + part).join(''));

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, mavenVersion, 20_000);
});
