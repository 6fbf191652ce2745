import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJson, readJsonLines, sharedDataPath } from '../../../testing/shared-data.js';
import { scheme, type PackagistVersion } from './index.js';

interface Comparison {
  readonly a: string;
  readonly op: '<' | '=' | '>';
  readonly b: string;
}

const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

function version(text: string): PackagistVersion {
  const result = scheme.parse(text);
  assert.ok(result.ok, `${text} should parse`);
  return result.value;
}

function order(a: string, b: string): number {
  return Math.sign(scheme.compare(version(a), version(b)));
}

/** Checks every comparison both ways and reports all mismatches at once. */
function assertComparisons(comparisons: readonly Comparison[]): void {
  const wrong: string[] = [];
  for (const { a, op, b } of comparisons) {
    const forward = order(a, b);
    const backward = order(b, a);
    if (forward !== SIGN[op] || backward !== -SIGN[op]) wrong.push(`${a} ${op} ${b} (got ${forward}, reverse ${backward})`);
  }
  assert.deepEqual(wrong, []);
}

test('scheme metadata matches its folder', () => {
  assert.equal(scheme.id, 'packagist');
  assert.ok(scheme.displayName.length > 0);
  assert.ok(scheme.urls.length > 0);
});

test("orders PHP's special forms and numbers", () => {
  assertComparisons([
    { a: '1.0-foo', op: '<', b: '1.0-dev' },
    { a: '1.0-dev', op: '<', b: '1.0-alpha1' },
    { a: '1.0-alpha1', op: '=', b: '1.0a1' },
    { a: '1.0a1', op: '<', b: '1.0-beta' },
    { a: '1.0-beta', op: '=', b: '1.0b' },
    { a: '1.0b', op: '<', b: '1.0RC1' },
    { a: '1.0RC1', op: '=', b: '1.0.rc.1' },
    { a: '1.0rc1', op: '<', b: '1.0' },
    { a: '1.0', op: '<', b: '1.0pl1' },
    { a: '1.0pl1', op: '=', b: '1.0-patch1' },
    { a: '1.0', op: '<', b: '1.0.0' },
    { a: '1.0.0', op: '<', b: '1.0.1' },
    { a: '1.0+build', op: '=', b: '1.0.build' },
    { a: '1.0~beta', op: '=', b: '1.0-beta' },
    { a: '1.0--1', op: '=', b: '1.0.1' },
    { a: 'v2.3', op: '=', b: '2.3' },
    { a: 'V2.3', op: '=', b: '2.3' },
    { a: '2.3.010', op: '=', b: '2.3.10' },
    { a: 'dev-main', op: '<', b: '0.0.1' },
  ]);
});

test('orders Drupal versions among themselves; the legacy 8.x- prefix is just a part', () => {
  assertComparisons([
    { a: '8.x-1.2', op: '<', b: '8.x-1.10' },
    { a: '8.x-1.0-beta1', op: '<', b: '8.x-1.0' },
    { a: '8.x-1.0-rc1', op: '<', b: '8.x-1.0' },
    { a: '7.x-3.5', op: '<', b: '8.x-1.0' },
    // packages.drupal.org/8 publishes 8.x-1.2 as 1.2.0; OSV, like this scheme, does not map one to the other.
    { a: '8.x-1.2', op: '>', b: '1.2.0' },
    { a: '10.2.0-rc1', op: '<', b: '10.2.0' },
  ]);
});

test('refuses only text without digits or letters, and whitespace', () => {
  for (const text of ['', 'v', '...', '-', '1.0 ', ' 1.0', '1.\t0']) {
    const result = scheme.parse(text);
    assert.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) assert.match(result.error, /cannot parse version/);
  }
  for (const text of ['1', 'dev-master', '8.x-1.x-dev', '1.2.3.#', '3.14.9+180917']) assert.ok(scheme.parse(text).ok, text);
});

test('passes osv-scalibr and osv.dev packagist fixtures', () => {
  const files = [
    sharedDataPath('versions', 'osv-scalibr-semantic', 'packagist-versions.json'),
    sharedDataPath('versions', 'osv-scalibr-semantic', 'packagist-versions-generated.json'),
    sharedDataPath('versions', 'osv-dev', 'packagist_test_cases.json'),
  ];
  for (const path of files) {
    const file = readJson<{ comparisons: Comparison[] }>(path);
    assert.ok(file.comparisons.length > 0, path);
    assertComparisons(file.comparisons);
  }
});

test('parses every version in the Drupal OSV records (both Packagist ecosystems)', async () => {
  const seen = new Set<string>();
  const failures: string[] = [];
  for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'drupal.jsonl.gz'))) {
    for (const entry of record.affected ?? []) {
      const ecosystem = entry.package?.ecosystem ?? '';
      if (ecosystem !== 'Packagist' && !ecosystem.startsWith('Packagist:')) continue;
      seen.add(ecosystem);
      for (const text of versionsOf(entry)) {
        const result = scheme.parse(text);
        if (!result.ok) failures.push(`${record.id}: ${result.error}`);
      }
    }
  }
  assert.deepEqual([...seen].sort(), ['Packagist', 'Packagist:https://packages.drupal.org/8']);
  assert.deepEqual(failures, []);
});

interface OsvRecord {
  readonly id: string;
  readonly affected?: readonly OsvAffected[];
}

interface OsvAffected {
  readonly package?: { readonly ecosystem: string };
  readonly versions?: readonly string[];
  readonly ranges?: readonly { readonly type: string; readonly events: readonly Record<string, string>[] }[];
}

/** Every listed version and every ECOSYSTEM/SEMVER event, except `introduced: "0"`. */
function versionsOf(entry: OsvAffected): string[] {
  const out = [...(entry.versions ?? [])];
  for (const range of entry.ranges ?? []) {
    if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER') continue;
    for (const event of range.events) {
      for (const [kind, text] of Object.entries(event)) if (!(kind === 'introduced' && text === '0')) out.push(text);
    }
  }
  return out;
}

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

test('compare is a total order on generated versions', () => {
  fc.assert(
    fc.property(packagistVersion, packagistVersion, packagistVersion, (a, b, c) => {
      const [va, vb, vc] = [version(a), version(b), version(c)];
      assert.equal(scheme.compare(va, version(a)), 0);
      const ab = scheme.compare(va, vb);
      const bc = scheme.compare(vb, vc);
      assert.ok(Math.sign(ab) === -Math.sign(scheme.compare(vb, va)), `${a} vs ${b}`);
      if (ab <= 0 && bc <= 0) assert.ok(scheme.compare(va, vc) <= 0, `${a} <= ${b} <= ${c}`);
      if (ab === 0) assert.ok(Math.sign(scheme.compare(va, vc)) === Math.sign(bc), `${a} = ${b}`);
    }),
    { numRuns: 20000 },
  );
});
