import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJson, readJsonLines, sharedDataPath } from '../../../testing/shared-data.js';
import { scheme, type HackageVersion } from './index.js';

interface Comparison {
  readonly a: string;
  readonly op: '<' | '=' | '>';
  readonly b: string;
}

const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

function version(text: string): HackageVersion {
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
  assert.equal(scheme.id, 'hackage');
  assert.ok(scheme.displayName.length > 0);
  assert.ok(scheme.urls.length > 0);
});

test('orders component lists lexicographically, a prefix first', () => {
  assertComparisons([
    { a: '1', op: '<', b: '1.0' },
    { a: '1.0', op: '<', b: '1.0.0' },
    { a: '1.0.0', op: '<', b: '1.0.0.1' },
    { a: '1.0.0.1', op: '<', b: '1.1' },
    { a: '1.9', op: '<', b: '1.10' },
    { a: '0.20110401', op: '<', b: '0.20110417' },
    { a: '9.10.1', op: '>', b: '9.8.3' },
    { a: '999999999.1', op: '>', b: '999999998.2' },
    { a: '2.3', op: '=', b: '2.3' },
  ]);
});

test("refuses what Cabal's parser refuses, and tags", () => {
  for (const text of ['', '.', '1.', '.1', '1..2', '01', '1.02', '1234567890', '1.0-rc1', '1.0-foo', 'v1.0', '1.0 ', '1,0', '-1']) {
    const result = scheme.parse(text);
    assert.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) assert.match(result.error, /cannot parse version/);
  }
  for (const text of ['0', '0.0', '10.20.30.40.50', '123456789']) assert.ok(scheme.parse(text).ok, text);
});

test('passes osv-scalibr hackage fixtures', () => {
  const file = readJson<{ comparisons: Comparison[] }>(sharedDataPath('versions', 'osv-scalibr-semantic', 'hackage-versions.json'));
  assert.equal(file.comparisons.length, 11);
  assertComparisons(file.comparisons);
});

test('parses every Hackage and GHC version in the HSEC OSV records', async () => {
  const ecosystems = new Set<string>();
  const failures: string[] = [];
  for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'hackage.jsonl.gz'))) {
    for (const entry of record.affected ?? []) {
      const ecosystem = entry.package?.ecosystem ?? '';
      if (ecosystem !== 'Hackage' && ecosystem !== 'GHC') continue;
      ecosystems.add(ecosystem);
      for (const text of versionsOf(entry)) {
        const result = scheme.parse(text);
        if (!result.ok) failures.push(`${record.id}: ${result.error}`);
      }
    }
  }
  assert.deepEqual([...ecosystems].sort(), ['GHC', 'Hackage']);
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

const hackageVersion = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'));

test('compare is a total order on generated versions', () => {
  fc.assert(
    fc.property(hackageVersion, hackageVersion, hackageVersion, (a, b, c) => {
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
