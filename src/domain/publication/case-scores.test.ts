import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreVector } from '../cvss/cvss.js';
import { caseScores } from './case-scores.js';

describe('caseScores', () => {
  it('scores one v3.x and one v4.0 vector with the CVSS calculator', () => {
    const v31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N';
    const v40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N';
    const result = caseScores([v31, v40]);
    assert.ok(result.ok);
    assert.deepEqual(result.value.v3, scoreVector(v31));
    assert.deepEqual(result.value.v4, scoreVector(v40));
    assert.equal(result.value.v3?.score, 6.1);
    assert.equal(result.value.v3?.severity, 'MEDIUM');
  });

  it('takes a CVSS 3.0 vector as the v3 score', () => {
    const result = caseScores(['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']);
    assert.ok(result.ok);
    assert.deepEqual([result.value.v3?.version, result.value.v3?.score, result.value.v4], ['3.0', 9.8, undefined]);
  });

  it('refuses broken vectors, v2.0 vectors and a second vector of one version', () => {
    const result = caseScores(['CVSS:3.1/AV:N', 'AV:N/AC:L/Au:N/C:P/I:P/A:P', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']);
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map((e) => e.path), ['/cvssVectors/0', '/cvssVectors/1', '/cvssVectors/3']);
    assert.match(result.errors[0]!.message, /missing base metrics/);
    assert.match(result.errors[1]!.message, /v2\.0 vectors are not published/);
    assert.match(result.errors[2]!.message, /second CVSS v3\.x vector/);
  });
});
