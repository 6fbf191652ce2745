import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deployerPriority, humanImpact } from './deployer.js';
import { DEPLOYER_TABLE, HUMAN_IMPACT_TABLE } from './tables.js';

describe('humanImpact', () => {
  it('answers every row of the Human Impact table', () => {
    HUMAN_IMPACT_TABLE.rows.forEach(([safetyImpact, missionImpact, expected], row) => {
      assert.deepEqual(humanImpact({ safetyImpact, missionImpact }), { ok: true, value: expected, row });
    });
  });

  it("reads SSVC's value names in any case", () => {
    assert.deepEqual(humanImpact({ safetyImpact: 'Critical', missionImpact: 'MEF Support Crippled' }), { ok: true, value: 'high', row: 9 });
    assert.deepEqual(humanImpact({ safetyImpact: 'MARGINAL', missionImpact: 'Degraded' }), { ok: true, value: 'low', row: 4 });
  });

  it('follows the table where the Human Impact prose says otherwise', () => {
    // The prose of Human Impact 2.0.2 calls marginal safety with MEF failure "High".
    assert.deepEqual(humanImpact({ safetyImpact: 'marginal', missionImpact: 'mef failure' }), { ok: true, value: 'medium', row: 6 });
  });

  it('rejects unknown and missing values, naming the field', () => {
    assert.deepEqual(humanImpact({ safetyImpact: 'severe', missionImpact: 'degraded' }), {
      ok: false,
      field: 'safetyImpact',
      error: 'safetyImpact: "severe" is not a value; expected one of "negligible", "marginal", "critical", "catastrophic"',
    });
    const missing = humanImpact({ safetyImpact: 'negligible', missionImpact: undefined });
    assert.equal(missing.ok, false);
    assert.match(missing.ok ? '' : missing.error, /^missionImpact: missing; expected one of "degraded", "mef support crippled", "mef failure", "mission failure"$/);
    const notText = humanImpact({ safetyImpact: 3, missionImpact: 'degraded' });
    assert.match(notText.ok ? '' : notText.error, /^safetyImpact: got number, not text/);
  });
});

describe('deployerPriority', () => {
  it('answers every row of the Deployer table from Human Impact', () => {
    DEPLOYER_TABLE.rows.forEach(([exploitation, systemExposure, automatable, humanImpact, expected], row) => {
      assert.deepEqual(deployerPriority({ exploitation, systemExposure, automatable, humanImpact }), { ok: true, value: expected, humanImpact, row });
    });
  });

  it('answers every row from each Safety and Mission Impact pair that gives its Human Impact', () => {
    let checked = 0;
    DEPLOYER_TABLE.rows.forEach(([exploitation, systemExposure, automatable, impact, expected], row) => {
      for (const [safetyImpact, missionImpact, derived] of HUMAN_IMPACT_TABLE.rows) {
        if (derived !== impact) continue;
        assert.deepEqual(deployerPriority({ exploitation, systemExposure, automatable, safetyImpact, missionImpact }), { ok: true, value: expected, humanImpact: impact, row });
        checked++;
      }
    });
    assert.equal(checked, (DEPLOYER_TABLE.rows.length / 4) * HUMAN_IMPACT_TABLE.rows.length);
  });

  it('hand-checked cases', () => {
    // An actively exploited, wormable flaw (Log4Shell) on an internet-facing server.
    const log4shell = { exploitation: 'Active', systemExposure: 'Open', automatable: 'Yes' };
    assert.deepEqual(deployerPriority({ ...log4shell, safetyImpact: 'Critical', missionImpact: 'MEF Support Crippled' }), { ok: true, value: 'immediate', humanImpact: 'high', row: 70 });
    assert.deepEqual(deployerPriority({ ...log4shell, safetyImpact: 'Negligible', missionImpact: 'MEF Failure' }), { ok: true, value: 'out-of-cycle', humanImpact: 'medium', row: 69 });
    assert.deepEqual(deployerPriority({ exploitation: 'none', systemExposure: 'small', automatable: 'no', humanImpact: 'low' }), { ok: true, value: 'defer', humanImpact: 'low', row: 0 });
    assert.deepEqual(deployerPriority({ exploitation: 'Public PoC', systemExposure: 'controlled', automatable: 'yes', humanImpact: 'Very High' }), { ok: true, value: 'out-of-cycle', humanImpact: 'very high', row: 39 });
  });

  it('rejects bad inputs, naming the field', () => {
    const base = { exploitation: 'active', systemExposure: 'open', automatable: 'yes' };
    const cases: [Parameters<typeof deployerPriority>[0], string, RegExp][] = [
      [{ ...base, exploitation: 'poc', humanImpact: 'low' }, 'exploitation', /"poc" is not a value; expected one of "none", "public poc", "active"/],
      [{ ...base, systemExposure: 'internet', humanImpact: 'low' }, 'systemExposure', /"internet" is not a value/],
      [{ ...base, automatable: true, humanImpact: 'low' }, 'automatable', /got boolean, not text/],
      [{ ...base, humanImpact: 'extreme' }, 'humanImpact', /"extreme" is not a value; expected one of "low", "medium", "high", "very high"/],
      [base, 'humanImpact', /humanImpact: missing/],
      [{ ...base, humanImpact: 'low', safetyImpact: 'negligible', missionImpact: 'degraded' }, 'humanImpact', /not both/],
      [{ ...base, safetyImpact: 'negligible' }, 'missionImpact', /missionImpact: missing/],
    ];
    for (const [input, field, error] of cases) {
      const result = deployerPriority(input);
      assert.equal(result.ok, false, JSON.stringify(input));
      assert.equal(result.ok ? '' : result.field, field);
      assert.match(result.ok ? '' : result.error, error);
    }
  });
});
