import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJson, readJsonLines, sharedDataPath } from '../../../testing/shared-data.js';
import { scheme, type MavenVersion } from './index.js';

interface Comparison {
  readonly a: string;
  readonly op: '<' | '=' | '>';
  readonly b: string;
}

interface SortTest {
  readonly test_type: 'comparison' | 'equality';
  readonly input: { readonly versions: readonly string[] };
  readonly expected_output: readonly string[] | boolean;
}

const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

function version(text: string): MavenVersion {
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
  assert.equal(scheme.id, 'maven');
  assert.ok(scheme.displayName.length > 0);
  assert.ok(scheme.urls.length > 0);
});

test('orders qualifiers, numbers and separators as Maven does', () => {
  assertComparisons([
    { a: '1.0-alpha-1', op: '<', b: '1.0-beta-1' },
    { a: '1.0-beta-1', op: '<', b: '1.0-milestone-1' },
    { a: '1.0-milestone-1', op: '<', b: '1.0-rc-1' },
    { a: '1.0-rc-1', op: '<', b: '1.0-SNAPSHOT' },
    { a: '1.0-SNAPSHOT', op: '<', b: '1.0' },
    { a: '1.0', op: '<', b: '1.0-sp-1' },
    { a: '1.0-sp-1', op: '<', b: '1.0-foo' },
    { a: '1.0-foo', op: '<', b: '1.0-1' },
    { a: '1.0-1', op: '<', b: '1.0.1' },
    { a: '1.0.final', op: '=', b: '1' },
    { a: '1.0-GA', op: '=', b: '1.0.0' },
    { a: '1.0.RELEASE', op: '=', b: '1' },
    { a: '1.0CR2', op: '=', b: '1.0-rc-2' },
    { a: '1.0a1', op: '=', b: '1.0-alpha-1' },
    { a: '1.0.a', op: '<', b: '1.0.b' },
    { a: '1..2', op: '=', b: '1.0.2' },
    { a: '2.0.010', op: '=', b: '2.0.10' },
    { a: '1.2.3.4.5.6.7.8.9', op: '<', b: '1.2.3.4.5.6.7.8.10' },
    { a: '123456789012345678901234567890', op: '<', b: '123456789012345678901234567891' },
  ]);
});

test("reproduces Maven's own cycles between dot and hyphen qualifiers", () => {
  // Maven sorts a qualifier after a dot (1.sp, 12.b) below anything after a hyphen, yet
  // above the plain release, while hyphen pre-releases sort below it: not transitive.
  assertComparisons([
    { a: '12-alpha', op: '<', b: '12' },
    { a: '12', op: '<', b: '12.b' },
    { a: '12.b', op: '<', b: '12-alpha' },
    { a: '1-alpha', op: '<', b: '1' },
    { a: '1', op: '<', b: '1.sp' },
    { a: '1.sp', op: '<', b: '1-alpha' },
  ]);
});

test('refuses only empty text and whitespace or control characters', () => {
  for (const text of ['', ' 1.0', '1.0 ', '1.\t0', '1.0\n']) {
    const result = scheme.parse(text);
    assert.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) assert.match(result.error, /cannot parse version/);
  }
  for (const text of ['1', 'a', '-', '.', '1.0-jre', '20190126.230843', 'RELEASE']) {
    assert.ok(scheme.parse(text).ok, text);
  }
});

test('passes osv-scalibr maven fixtures (hand-written and generated from Maven)', () => {
  for (const name of ['maven-versions.json', 'maven-versions-generated.json']) {
    const file = readJson<{ comparisons: Comparison[] }>(sharedDataPath('versions', 'osv-scalibr-semantic', name));
    assert.ok(file.comparisons.length > 0, name);
    assertComparisons(file.comparisons);
  }
});

test('passes univers maven sort and equality tests', () => {
  const tests = readJson<SortTest[]>(sharedDataPath('versions', 'univers', 'schema', 'maven_version_cmp.json'));
  const wrong: string[] = [];
  for (const t of tests) {
    const [a, b] = t.input.versions as [string, string];
    if (t.test_type === 'equality') {
      if ((order(a, b) === 0) !== t.expected_output) wrong.push(`${a} == ${b} should be ${String(t.expected_output)}`);
      continue;
    }
    const expected = t.expected_output as readonly string[];
    for (let i = 0; i + 1 < expected.length; i++) {
      if (order(expected[i]!, expected[i + 1]!) !== -1) wrong.push(`${expected[i]} < ${expected[i + 1]}`);
    }
  }
  assert.equal(tests.length, 977);
  assert.deepEqual(wrong, []);
});

test('parses every Maven version in the OSV records', async () => {
  let affected = 0;
  const failures: string[] = [];
  for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'malicious-packages.jsonl.gz'))) {
    for (const entry of record.affected ?? []) {
      if (!entry.package?.ecosystem.startsWith('Maven')) continue;
      affected++;
      for (const text of versionsOf(entry)) {
        const result = scheme.parse(text);
        if (!result.ok) failures.push(`${record.id}: ${result.error}`);
      }
    }
  }
  // The corpus holds a single Maven entry, `introduced: "0"` only; the fixtures above carry the weight.
  assert.ok(affected >= 1);
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

test('compare is a total order on generated versions', () => {
  fc.assert(
    fc.property(mavenVersion, mavenVersion, mavenVersion, (a, b, c) => {
      const [va, vb, vc] = [version(a), version(b), version(c)];
      assert.equal(scheme.compare(va, version(a)), 0);
      assert.ok(Math.sign(scheme.compare(va, vb)) === -Math.sign(scheme.compare(vb, va)), `${a} vs ${b}`);
      const ab = scheme.compare(va, vb);
      const bc = scheme.compare(vb, vc);
      if (ab <= 0 && bc <= 0) assert.ok(scheme.compare(va, vc) <= 0, `${a} <= ${b} <= ${c}`);
      if (ab === 0) assert.ok(Math.sign(scheme.compare(va, vc)) === Math.sign(bc), `${a} = ${b}`);
    }),
    { numRuns: 20000 },
  );
});
