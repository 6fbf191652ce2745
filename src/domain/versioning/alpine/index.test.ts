import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, assertParsing, compareCases, orderLaws, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

/**
 * Strings in osv-scalibr's hand-written fixture that apk itself rejects (`apk version -c`).
 * The fixture keeps them to pin osv-scalibr's best-effort ordering of garbage; this scheme
 * refuses to parse them instead, so their comparisons are checked as refusals.
 */
const INVALID_IN_FIXTURES = new Map<string, string>([
  ['1-r', '-r without a number'],
  ['1-r-0', '-r without a number, then a stray -0'],
  ['1-r-1', '-r without a number, then a stray -1'],
  ['1-r0-1', 'text after the revision'],
  ['1-r0-2', 'text after the revision'],
  ['1-ruff', 'text after -r'],
  ['1-ruff1', 'text after -r'],
  ['1-ruff2', 'text after -r'],
  ['1--ruff1', 'a hyphen not followed by r'],
  ['1-r0-ruff1', 'text after the revision'],
  ['1-r0-ruff2', 'text after the revision'],
  ['0.r1', 'a dot must be followed by digits'],
  ['0.8.21.r1', 'a dot must be followed by digits'],
  ['0.8.21.r2', 'a dot must be followed by digits'],
  ['10.2.22.r0', 'a dot must be followed by digits'],
  ['10.2.24.r0', 'a dot must be followed by digits'],
  ['0..1..0', 'empty number between dots'],
  ['0..1..1', 'empty number between dots'],
  ['0...1...0', 'empty number between dots'],
  ['0...1...1', 'empty number between dots'],
  ['0...1...0.r1', 'empty number between dots'],
  ['0...1...0.r2', 'empty number between dots'],
  ['0...1...0r1', 'empty number between dots'],
  ['0...1...0r2', 'empty number between dots'],
  ['0..8', 'empty number between dots'],
  ['0...8', 'empty number between dots'],
  ['1.2.0A', 'upper-case letter'],
  ['1.2.0D', 'upper-case letter'],
  ['1.2_blah', 'unknown suffix'],
  ['1.2_csv2', 'unknown suffix (a typo of cvs)'],
  ['23_foo', 'unknown suffix'],
  ['1.0bc', 'two letters'],
  ['.1', 'no leading number'],
  ['.2', 'no leading number'],
  ['a', 'no leading number'],
  ['b', 'no leading number'],
  ['c', 'no leading number'],
]);

/** Versions in the CleanStart advisories (ecosystems CleanStart and Alpine) that are typos upstream. */
const INVALID_IN_RECORDS = new Map<string, string>([
  ['3.1.8.-r0', 'stray dot before -r'],
  ['3.2.2.-r0', 'stray dot before -r'],
  ['3.7.0.-r1', 'stray dot before -r'],
  ['1.73.5.r1', '.r instead of -r'],
  ['1.14.2.r0', '.r instead of -r'],
  ['3.17-4-r0', 'Debian-style hyphenated upstream version'],
  ['3.17-4-r1', 'Debian-style hyphenated upstream version'],
  ['2.5.4-1', 'Debian-style revision instead of -r'],
  ['3.5.2:r0', 'colon instead of -r'],
  ['3.6.18 r0', 'space instead of -r'],
]);

schemeMetadata(scheme, 'alpine');

describe('orders numbers, letters, suffixes, hashes and revisions as apk does', () => {
  compareCases(scheme, [
    ['1.2_alpha1', '<', '1.2_beta'],
    ['1.2_beta', '<', '1.2_pre1'],
    ['1.2_pre1', '<', '1.2_rc1'],
    ['1.2_rc1', '<', '1.2'],
    ['1.2', '<', '1.2_cvs'],
    ['1.2_cvs', '<', '1.2_svn'],
    ['1.2_svn', '<', '1.2_git20240101'],
    ['1.2_git20240101', '<', '1.2_hg1'],
    ['1.2_hg1', '<', '1.2_p1'],
    ['1.2_p1', '<', '1.2a'],
    ['1.2a', '<', '1.2b'],
    ['1.2b', '<', '1.2.1'],
    ['1.2-r0', '<', '1.2-r1'],
    ['1.2-r9', '<', '1.2-r10'],
    ['1.2', '<', '1.2-r0'],
    ['1.2~abc-r0', '<', '1.2~abd-r0'],
    ['1.2~abc', '>', '1.2-r0'],
    // A part with a leading zero compares as text, so 1.02 < 1.1 and 1.011 < 1.02.
    ['1.02', '<', '1.1'],
    ['1.011', '<', '1.02'],
    ['0.0.0_git20251231-r1', '>', '0.0.0_git20251231-r0'],
    ['1.0.0_pre20191002222144-r0', '<', '1.0.0_pre20210530193627-r0'],
    ['6.6.2p1', '<', '6.6.2p10'],
  ]);
});

test('refuses versions apk rejects', () => {
  assertParsing(scheme, {
    refuses: ['', 'r1', '1.', '1..2', '1_', '1_foo', '1-r', '1-1', '1A', '1ab', '1_p1a', '1-r1-r2', '1~', '1~xyz', '1 '],
  });
});

test('passes osv-scalibr alpine fixtures, refusing the strings apk rejects', () => {
  assertFixture(scheme, 'osv-scalibr-semantic/alpine-versions.json', { invalid: INVALID_IN_FIXTURES });
  // The generated file holds apk's own answers for real Alpine versions: no exceptions.
  assertFixture(scheme, 'osv-scalibr-semantic/alpine-versions-generated.json', { moreThan: 12_000 });
});

test('passes univers alpine sort and equality tests', () => {
  assertFixture(scheme, 'univers/schema/alpine_version_cmp.json', { count: 716 });
});

test('parses every CleanStart and Alpine version in the CleanStart records, except named upstream typos', async () => {
  const { ecosystems, failures } = await scanCorpus(scheme, ['cleanstart.jsonl.gz'], INVALID_IN_RECORDS);
  assert.deepEqual(ecosystems, ['Alpine', 'CleanStart']);
  assert.deepEqual(failures, []);
});

/** number{.number}{letter}{_suffix{number}}...{~hash}{-rN}, leading zeros included. */
const alpineVersion = fc
  .tuple(
    fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }).map(String), fc.constantFrom('0', '00', '01', '010')), { minLength: 1, maxLength: 4 }),
    // A letter, sometimes with the legacy number after it (6.6.2p1).
    fc.option(fc.tuple(fc.constantFrom('a', 'b', 'p', 'z'), fc.constantFrom('', '', '1', '10')), { nil: undefined }),
    fc.array(fc.tuple(fc.constantFrom('alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'), fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined })), {
      maxLength: 2,
    }),
    fc.option(fc.constantFrom('abc', 'abd', '0f1'), { nil: undefined }),
    fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  )
  .map(
    ([numbers, letter, suffixes, hash, revision]) =>
      numbers.join('.') +
      (letter === undefined ? '' : letter[0] + letter[1]) +
      suffixes.map(([name, n]) => `_${name}${n ?? ''}`).join('') +
      (hash === undefined ? '' : `~${hash}`) +
      (revision === undefined ? '' : `-r${revision}`),
  );

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, alpineVersion, 20_000);
});
