/**
 * Checks and generators shared by the version-scheme tests (semver, go, pub,
 * pypi, rubygems, nuget). It declares no tests of its own: each helper registers or runs checks
 * inside the caller's suite. Named `*.test.ts` so the domain typecheck, which
 * bans Node APIs, leaves it out like the tests that use it.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readJson, readJsonLines, sharedDataPath } from '../../../testing/shared-data.js';
import type { OsvRecord } from '../../osv/osv-record.js';
import { ecosystemDefinitions } from '../ecosystems.js';
import type { VersionScheme } from '../version-scheme.js';

/** The sign each fixture operator asks of `compare(a, b)`. */
export const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

/** A fixture operator. */
export type Op = keyof typeof SIGN;

/** Parses or fails the test with the scheme's reason. */
export function mustParse<V>(scheme: VersionScheme<V>, text: string): V {
  const r = scheme.parse(text);
  if (!r.ok) assert.fail(r.error);
  return r.value;
}

/** Registers one test per `[a, op, b]` case, checking both `compare(a, b)` and `compare(b, a)`. */
export function compareCases<V>(scheme: VersionScheme<V>, cases: readonly (readonly [string, Op, string])[]): void {
  for (const [a, op, b] of cases) {
    it(`${a} ${op} ${b}`, () => {
      const pa = mustParse(scheme, a);
      const pb = mustParse(scheme, b);
      assert.equal(Math.sign(scheme.compare(pa, pb)), SIGN[op], `${a} ${op} ${b}`);
      assert.equal(Math.sign(scheme.compare(pb, pa)), SIGN[op] === 0 ? 0 : -SIGN[op], `reversed: ${b} vs ${a}`);
    });
  }
}

/** Registers one test per `[text, reason]` case: parse must fail with an error matching `reason`. */
export function refuseCases<V>(scheme: VersionScheme<V>, cases: readonly (readonly [string, string])[]): void {
  for (const [text, reason] of cases) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      const r = scheme.parse(text);
      assert.equal(r.ok, false, `${JSON.stringify(text)} parsed`);
      if (!r.ok) assert.ok(r.error.includes(reason), `${r.error} does not say ${reason}`);
    });
  }
}

/** osv-scalibr's comparison fixtures, converted to JSON. */
interface ComparisonFixture {
  readonly comparisons: readonly { readonly a: string; readonly op: Op; readonly b: string }[];
}

/**
 * Runs every comparison of an osv-scalibr fixture file both ways round.
 * Returns how many passed and a description of each failure.
 */
export function fixtureFailures<V>(scheme: VersionScheme<V>, file: string): { passed: number; failures: string[] } {
  const fixture = readJson<ComparisonFixture>(sharedDataPath('versions', 'osv-scalibr-semantic', file));
  const failures: string[] = [];
  for (const { a, op, b } of fixture.comparisons) {
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
  return { passed: fixture.comparisons.length - failures.length, failures };
}

/**
 * Parses every version string of the OSV files' affected entries whose ecosystem
 * the scheme orders: ECOSYSTEM and SEMVER range events (not GIT commits, not the
 * `limit: "*"` wildcard) and `versions` lists. Returns how many strings were
 * checked and `"<ecosystem> <record id>: <error>"` for each failure.
 */
export async function corpusFailures<V>(
  scheme: VersionScheme<V>,
  files: readonly string[],
): Promise<{ checked: number; failures: string[] }> {
  let checked = 0;
  const failures = new Set<string>();
  for (const file of files) {
    for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', file))) {
      for (const affected of record.affected ?? []) {
        const ecosystem = affected.package?.ecosystem ?? '';
        if (ecosystemDefinitions.get(ecosystem.split(':')[0]!)?.schemeId !== scheme.id) continue;
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
          if (!r.ok) failures.add(`${ecosystem} ${record.id}: ${r.error}`);
        }
      }
    }
  }
  return { checked, failures: [...failures].sort() };
}

/**
 * Registers the order-law properties over generated version strings: compare is
 * reflexive, antisymmetric and transitive, and sorting leaves no inversions.
 * Also checks that parse never throws on arbitrary text.
 */
export function orderLaws<V>(scheme: VersionScheme<V>, versionText: fc.Arbitrary<string>): void {
  const version = versionText.map((text) => mustParse(scheme, text));
  const sign = (a: V, b: V): number => Math.sign(scheme.compare(a, b));
  it('parses every generated version', () => {
    fc.assert(fc.property(versionText, (text) => scheme.parse(text).ok), { numRuns: 2000 });
  });
  it('never throws while parsing, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => typeof scheme.parse(text).ok === 'boolean'), {
      numRuns: 2000,
    });
  });
  it('is reflexive', () => {
    fc.assert(fc.property(versionText, (text) => scheme.compare(mustParse(scheme, text), mustParse(scheme, text)) === 0));
  });
  it('is antisymmetric', () => {
    fc.assert(fc.property(version, version, (a, b) => sign(a, b) === -sign(b, a)), { numRuns: 2000 });
  });
  it('is transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        if (sign(a, b) <= 0 && sign(b, c) <= 0) return sign(a, c) <= 0;
        if (sign(a, b) >= 0 && sign(b, c) >= 0) return sign(a, c) >= 0;
        return true;
      }),
      { numRuns: 2000 },
    );
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
