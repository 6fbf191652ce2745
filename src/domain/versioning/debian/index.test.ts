import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJson, sharedDataPath } from '../../../testing/shared-data.js';
import { scheme, type DebianVersion } from './index.js';

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

function version(text: string): DebianVersion {
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
  assert.equal(scheme.id, 'debian');
  assert.ok(scheme.displayName.length > 0);
  assert.ok(scheme.urls.length > 0);
});

test('orders as dpkg --compare-versions does', () => {
  assertComparisons([
    // deb-version(7): ~~ < ~~a < ~ < (end) < a
    { a: '1.0~~', op: '<', b: '1.0~~a' },
    { a: '1.0~~a', op: '<', b: '1.0~' },
    { a: '1.0~', op: '<', b: '1.0' },
    { a: '1.0', op: '<', b: '1.0a' },
    { a: '1.0a', op: '<', b: '1.0+' },
    { a: '1.0+', op: '<', b: '1.0.1' },
    { a: '1.0', op: '=', b: '1.00' },
    { a: '1.0', op: '=', b: '0:1.0-0' },
    { a: '1:0.1', op: '>', b: '9.9' },
    { a: '1.2.3-1~deb12u1', op: '<', b: '1.2.3-1' },
    { a: '1.2.3-1', op: '<', b: '1.2.3-1+deb12u1' },
    { a: '2.7.4-0ubuntu1', op: '<', b: '2.7.4-0ubuntu1.1' },
    { a: '1:2.30-1-2', op: '>', b: '1:2.30-1-1' },
    { a: '1.0-1', op: '<', b: '1.0-a' },
    { a: '12345678901234567890', op: '<', b: '12345678901234567891' },
  ]);
});

test('refuses what dpkg refuses', () => {
  const bad = ['', '   ', ':1.0', 'a:1.0', '-1:1.0', '1:', '1.0-', '1.0 1', '1.0@', '1.0-a_b', '2147483648:1.0', '1:-1'];
  for (const text of bad) {
    const result = scheme.parse(text);
    assert.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) assert.match(result.error, /cannot parse version/);
  }
  for (const text of ['0', ' 1.0 ', '2147483647:1.0', '1:2.3:4', '1.0-2-3', 'abc']) assert.ok(scheme.parse(text).ok, text);
});

test('passes osv-scalibr debian fixtures (hand-written and generated with dpkg)', () => {
  for (const name of ['debian-versions.json', 'debian-versions-generated.json']) {
    const file = readJson<{ comparisons: Comparison[] }>(sharedDataPath('versions', 'osv-scalibr-semantic', name));
    assert.ok(file.comparisons.length > 0, name);
    assertComparisons(file.comparisons);
  }
});

test('passes univers deb sort and equality tests', () => {
  const tests = readJson<SortTest[]>(sharedDataPath('versions', 'univers', 'schema', 'deb_version_python_pkg_test.json'));
  const wrong: string[] = [];
  for (const t of tests) {
    if (t.test_type === 'equality') {
      const [a, b] = t.input.versions as [string, string];
      if ((order(a, b) === 0) !== t.expected_output) wrong.push(`${a} == ${b} should be ${String(t.expected_output)}`);
      continue;
    }
    const expected = t.expected_output as readonly string[];
    for (let i = 0; i + 1 < expected.length; i++) {
      if (order(expected[i]!, expected[i + 1]!) !== -1) wrong.push(`${expected[i]} < ${expected[i + 1]}`);
    }
  }
  assert.equal(tests.length, 16);
  assert.deepEqual(wrong, []);
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

test('compare is a total order on generated versions', () => {
  fc.assert(
    fc.property(debianVersion, debianVersion, debianVersion, (a, b, c) => {
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
