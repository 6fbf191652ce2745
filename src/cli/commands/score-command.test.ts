import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readJson, repoRoot, sharedDataPath } from '../../testing/shared-data.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');

function run(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CLEARINGHOUSE_DB: '' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const log4shell = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H';

describe('clearinghouse score', () => {
  it('explains itself with --help, with an example', () => {
    const help = run(['score', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: clearinghouse score \[options\] <vectors\.\.\.>/);
    assert.match(help.stdout, /--json/);
    assert.match(help.stdout, /Examples:\n {2}clearinghouse score CVSS:3\.1\//);
    assert.match(run(['--help']).stdout, /\bscore\b/);
  });

  it('prints one line per vector: normalized vector, base score, severity', () => {
    const r = run(['score', log4shell, 'AV:N/AC:L/Au:N/C:P/I:P/A:P', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 'CVSS:3.0/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      `${log4shell} 10.0 CRITICAL\n` +
        'AV:N/AC:L/Au:N/C:P/I:P/A:P 7.5 HIGH\n' +
        'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N 0.0 NONE\n' +
        'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H 9.8 CRITICAL\n',
    );
  });

  it('--json prints an array of {vector, version, score, severity}', () => {
    const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    const r = run(['score', '--json', log4shell, v4]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      { vector: log4shell, version: '3.1', score: 10, severity: 'CRITICAL' },
      { vector: v4, version: '4.0', score: 9.3, severity: 'CRITICAL' },
    ]);
  });

  it('scores real CVSS 3.1 test vectors as the shared fixtures expect', () => {
    const fixtures = readJson<{ vector: string; score: number; severity: string }[]>(sharedDataPath('cvss', 'cvss-v3.1.json')).slice(0, 50);
    const r = run(['score', '--json', ...fixtures.map((f) => f.vector)]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout),
      fixtures.map((f) => ({ vector: f.vector, version: '3.1', score: f.score, severity: f.severity.toUpperCase() })),
    );
  });

  it('exits 2 on an invalid vector, naming it and the reason on stderr, with nothing on stdout', () => {
    const r = run(['score', log4shell, 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:9.9/AV:N']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'error: invalid CVSS vector "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H": metric AV has invalid value "Q"; expected one of N, A, L, P\n' +
        'error: invalid CVSS vector "CVSS:9.9/AV:N": unknown version prefix "CVSS:9.9"; expected CVSS:3.0/, CVSS:3.1/, CVSS:4.0/ or a v2.0 vector without prefix\n',
    );
    const json = run(['score', '--json', 'CVSS:3.1/AV:N/AC:L']);
    assert.equal(json.status, 2);
    assert.equal(json.stdout, '');
    assert.match(json.stderr, /"CVSS:3\.1\/AV:N\/AC:L": missing base metrics PR, UI, S, C, I, A/);
  });

  it('exits 2 without a vector', () => {
    const r = run(['score']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing required argument 'vectors'/);
  });
});
