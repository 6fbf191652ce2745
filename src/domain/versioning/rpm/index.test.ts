import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJson, readJsonLines, sharedDataPath } from '../../../testing/shared-data.js';
import { scheme, type RpmVersion } from './index.js';

interface Comparison {
  readonly a: string;
  readonly op: '<' | '=' | '>';
  readonly b: string;
}

const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

function version(text: string): RpmVersion {
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
  assert.equal(scheme.id, 'rpm');
  assert.ok(scheme.displayName.length > 0);
  assert.ok(scheme.urls.length > 0);
});

test('orders epoch, version and release as rpm does', () => {
  assertComparisons([
    { a: '1:1.0-1.el8', op: '>', b: '0:9.9-9.el8' },
    { a: '1.0-1.el8', op: '=', b: '0:1.0-1.el8' },
    { a: '1.0-1.el8', op: '<', b: '1.0-1.el8_1' },
    { a: '1.0-1.el8', op: '<', b: '1.0-2.el8' },
    { a: '1.0~rc1-1', op: '<', b: '1.0-1' },
    { a: '1.0-1', op: '<', b: '1.0^20240101-1' },
    { a: '1.0^20240101-1', op: '<', b: '1.0.1-1' },
    { a: '4.18.0-513.5.1.el8_9', op: '<', b: '4.18.0-513.9.1.el8_9' },
    { a: '0-0.10.20200515gitb52ac13.el8', op: '<', b: '0-0.22.20130910svn.module_el8.0.0+6004+2fc32706' },
    { a: '2.02-99.el8', op: '<', b: '1:2.02-90.el8' },
    // OSV's reading: a version without release sorts before every release of it.
    { a: '1.0', op: '<', b: '1.0-0' },
    { a: '010', op: '=', b: '10' },
    { a: '1.0a', op: '<', b: '1.0.1' },
  ]);
});

test('refuses only empty text and whitespace or control characters', () => {
  for (const text of ['', ' 1.0', '1.0 ', '1.0-1\n', '1.0\t-1']) {
    const result = scheme.parse(text);
    assert.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) assert.match(result.error, /cannot parse version/);
  }
  for (const text of ['0', 'a', '+', ':1', '1:', 'a:1', '1.1.α']) assert.ok(scheme.parse(text).ok, text);
});

test('passes osv-scalibr red hat fixtures', () => {
  const file = readJson<{ comparisons: Comparison[] }>(sharedDataPath('versions', 'osv-scalibr-semantic', 'redhat-versions.json'));
  assert.equal(file.comparisons.length, 165);
  assertComparisons(file.comparisons);
});

test("passes rpm's own rpmvercmp cases (via univers)", () => {
  const file = readJson<{ cases: { a: string; b: string; expected: -1 | 0 | 1 }[] }>(sharedDataPath('versions', 'univers', 'rpmvercmp.json'));
  assert.equal(file.cases.length, 91);
  const op = { '-1': '<', '0': '=', '1': '>' } as const;
  assertComparisons(file.cases.map(({ a, b, expected }) => ({ a, op: op[expected], b })));
});

test('parses every version in the AlmaLinux OSV records', async () => {
  let count = 0;
  const failures: string[] = [];
  for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'almalinux.jsonl.gz'))) {
    for (const entry of record.affected ?? []) {
      if (!entry.package?.ecosystem.startsWith('AlmaLinux')) continue;
      for (const text of versionsOf(entry)) {
        count++;
        const result = scheme.parse(text);
        if (!result.ok) failures.push(`${record.id}: ${result.error}`);
      }
    }
  }
  assert.ok(count > 60000, `only ${count} versions read`);
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

test('compare is a total order on generated versions', () => {
  fc.assert(
    fc.property(rpmVersion, rpmVersion, rpmVersion, (a, b, c) => {
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
