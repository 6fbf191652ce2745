import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, assertParsing, compareCases, orderLaws, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'rpm');

describe('orders epoch, version and release as rpm does', () => {
  compareCases(scheme, [
    ['1:1.0-1.el8', '>', '0:9.9-9.el8'],
    ['1.0-1.el8', '=', '0:1.0-1.el8'],
    ['1.0-1.el8', '<', '1.0-1.el8_1'],
    ['1.0-1.el8', '<', '1.0-2.el8'],
    ['1.0~rc1-1', '<', '1.0-1'],
    ['1.0-1', '<', '1.0^20240101-1'],
    ['1.0^20240101-1', '<', '1.0.1-1'],
    ['4.18.0-513.5.1.el8_9', '<', '4.18.0-513.9.1.el8_9'],
    ['0-0.10.20200515gitb52ac13.el8', '<', '0-0.22.20130910svn.module_el8.0.0+6004+2fc32706'],
    ['2.02-99.el8', '<', '1:2.02-90.el8'],
    // OSV's reading: a version without release sorts before every release of it.
    ['1.0', '<', '1.0-0'],
    ['010', '=', '10'],
    ['1.0a', '<', '1.0.1'],
  ]);
});

test('refuses only empty text and whitespace or control characters', () => {
  assertParsing(scheme, {
    refuses: ['', ' 1.0', '1.0 ', '1.0-1\n', '1.0\t-1'],
    parses: ['0', 'a', '+', ':1', '1:', 'a:1', '1.1.α'],
  });
});

test('passes osv-scalibr red hat fixtures', () => {
  assertFixture(scheme, 'osv-scalibr-semantic/redhat-versions.json', { count: 165 });
});

test("passes rpm's own rpmvercmp cases (via univers)", () => {
  assertFixture(scheme, 'univers/rpmvercmp.json', { count: 91 });
});

test('parses every version in the AlmaLinux OSV records', async () => {
  const { checked, failures } = await scanCorpus(scheme, ['almalinux.jsonl.gz']);
  assert.ok(checked > 60000, `only ${checked} versions read`);
  assert.deepEqual(failures, []);
});

const segment = fc.oneof(
  fc.integer({ min: 0, max: 30 }).map(String),
  fc.constantFrom('el8', 'el8_9', 'el9', 'module', 'git', 'rc', 'a', 'b', 'fc39', 'svn'),
);
const dotted = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'));

/** `[epoch:]version[-release]`, versions with `~` pre-releases and `^` snapshots, releases like 1.el8_9. */
const rpmVersion = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 3 }),
    fc.option(fc.tuple(fc.constantFrom('~', '^'), dotted), { nil: undefined }),
    fc.option(dotted, { nil: undefined }),
  )
  .map(
    ([epoch, numbers, extra, release]) =>
      `${epoch === undefined ? '' : `${epoch}:`}${numbers.join('.')}${extra ? extra[0] + extra[1] : ''}${release === undefined ? '' : `-${release}`}`,
  );

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, rpmVersion, 20_000);
});
