/**
 * Checks and generators shared by the version-scheme tests (src/domain/versioning/*).
 * It declares no tests of its own: `schemeMetadata`, `compareCases`, `refuseCases` and
 * `orderLaws` register tests in the caller's suite; the other helpers run inside the
 * caller's test.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { OsvRecord } from '../domain/osv/osv-record.js';
import { ecosystemDefinitions } from '../domain/versioning/ecosystems.js';
import type { VersionScheme } from '../domain/versioning/version-scheme.js';
import { readJson, readJsonLines, sharedDataPath } from './shared-data.js';

/** The sign each comparison operator asks of `compare(a, b)`. */
const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

/** A comparison operator. */
export type Op = keyof typeof SIGN;

/** One expected ordering, as osv-scalibr's fixtures write it: `compare(a, b)` has the sign of `op`. */
export interface Comparison {
  readonly a: string;
  readonly op: Op;
  readonly b: string;
}

/** Strings that are no versions of a scheme, each with the reason. */
export type InvalidVersions = ReadonlyMap<string, string>;

/** Parses or fails the test with the scheme's reason. */
export function mustParse<V>(scheme: VersionScheme<V>, text: string): V {
  const r = scheme.parse(text);
  if (!r.ok) assert.fail(r.error);
  return r.value;
}

/** Registers a test that the scheme is named after its folder and says what it is and where its rules are. */
export function schemeMetadata(scheme: VersionScheme, folder: string): void {
  it('scheme metadata matches its folder', () => {
    assert.equal(scheme.id, folder);
    assert.ok(scheme.displayName.length > 0);
    assert.ok(scheme.urls.length > 0);
  });
}

/** Which texts a scheme must refuse, with an error that says `reason`, and which it must parse. */
export interface ParsingExpectations {
  readonly refuses?: readonly string[];
  readonly parses?: readonly string[];
  /** Part of every refusal's error; by default the prefix all schemes share. */
  readonly reason?: string;
}

/** Asserts that the scheme refuses and parses the texts it should. */
export function assertParsing(scheme: VersionScheme, { refuses = [], parses = [], reason = 'cannot parse version' }: ParsingExpectations): void {
  for (const text of refuses) {
    const r = scheme.parse(text);
    assert.equal(r.ok, false, `${JSON.stringify(text)} parsed`);
    if (!r.ok) assert.ok(r.error.includes(reason), `${r.error} does not say ${reason}`);
  }
  for (const text of parses) assert.ok(scheme.parse(text).ok, `${JSON.stringify(text)} should parse`);
}

/**
 * Checks every comparison both ways round and describes each failure. A comparison
 * naming a string of `invalid` checks instead that the string is refused, and every
 * string of `invalid` must be met so.
 */
function comparisonFailures<V>(scheme: VersionScheme<V>, comparisons: readonly Comparison[], invalid: InvalidVersions = new Map()): string[] {
  const failures: string[] = [];
  const met = new Set<string>();
  for (const { a, op, b } of comparisons) {
    const refused = [a, b].filter((text) => invalid.has(text));
    for (const text of refused) {
      met.add(text);
      if (scheme.parse(text).ok) failures.push(`${text} should be refused: ${invalid.get(text)}`);
    }
    if (refused.length > 0) continue;
    const pa = scheme.parse(a);
    const pb = scheme.parse(b);
    if (!pa.ok || !pb.ok) {
      failures.push(`${a} ${op} ${b}: ${pa.ok ? '' : pa.error} ${pb.ok ? '' : pb.error}`);
      continue;
    }
    const forward = Math.sign(scheme.compare(pa.value, pb.value));
    const backward = Math.sign(scheme.compare(pb.value, pa.value));
    if (forward !== SIGN[op] || backward !== -SIGN[op]) failures.push(`${a} ${op} ${b}: got ${forward}, reversed ${backward}`);
  }
  for (const [text, reason] of invalid) if (!met.has(text)) failures.push(`${text} (${reason}) is named invalid but never met`);
  return failures;
}

/** Asserts every comparison both ways round, reporting all failures at once. */
export function assertComparisons<V>(scheme: VersionScheme<V>, comparisons: readonly Comparison[]): void {
  assert.deepEqual(comparisonFailures(scheme, comparisons), []);
}

/** Registers one test per `[a, op, b]` case, checking both `compare(a, b)` and `compare(b, a)`. */
export function compareCases<V>(scheme: VersionScheme<V>, cases: readonly (readonly [string, Op, string])[]): void {
  for (const [a, op, b] of cases) {
    it(`${a} ${op} ${b}`, () => assertComparisons(scheme, [{ a, op, b }]));
  }
}

/** Registers one test per `[text, reason]` case: parse must fail with an error that says `reason`. */
export function refuseCases<V>(scheme: VersionScheme<V>, cases: readonly (readonly [string, string])[]): void {
  for (const [text, reason] of cases) {
    it(`refuses ${JSON.stringify(text)}`, () => assertParsing(scheme, { refuses: [text], reason }));
  }
}

/** What a fixture file must hold besides tests that pass. */
export interface FixtureExpectations {
  /** Exactly this many tests. */
  readonly count?: number;
  /** More than this many tests when `count` is not given; 0 by default. */
  readonly moreThan?: number;
  /** Strings of a comparison file that are no versions: each must occur and be refused, and its comparisons are not run. */
  readonly invalid?: InvalidVersions;
}

/** univers' schema tests: `equality` of two versions, or `comparison` (sort the input into the expected order). */
type UniversTest = { readonly input: { readonly versions: readonly string[] } } & (
  | { readonly test_type: 'equality'; readonly expected_output: boolean }
  | { readonly test_type: 'comparison'; readonly expected_output: readonly string[] }
);

/** The fixture formats of the shared `versions` folder. */
type Fixture =
  | { readonly comparisons: readonly Comparison[] }
  | { readonly cases: readonly { readonly a: string; readonly b: string; readonly expected: -1 | 0 | 1 }[] }
  | UniversTest[];

/** The operator of each rpmvercmp answer. */
const OP_OF_SIGN = { '-1': '<', '0': '=', '1': '>' } as const;

/**
 * Runs univers' schema tests. An equality test holds when compare says equal exactly
 * when expected; a sort test when its expected order is strictly ascending (save where a
 * text repeats, as in `[3.0.0, 3.0.0]`) and its input sorts into it, position by position
 * as versions (the expected text may differ in case).
 */
function universFailures<V>(scheme: VersionScheme<V>, tests: readonly UniversTest[]): string[] {
  const failures: string[] = [];
  for (const t of tests) {
    const texts = t.input.versions;
    const versions = texts.map((text) => mustParse(scheme, text));
    if (t.test_type === 'equality') {
      const equal = scheme.compare(versions[0]!, versions[1]!) === 0;
      if (equal !== t.expected_output) failures.push(`${texts.join(' == ')} should be ${String(t.expected_output)}`);
      continue;
    }
    const expected = t.expected_output.map((text) => mustParse(scheme, text));
    const sorted = [...versions].sort((a, b) => scheme.compare(a, b));
    if (sorted.length !== expected.length) failures.push(`${texts.join(', ')} sorts to ${sorted.length} versions, expected ${expected.length}`);
    expected.forEach((v, i) => {
      const repeated = i > 0 && t.expected_output[i - 1] === t.expected_output[i];
      if (i > 0 && !repeated && scheme.compare(expected[i - 1]!, v) >= 0) failures.push(`${t.expected_output[i - 1]} < ${t.expected_output[i]}`);
      if (sorted[i] !== undefined && scheme.compare(sorted[i], v) !== 0) {
        failures.push(`${texts.join(', ')} sorted, at ${i}: expected ${t.expected_output[i]}`);
      }
    });
  }
  return failures;
}

/**
 * Asserts every test of an upstream fixture file, `file` being a path under the shared
 * `versions` folder (`osv-scalibr-semantic/semver-versions.json`). It reads each format
 * found there: comparisons `{ a, op, b }` (osv-scalibr, osv.dev) and rpmvercmp cases
 * `{ a, b, expected }`, both checked both ways round, and univers' schema tests.
 */
/**
 * For a scheme whose versions are sort keys (sort-key.ts): each comparison of an
 * osv-scalibr fixture holds on the keys compared as strings, and `check` accepts the
 * key of every version named.
 */
export function assertFixtureKeys(scheme: VersionScheme<string>, file: string, check: (text: string, key: string) => void): void {
  const { comparisons } = readJson<{ comparisons: readonly Comparison[] }>(sharedDataPath('versions', file));
  for (const { a, op, b } of comparisons) {
    const [x, y] = [mustParse(scheme, a), mustParse(scheme, b)];
    assert.ok(op === '=' ? x === y : op === '<' ? x < y : x > y, `${a} ${op} ${b}`);
    check(a, x);
    check(b, y);
  }
}

export function assertFixture<V>(scheme: VersionScheme<V>, file: string, expect: FixtureExpectations = {}): void {
  const fixture = readJson<Fixture>(sharedDataPath('versions', file));
  let count: number;
  let failures: string[];
  if (Array.isArray(fixture)) {
    count = fixture.length;
    failures = universFailures(scheme, fixture);
  } else {
    const comparisons =
      'comparisons' in fixture ? fixture.comparisons : fixture.cases.map(({ a, b, expected }) => ({ a, op: OP_OF_SIGN[expected], b }));
    count = comparisons.length;
    failures = comparisonFailures(scheme, comparisons, expect.invalid);
  }
  if (expect.count === undefined) assert.ok(count > (expect.moreThan ?? 0), `${file} holds only ${count} tests`);
  else assert.equal(count, expect.count, file);
  assert.deepEqual(failures, [], file);
}

/** What a scan of OSV records found. */
export interface CorpusScan {
  /** How many version strings were parsed. */
  readonly checked: number;
  /** The ecosystems, suffix included, of the entries the scheme orders, sorted. */
  readonly ecosystems: readonly string[];
  /** `"<ecosystem> <record id>: <error>"` for each refusal, and each named invalid string never refused; sorted. */
  readonly failures: readonly string[];
}

/**
 * Parses every version string of the OSV files' affected entries whose ecosystem
 * the scheme orders: ECOSYSTEM and SEMVER range events (not GIT commits, not the
 * `limit: "*"` wildcard) and `versions` lists. The strings of `invalid` must be
 * refused rather than parsed.
 */
export async function scanCorpus<V>(
  scheme: VersionScheme<V>,
  files: readonly string[],
  invalid: InvalidVersions = new Map(),
): Promise<CorpusScan> {
  let checked = 0;
  const ecosystems = new Set<string>();
  const failures = new Set<string>();
  const refused = new Set<string>();
  for (const file of files) {
    for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', file))) {
      for (const affected of record.affected ?? []) {
        const ecosystem = affected.package?.ecosystem ?? '';
        if (ecosystemDefinitions.get(ecosystem.split(':')[0]!)?.schemeId !== scheme.id) continue;
        ecosystems.add(ecosystem);
        const texts = [...(affected.versions ?? [])];
        for (const range of affected.ranges ?? []) {
          if (range.type === 'GIT') continue;
          for (const event of range.events) {
            for (const [kind, text] of Object.entries(event)) if (kind !== 'limit' || text !== '*') texts.push(text);
          }
        }
        for (const text of texts) {
          checked++;
          const r = scheme.parse(text);
          if (r.ok) continue;
          if (invalid.has(text)) refused.add(text);
          else failures.add(`${ecosystem} ${record.id}: ${r.error}`);
        }
      }
    }
  }
  for (const [text, reason] of invalid) if (!refused.has(text)) failures.add(`${text} (${reason}) is named invalid but never refused`);
  return { checked, ecosystems: [...ecosystems].sort(), failures: [...failures].sort() };
}

/**
 * Registers the order-law properties over generated version strings: every one
 * parses, compare is reflexive, antisymmetric and transitive, equal versions order
 * alike against a third, and sorting leaves no inversions. Also checks that parse
 * never throws on arbitrary text. The laws over generated versions run `numRuns`
 * cases each; the never-throws check runs 2000 and the sorting one 100.
 */
export function orderLaws<V>(scheme: VersionScheme<V>, versionText: fc.Arbitrary<string>, numRuns = 2000): void {
  const version = versionText.map((text) => mustParse(scheme, text));
  const sign = (a: V, b: V): number => Math.sign(scheme.compare(a, b));
  it('parses every generated version', () => {
    fc.assert(fc.property(versionText, (text) => scheme.parse(text).ok), { numRuns });
  });
  it('never throws while parsing, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => typeof scheme.parse(text).ok === 'boolean'), {
      numRuns: 2000,
    });
  });
  it('is reflexive', () => {
    fc.assert(fc.property(versionText, (text) => scheme.compare(mustParse(scheme, text), mustParse(scheme, text)) === 0), { numRuns });
  });
  it('is antisymmetric', () => {
    fc.assert(fc.property(version, version, (a, b) => sign(a, b) === -sign(b, a)), { numRuns });
  });
  it('is transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        if (sign(a, b) <= 0 && sign(b, c) <= 0) return sign(a, c) <= 0;
        if (sign(a, b) >= 0 && sign(b, c) >= 0) return sign(a, c) >= 0;
        return true;
      }),
      { numRuns },
    );
  });
  it('orders equal versions alike', () => {
    fc.assert(fc.property(version, version, version, (a, b, c) => sign(a, b) !== 0 || sign(a, c) === sign(b, c)), { numRuns });
  });
  it('sorts without inversions', () => {
    fc.assert(
      fc.property(fc.array(version, { minLength: 2, maxLength: 25 }), (versions) => {
        versions.sort((a, b) => scheme.compare(a, b));
        for (let i = 0; i < versions.length; i++) {
          for (let j = i + 1; j < versions.length; j++) if (sign(versions[i]!, versions[j]!) > 0) return false;
        }
        return true;
      }),
    );
  });
}

/** Version numbers as advisories write them: small, with leading zeros, and beyond 2^53. */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '1', '2', '3', '9', '10', '11', '99', '100', '01', '007'),
  fc.nat({ max: 2000 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.constantFrom('9007199254740992', '9007199254740993', '999999999999999999999999999991'),
);

/** Dot-separated `[0-9A-Za-z-]` identifiers, realistic and random. */
export const identifiersText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      numberText,
      fc.constantFrom('alpha', 'beta', 'rc', 'pre', 'RC', 'SNAPSHOT', 'a', 'b', 'x-y', '0a', '5-foo', '-', 'dev', 'r100', 'R2'),
      fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((ids) => ids.join('.'));

/** SemVer versions with OSV's tolerances: `v`, one to five core numbers, pre-releases, builds. */
export const semverLikeText: fc.Arbitrary<string> = fc
  .record({
    v: fc.boolean(),
    core: fc.array(numberText, { minLength: 1, maxLength: 5 }),
    pre: fc.option(identifiersText, { nil: undefined }),
    build: fc.option(identifiersText, { nil: undefined }),
  })
  .map(({ v, core, pre, build }) => `${v ? 'v' : ''}${core.join('.')}${pre ? `-${pre}` : ''}${build ? `+${build}` : ''}`);
