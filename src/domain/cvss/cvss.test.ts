import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { scoreVector, severityOf, type CvssVersion } from './cvss.js';

/** One record of ../shared/data/cvss/cvss-v*.json (Red Hat's CVSS library test vectors). */
interface CvssFixture {
  vector: string;
  score: number;
  severity?: string;
  source: string;
}

const versions: CvssVersion[] = ['2.0', '3.0', '3.1', '4.0'];

describe('scoreVector on the Red Hat CVSS test vectors (../shared/data/cvss)', () => {
  for (const version of versions) {
    it(`scores every CVSS ${version} vector as the fixtures expect`, () => {
      // The library warns on the console when it has to guess; a checked vector never makes it guess.
      const warn = mock.method(console, 'warn');
      const fixtures = readJson<CvssFixture[]>(sharedDataPath('cvss', `cvss-v${version}.json`));
      const failures: string[] = [];
      for (const fixture of fixtures) {
        const result = scoreVector(fixture.vector);
        if (!result.ok) {
          failures.push(`${fixture.vector}: ${result.error}`);
          continue;
        }
        // v2.0 fixtures carry no severity: the specification defines none.
        const expectedSeverity = fixture.severity?.toUpperCase() ?? result.severity;
        if (result.version !== version || !Object.is(result.score, fixture.score) || result.severity !== expectedSeverity) {
          failures.push(`${fixture.vector}: got ${result.version} ${result.score} ${result.severity}, expected ${fixture.score} ${expectedSeverity}`);
        }
        const again = scoreVector(result.vector);
        if (!again.ok || again.vector !== result.vector || again.score !== result.score) failures.push(`${fixture.vector}: normalized ${result.vector} does not score the same`);
        if ((version === '3.1' || version === '4.0') && result.vector !== fixture.vector) failures.push(`${fixture.vector}: normalized to ${result.vector}`);
      }
      warn.mock.restore();
      assert.deepEqual(failures, []);
      assert.equal(warn.mock.callCount(), 0);
      assert.ok(fixtures.length > 700, `${fixtures.length} vectors`);
    });
  }
});

describe('scoreVector, hand-checked', () => {
  const cases: [string, CvssVersion, number, string][] = [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '3.1', 9.8, 'CRITICAL'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', '3.0', 10, 'CRITICAL'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', '3.1', 0, 'NONE'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', '3.1', 6.1, 'MEDIUM'],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', '2.0', 7.5, 'HIGH'],
    ['AV:N/AC:M/Au:N/C:N/I:P/A:N', '2.0', 4.3, 'MEDIUM'],
    ['AV:L/AC:H/Au:M/C:N/I:N/A:N', '2.0', 0, 'LOW'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', '4.0', 9.3, 'CRITICAL'],
  ];
  for (const [vector, version, score, severity] of cases) {
    it(`${vector} → ${score} ${severity}`, () => {
      assert.deepEqual(scoreVector(vector), { ok: true, version, vector, score, severity });
    });
  }

  it('gives v2 and v3 base scores whatever temporal and environmental metrics say', () => {
    const v31 = scoreVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U/CR:L/IR:L/AR:L/MAV:P');
    assert.ok(v31.ok);
    assert.equal(v31.score, 9.8);
    const v2 = scoreVector('AV:N/AC:L/Au:N/C:C/I:C/A:C/E:U/RL:OF/RC:UC/CDP:N/TD:L');
    assert.ok(v2.ok);
    assert.equal(v2.score, 10);
  });

  it('gives a v4.0 vector the score of all its metric groups (here CVSS-BT)', () => {
    assert.deepEqual(scoreVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U'), {
      ok: true,
      version: '4.0',
      vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U',
      score: 8.1,
      severity: 'HIGH',
    });
  });

  it('accepts metrics in any order and prints them in the library order, trimming spaces', () => {
    const result = scoreVector('  CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:P\n');
    assert.deepEqual(result, { ok: true, version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:X/RC:X', score: 9.8, severity: 'CRITICAL' });
  });
});

describe('scoreVector rejects bad vectors with the reason', () => {
  const cases: [string, RegExp][] = [
    ['', /empty vector/],
    ['   ', /empty vector/],
    ['CVSS:9.9/AV:N', /unknown version prefix "CVSS:9\.9"/],
    ['CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P', /"CVSS:2\.0" \(CVSS v2\.0 vectors have no prefix\)/],
    ['CVSS:3.1', /expected "\/" after "CVSS:3\.1"/],
    ['CVSS:3.1AV:N', /unknown version prefix "CVSS:3\.1AV:N"/],
    ['CVSS:3.1/AV:N/AC:L', /missing base metrics PR, UI, S, C, I, A for CVSS 3\.1/],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', /missing base metric SA for CVSS 4\.0/],
    ['AV:N/AC:L/Au:N/C:P/I:P', /missing base metric A for CVSS 2\.0/],
    ['CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /metric AV has invalid value "Q"; expected one of N, A, L, P/],
    ['CVSS:3.1/AV:Network/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /metric AV has invalid value "Network"/],
    ['CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /metric AV has invalid value "X"/],
    ['AV:ND/AC:L/Au:N/C:P/I:P/A:P', /metric AV has invalid value "ND"/],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:S/SI:N/SA:N', /metric SC has invalid value "S"; expected one of H, L, N/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Z', /metric E has invalid value "Z"/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N', /unknown metric "AT" for CVSS 3\.1/],
    ['CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /unknown metric "av"/],
    ['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /metric AV appears more than once/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', /metric 9 "" is not NAME:VALUE/],
    ['CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /metric 2 "" is not NAME:VALUE/],
    ['CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /metric 1 "AV:N:L" is not NAME:VALUE/],
    ['garbage', /metric 1 "garbage" is not NAME:VALUE \(no CVSS: prefix, so read as CVSS 2\.0\)/],
    ['(AV:N/AC:L/Au:N/C:P/I:P/A:P)', /unknown metric "\(AV" for CVSS 2\.0/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AU:Y', /unknown metric "AU" for CVSS 3\.1/],
  ];
  for (const [vector, error] of cases) {
    it(JSON.stringify(vector), () => {
      const result = scoreVector(vector);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.error, error);
    });
  }
});

describe('severityOf', () => {
  it("uses FIRST's scale for v3.x and v4.0, at every boundary", () => {
    const table: [number, string][] = [[0, 'NONE'], [0.1, 'LOW'], [3.9, 'LOW'], [4, 'MEDIUM'], [6.9, 'MEDIUM'], [7, 'HIGH'], [8.9, 'HIGH'], [9, 'CRITICAL'], [10, 'CRITICAL']];
    for (const version of ['3.0', '3.1', '4.0'] as const) {
      assert.deepEqual(table.map(([score]) => [score, severityOf(version, score)]), table);
    }
  });

  it("uses NVD's v2 ranges for v2.0: no None, no Critical", () => {
    const table: [number, string][] = [[0, 'LOW'], [3.9, 'LOW'], [4, 'MEDIUM'], [6.9, 'MEDIUM'], [7, 'HIGH'], [10, 'HIGH']];
    assert.deepEqual(table.map(([score]) => [score, severityOf('2.0', score)]), table);
  });
});
