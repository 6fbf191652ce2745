import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { repoRoot } from '../../testing/shared-data.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');

describe('clearinghouse admin', () => {
  let tmp: string;
  let db: string;
  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [bin, 'admin', ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, CLEARINGHOUSE_PASSWORD: '', ...env } });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-admin-'));
    db = join(tmp, 'admin.db');
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('creates an operator, an admin with a password, and a token that signs in as that admin', async () => {
    assert.equal(run(['create-org', 'Grid Co', '--type', 'operator', '--sector', 'energy']).status, 0);
    const user = run(['create-user', 'ops@grid.example', '--org', 'Grid Co', '--role', 'admin'], { CLEARINGHOUSE_PASSWORD: 'a long enough password' });
    assert.equal(user.status, 0, user.stderr);
    const token = run(['create-token', 'ops@grid.example', '--name', 'uploads', '--scope', 'write']);
    assert.equal(token.status, 0, token.stderr);
    const secret = token.stdout.trim();
    assert.match(secret, /^cht_[A-Za-z0-9_-]{43}$/);
    assert.match(token.stderr, /not shown again/);
    const ch = await openClearinghouse({ db, loadIndex: false });
    try {
      const principal = await ch.accounts.principalOfToken(secret);
      assert.equal(principal?.role, 'admin');
      assert.deepEqual(principal?.scopes, ['write']);
      const session = await ch.accounts.signIn('OPS@grid.example', 'a long enough password');
      assert.equal((await ch.accounts.principalOfSession(session.sessionSecret))?.userId, principal?.userId);
      await assert.rejects(ch.accounts.signIn('ops@grid.example', 'wrong password!!'), /wrong e-mail or password/);
      const stored = await ch.store.db.selectFrom('api_tokens').select('token_hash').execute();
      assert.ok(stored.every((t) => t.token_hash !== secret && !t.token_hash.includes(secret.slice(4))), 'only the hash is stored');
      await ch.accounts.revokeToken(principal, (await ch.store.db.selectFrom('api_tokens').select('id').executeTakeFirstOrThrow()).id);
      assert.equal(await ch.accounts.principalOfToken(secret), undefined, 'a revoked token no longer works');
    } finally {
      await ch.close();
    }
  });

  it('refuses bad input with exit code 2 and says what is wrong', () => {
    const noSector = run(['create-org', 'Water Co', '--type', 'operator']);
    assert.equal(noSector.status, 2);
    assert.match(noSector.stderr, /16 critical-infrastructure sectors/);
    const badType = run(['create-org', 'X', '--type', 'club']);
    assert.equal(badType.status, 2);
    assert.match(badType.stderr, /not an organization type/);
    const missing = run(['create-org', 'Y']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--type/);
    const shortPassword = run(['create-user', 'a@grid.example', '--org', 'Grid Co', '--role', 'member'], { CLEARINGHOUSE_PASSWORD: 'short' });
    assert.equal(shortPassword.status, 2);
    assert.match(shortPassword.stderr, /12 characters/);
    const badScope = run(['create-token', 'ops@grid.example', '--name', 'x', '--scope', 'root']);
    assert.equal(badScope.status, 2);
    assert.match(badScope.stderr, /unknown scope root/);
  });
});
