import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJson, readJsonLines, sharedDataPath } from '../../../testing/shared-data.js';
import { scheme, type AlpineVersion } from './index.js';

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

function version(text: string): AlpineVersion {
  const result = scheme.parse(text);
  assert.ok(result.ok, `${text} should parse`);
  return result.value;
}

function order(a: string, b: string): number {
  return Math.sign(scheme.compare(version(a), version(b)));
}

/**
 * Checks every comparison both ways. A comparison naming a string from `invalid` is
 * checked as a refusal to parse; it returns which of those strings it met.
 */
function assertComparisons(comparisons: readonly Comparison[], invalid: ReadonlyMap<string, string> = new Map()): Set<string> {
  const wrong: string[] = [];
  const met = new Set<string>();
  for (const { a, op, b } of comparisons) {
    const refused = [a, b].filter((text) => invalid.has(text));
    if (refused.length > 0) {
      for (const text of refused) {
        met.add(text);
        if (scheme.parse(text).ok) wrong.push(`${text} should be refused: ${invalid.get(text)}`);
      }
      continue;
    }
    const forward = order(a, b);
    const backward = order(b, a);
    if (forward !== SIGN[op] || backward !== -SIGN[op]) wrong.push(`${a} ${op} ${b} (got ${forward}, reverse ${backward})`);
  }
  assert.deepEqual(wrong, []);
  return met;
}

test('scheme metadata matches its folder', () => {
  assert.equal(scheme.id, 'alpine');
  assert.ok(scheme.displayName.length > 0);
  assert.ok(scheme.urls.length > 0);
});

test('orders numbers, letters, suffixes, hashes and revisions as apk does', () => {
  assertComparisons([
    { a: '1.2_alpha1', op: '<', b: '1.2_beta' },
    { a: '1.2_beta', op: '<', b: '1.2_pre1' },
    { a: '1.2_pre1', op: '<', b: '1.2_rc1' },
    { a: '1.2_rc1', op: '<', b: '1.2' },
    { a: '1.2', op: '<', b: '1.2_cvs' },
    { a: '1.2_cvs', op: '<', b: '1.2_svn' },
    { a: '1.2_svn', op: '<', b: '1.2_git20240101' },
    { a: '1.2_git20240101', op: '<', b: '1.2_hg1' },
    { a: '1.2_hg1', op: '<', b: '1.2_p1' },
    { a: '1.2_p1', op: '<', b: '1.2a' },
    { a: '1.2a', op: '<', b: '1.2b' },
    { a: '1.2b', op: '<', b: '1.2.1' },
    { a: '1.2-r0', op: '<', b: '1.2-r1' },
    { a: '1.2-r9', op: '<', b: '1.2-r10' },
    { a: '1.2', op: '<', b: '1.2-r0' },
    { a: '1.2~abc-r0', op: '<', b: '1.2~abd-r0' },
    { a: '1.2~abc', op: '>', b: '1.2-r0' },
    // A part with a leading zero compares as text, so 1.02 < 1.1 and 1.011 < 1.02.
    { a: '1.02', op: '<', b: '1.1' },
    { a: '1.011', op: '<', b: '1.02' },
    { a: '0.0.0_git20251231-r1', op: '>', b: '0.0.0_git20251231-r0' },
    { a: '1.0.0_pre20191002222144-r0', op: '<', b: '1.0.0_pre20210530193627-r0' },
    { a: '6.6.2p1', op: '<', b: '6.6.2p10' },
  ]);
});

test('refuses versions apk rejects', () => {
  for (const text of ['', 'r1', '1.', '1..2', '1_', '1_foo', '1-r', '1-1', '1A', '1ab', '1_p1a', '1-r1-r2', '1~', '1~xyz', '1 ']) {
    const result = scheme.parse(text);
    assert.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) assert.match(result.error, /cannot parse version/);
  }
});

test('passes osv-scalibr alpine fixtures, refusing the strings apk rejects', () => {
  const handWritten = readJson<{ comparisons: Comparison[] }>(sharedDataPath('versions', 'osv-scalibr-semantic', 'alpine-versions.json'));
  const met = assertComparisons(handWritten.comparisons, INVALID_IN_FIXTURES);
  assert.deepEqual([...met].sort(), [...INVALID_IN_FIXTURES.keys()].sort(), 'every named invalid string occurs in the fixture');
  // The generated file holds apk's own answers for real Alpine versions: no exceptions.
  const generated = readJson<{ comparisons: Comparison[] }>(sharedDataPath('versions', 'osv-scalibr-semantic', 'alpine-versions-generated.json'));
  assert.ok(generated.comparisons.length > 12000);
  assertComparisons(generated.comparisons);
});

test('passes univers alpine sort and equality tests', () => {
  const tests = readJson<SortTest[]>(sharedDataPath('versions', 'univers', 'schema', 'alpine_version_cmp.json'));
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
  assert.equal(tests.length, 716);
  assert.deepEqual(wrong, []);
});

test('parses every CleanStart and Alpine version in the CleanStart records, except named upstream typos', async () => {
  const ecosystems = new Set<string>();
  const refused = new Map<string, string>();
  for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'cleanstart.jsonl.gz'))) {
    for (const entry of record.affected ?? []) {
      const ecosystem = entry.package?.ecosystem.split(':')[0] ?? '';
      if (ecosystem !== 'CleanStart' && ecosystem !== 'Alpine') continue;
      ecosystems.add(ecosystem);
      for (const text of versionsOf(entry)) {
        const result = scheme.parse(text);
        if (!result.ok) refused.set(text, result.error);
      }
    }
  }
  assert.deepEqual([...ecosystems].sort(), ['Alpine', 'CleanStart']);
  assert.deepEqual([...refused.keys()].sort(), [...INVALID_IN_RECORDS.keys()].sort());
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

test('compare is a total order on generated versions', () => {
  fc.assert(
    fc.property(alpineVersion, alpineVersion, alpineVersion, (a, b, c) => {
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
