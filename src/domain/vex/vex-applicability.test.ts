import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decidingStatement, type VexRule } from './vex-applicability.js';

const rule = (over: Partial<VexRule>): VexRule => ({ vulnIds: ['CVE-2024-1'], packagePurl: 'pkg:npm/lodash', version: null, assetId: null, status: 'not_affected', justification: 'vulnerable_code_not_present', ...over });
const target = { vulnIds: new Set(['GHSA-aaaa-bbbb-cccc', 'CVE-2024-1']), packagePurl: 'pkg:npm/lodash', version: '4.17.20', assetId: 'a1' };

test('a statement applies through an alias, to every version and asset unless it names one', () => {
  assert.equal(decidingStatement([rule({})], target)?.status, 'not_affected');
  assert.equal(decidingStatement([rule({ version: '4.17.21' })], target), undefined);
  assert.equal(decidingStatement([rule({ version: '4.17.20' })], target)?.status, 'not_affected');
  assert.equal(decidingStatement([rule({ assetId: 'a2' })], target), undefined);
  assert.equal(decidingStatement([rule({ packagePurl: 'pkg:npm/underscore' })], target), undefined);
  assert.equal(decidingStatement([rule({ vulnIds: ['CVE-2024-2'] })], target), undefined);
});

test('the newest applicable statement wins', () => {
  const rules = [rule({}), rule({ status: 'affected', justification: null }), rule({ status: 'fixed', version: '9.9.9' })];
  assert.equal(decidingStatement(rules, target)?.status, 'affected');
});
