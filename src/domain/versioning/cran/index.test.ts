import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJson, readJsonLines, sharedDataPath } from '../../../testing/shared-data.js';
import { scheme, type CranVersion } from './index.js';

interface Comparison {
  readonly a: string;
  readonly op: '<' | '=' | '>';
  readonly b: string;
}

const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

function version(text: string): CranVersion {
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
  assert.equal(scheme.id, 'cran');
  assert.ok(scheme.displayName.length > 0);
  assert.ok(scheme.urls.length > 0);
});

test('orders integer components, "." and "-" alike, a prefix first', () => {
  assertComparisons([
    { a: '1.0-1', op: '=', b: '1.0.1' },
    { a: '1.0', op: '<', b: '1.0-0' },
    { a: '0.9', op: '<', b: '0.10' },
    { a: '0.01', op: '=', b: '0.1' },
    { a: '1.2-10', op: '>', b: '1.2-9' },
    { a: '2147483647.0', op: '>', b: '2147483646.9' },
    { a: '3.0.0', op: '>', b: '2.16.1' },
  ]);
});

test('refuses anything but integers separated by "." or "-"', () => {
  for (const text of ['', '.', '1.', '-1', '1..2', '1.0a', '1.0-rc1', 'v1.0', '1.0 ', '1_0', '2147483648.0']) {
    const result = scheme.parse(text);
    assert.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) assert.match(result.error, /cannot parse version/);
  }
  for (const text of ['1', '0.1-3', '1.2.2-2', '2147483647']) assert.ok(scheme.parse(text).ok, text);
});

test('passes osv-scalibr cran fixtures (hand-written and generated with R)', () => {
  for (const name of ['cran-versions.json', 'cran-versions-generated.json']) {
    const file = readJson<{ comparisons: Comparison[] }>(sharedDataPath('versions', 'osv-scalibr-semantic', name));
    assert.ok(file.comparisons.length > 0, name);
    assertComparisons(file.comparisons);
  }
});

test('parses every version in the CRAN OSV records', async () => {
  let count = 0;
  const failures: string[] = [];
  for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'cran.jsonl.gz'))) {
    for (const entry of record.affected ?? []) {
      if (entry.package?.ecosystem !== 'CRAN') continue;
      for (const text of versionsOf(entry)) {
        count++;
        const result = scheme.parse(text);
        if (!result.ok) failures.push(`${record.id}: ${result.error}`);
      }
    }
  }
  assert.ok(count > 100, `only ${count} versions read`);
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

const cranVersion = fc
  .tuple(fc.integer({ min: 0, max: 12 }), fc.array(fc.tuple(fc.constantFrom('.', '-'), fc.constantFrom('0', '1', '2', '01', '10', '12')), { maxLength: 4 }))
  .map(([first, rest]) => String(first) + rest.map(([sep, n]) => sep + n).join(''));

test('compare is a total order on generated versions', () => {
  fc.assert(
    fc.property(cranVersion, cranVersion, cranVersion, (a, b, c) => {
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
