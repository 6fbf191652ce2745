import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, assertParsing, compareCases, orderLaws, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'packagist');

describe("orders PHP's special forms and numbers", () => {
  compareCases(scheme, [
    ['1.0-foo', '<', '1.0-dev'],
    ['1.0-dev', '<', '1.0-alpha1'],
    ['1.0-alpha1', '=', '1.0a1'],
    ['1.0a1', '<', '1.0-beta'],
    ['1.0-beta', '=', '1.0b'],
    ['1.0b', '<', '1.0RC1'],
    ['1.0RC1', '=', '1.0.rc.1'],
    ['1.0rc1', '<', '1.0'],
    ['1.0', '<', '1.0pl1'],
    ['1.0pl1', '=', '1.0-patch1'],
    ['1.0', '<', '1.0.0'],
    ['1.0.0', '<', '1.0.1'],
    ['1.0+build', '=', '1.0.build'],
    ['1.0~beta', '=', '1.0-beta'],
    ['1.0--1', '=', '1.0.1'],
    ['v2.3', '=', '2.3'],
    ['V2.3', '=', '2.3'],
    ['2.3.010', '=', '2.3.10'],
    ['dev-main', '<', '0.0.1'],
  ]);
});

describe('orders Drupal versions among themselves; the legacy 8.x- prefix is just a part', () => {
  compareCases(scheme, [
    ['8.x-1.2', '<', '8.x-1.10'],
    ['8.x-1.0-beta1', '<', '8.x-1.0'],
    ['8.x-1.0-rc1', '<', '8.x-1.0'],
    ['7.x-3.5', '<', '8.x-1.0'],
    // packages.drupal.org/8 publishes 8.x-1.2 as 1.2.0; OSV, like this scheme, does not map one to the other.
    ['8.x-1.2', '>', '1.2.0'],
    ['10.2.0-rc1', '<', '10.2.0'],
  ]);
});

test('refuses only text without digits or letters, and whitespace', () => {
  assertParsing(scheme, {
    refuses: ['', 'v', '...', '-', '1.0 ', ' 1.0', '1.\t0'],
    parses: ['1', 'dev-master', '8.x-1.x-dev', '1.2.3.#', '3.14.9+180917'],
  });
});

test('passes osv-scalibr and osv.dev packagist fixtures', () => {
  assertFixture(scheme, 'osv-scalibr-semantic/packagist-versions.json');
  assertFixture(scheme, 'osv-scalibr-semantic/packagist-versions-generated.json');
  assertFixture(scheme, 'osv-dev/packagist_test_cases.json');
});

test('parses every version in the Drupal OSV records (both Packagist ecosystems)', async () => {
  const { ecosystems, failures } = await scanCorpus(scheme, ['drupal.jsonl.gz']);
  assert.deepEqual(ecosystems, ['Packagist', 'Packagist:https://packages.drupal.org/8']);
  assert.deepEqual(failures, []);
});

const STABILITY = ['dev', 'alpha', 'a', 'beta', 'b', 'RC', 'rc', 'pl', 'p', 'patch', 'foo'];

/** Composer-style versions: v?N(.N)* with optional stability flags and numbers. No literal `#`. */
const packagistVersion = fc
  .tuple(
    fc.constantFrom('', 'v'),
    fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }),
    fc.array(
      fc.tuple(fc.constantFrom('-', '.', '_', '+', ''), fc.constantFrom(...STABILITY), fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined })),
      { maxLength: 2 },
    ),
  )
  .map(([v, numbers, tail]) => v + numbers.join('.') + tail.map(([sep, word, n]) => `${sep}${word}${n ?? ''}`).join(''));

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, packagistVersion, 20_000);
});
