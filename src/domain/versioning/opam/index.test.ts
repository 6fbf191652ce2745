import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJsonLines, sharedDataPath } from '../../../testing/shared-data.js';
import { scheme, type OpamVersion } from './index.js';

interface Comparison {
  readonly a: string;
  readonly op: '<' | '=' | '>';
  readonly b: string;
}

const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

function version(text: string): OpamVersion {
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
  assert.equal(scheme.id, 'opam');
  assert.ok(scheme.displayName.length > 0);
  assert.ok(scheme.urls.length > 0);
});

test("sorts the opam manual's example list in order", () => {
  const sorted = ['~~', '~', '~beta2', '~beta10', '0.1', '1.0~beta', '1.0', '1.0-test', '1.0.1', '1.0.10', 'dev', 'trunk'];
  const pairs: Comparison[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) pairs.push({ a: sorted[i]!, op: '<', b: sorted[j]! });
  }
  assertComparisons(pairs);
});

test('orders like Debian without epochs, splitting at the last hyphen', () => {
  assertComparisons([
    { a: '1.0', op: '=', b: '1.00' },
    { a: '1.0', op: '=', b: '1.0-0' },
    { a: 'v0.15.0', op: '<', b: 'v0.16.0' },
    { a: 'v0.9.0', op: '<', b: 'v0.10.0' },
    { a: '4.14.1+flambda', op: '>', b: '4.14.1' },
    { a: '4.14.1~rc1', op: '<', b: '4.14.1' },
    { a: '1.0a', op: '<', b: '1.0.1' },
    // The text after the last hyphen is compared last, so 1-9 < 1+ although "-" > "+".
    { a: '1-9', op: '<', b: '1+' },
    { a: '12345678901234567890', op: '<', b: '12345678901234567891' },
  ]);
});

test('refuses characters opam does not allow', () => {
  for (const text of ['', '1.0 ', '1.0/2', '1:0', '1,0', '1.0\n']) {
    const result = scheme.parse(text);
    assert.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) assert.match(result.error, /cannot parse version/);
  }
  for (const text of ['dev', '~', '-', 'v0.16.0', '1.0_beta', '5.1.0+trunk']) assert.ok(scheme.parse(text).ok, text);
});

test('parses every opam version in the OCaml OSV records', async () => {
  let count = 0;
  const failures: string[] = [];
  for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'opam.jsonl.gz'))) {
    for (const entry of record.affected ?? []) {
      if (entry.package?.ecosystem !== 'opam') continue;
      for (const text of versionsOf(entry)) {
        count++;
        const result = scheme.parse(text);
        if (!result.ok) failures.push(`${record.id}: ${result.error}`);
      }
    }
  }
  assert.ok(count > 900, `only ${count} versions read`);
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

/** Every listed version and every ECOSYSTEM/SEMVER event (not GIT commits), except `introduced: "0"`. */
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

const part = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map(String),
  fc.constantFrom('~beta', '~rc', '+flambda', '+trunk', 'a', 'dev', '-1', '-test', '_x', '~', '00'),
);

/** opam versions: v?, numbers and the decorations seen in opam-repository. */
const opamVersion = fc
  .tuple(fc.constantFrom('', 'v'), fc.array(part, { minLength: 1, maxLength: 4 }))
  .map(([v, parts]) => v + parts.join('.'));

test('compare is a total order on generated versions', () => {
  fc.assert(
    fc.property(opamVersion, opamVersion, opamVersion, (a, b, c) => {
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
