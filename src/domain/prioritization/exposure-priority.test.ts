import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OsvRecord } from '../osv/osv-record.js';
import { advisoryFacts, exposurePriority } from './exposure-priority.js';

const record = (...vectors: string[]): OsvRecord => ({
  id: 'GHSA-test-0000-0000',
  modified: '2026-01-01T00:00:00Z',
  severity: vectors.map((score) => ({ type: score.startsWith('CVSS:4') ? 'CVSS_V4' : 'CVSS_V3', score })),
});

test('a network-reachable, unauthenticated, full-control flaw in KEV on an open mission-critical asset is Immediate, 3 days with forensics', () => {
  const facts = advisoryFacts(record('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), { inKev: true, kevDueDate: '2026-02-01' });
  assert.equal(facts.cvssScore, 9.8);
  assert.equal(facts.exploitation, 'active');
  assert.equal(facts.automatable, 'yes');
  assert.equal(facts.technicalImpact, 'total');
  const priority = exposurePriority(facts, { systemExposure: 'open', missionImpact: 'mission failure', safetyImpact: 'negligible' });
  assert.deepEqual(priority, { decision: 'immediate', rank: 3, timeline: '3 days & forensic investigation' });
});

test('a local, low-impact flaw without exploitation on a small, degraded-impact asset is deferred to the next upgrade', () => {
  const facts = advisoryFacts(record('CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N'), { inKev: false });
  assert.equal(facts.exploitation, 'none');
  assert.equal(facts.automatable, 'no');
  assert.equal(facts.technicalImpact, 'partial');
  assert.deepEqual(exposurePriority(facts, { systemExposure: 'small', missionImpact: 'degraded', safetyImpact: 'negligible' }), {
    decision: 'defer',
    rank: 0,
    timeline: 'fix on system upgrade',
  });
});

test('the highest-scoring vector decides, and CVSS 4.0 metrics are read by their own names', () => {
  const facts = advisoryFacts(record('CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), { inKev: false, epss: 0.5 });
  assert.equal(facts.cvssVector, 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
  assert.equal(facts.cvssScore, 9.3);
  assert.equal(facts.automatable, 'yes');
  assert.equal(facts.technicalImpact, 'total');
  assert.equal(facts.epss, 0.5);
  assert.equal(exposurePriority(facts, { systemExposure: 'controlled', missionImpact: 'degraded', safetyImpact: 'negligible' }).decision, 'scheduled');
});

test('an unscored advisory takes the cautious values, and CISA ADP evidence counts without KEV', () => {
  const facts = advisoryFacts(record(), { inKev: false, cisaAdpExploitation: 'poc' });
  assert.equal(facts.cvssScore, null);
  assert.equal(facts.exploitation, 'public poc');
  assert.equal(facts.automatable, 'yes');
  assert.equal(facts.technicalImpact, 'total');
});
