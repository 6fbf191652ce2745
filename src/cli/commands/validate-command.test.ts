import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { compileFixture } from '../../services/reproduction/fixtures/compile.js';
import { repoRoot } from '../../testing/shared-data.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');

describe('clearinghouse admin add-target and clearinghouse validate', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ch-validate-cli-'));
  const db = join(tmp, 'validate.db');
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { encoding: 'utf8' });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  let program = '';
  let reportId = '';
  const poc = new Uint8Array(Buffer.from('a name longer than eight bytes'));

  before(async () => {
    program = await compileFixture(tmp, 'heap-buffer-overflow', ['-fsanitize=address']);
    const ch = await openClearinghouse({ db, loadIndex: false });
    try {
      await ch.accounts.createOrganization({ name: 'Clearinghouse', type: 'clearinghouse' });
      const user = await ch.accounts.createUser({ orgName: 'Clearinghouse', email: 'analyst@example.org', role: 'analyst' });
      const analyst = { userId: user.id, orgId: user.org_id, role: 'analyst' as const };
      ({ reportId } = await ch.intake.submit(analyst, {
        document: JSON.stringify({ title: 'Overflow in copy_name', description: 'Found by a model.', affected: [{ purl: 'pkg:generic/record-parser@1.0.0' }] }),
        source: { kind: 'model', model: 'frontier-1' },
        attachments: [{ name: 'poc.txt', mediaType: 'text/plain', content: poc }],
      }));
    } finally {
      await ch.close();
    }
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('registers a target build, refusing a relative path with exit 2', () => {
    const added = cli(['admin', 'add-target', 'record-parser-asan', '--exec', program]);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /^registered target record-parser-asan \(/);
    const relative = cli(['admin', 'add-target', 'other', '--exec', 'builds/parser']);
    assert.equal(relative.status, 2);
    assert.match(relative.stderr, /absolute path.*\(\/executable\)/);
  });

  it('runs what is queued, records the outcome, and exits with --once', async () => {
    const ch = await openClearinghouse({ db, loadIndex: false });
    try {
      const user = await ch.store.db.selectFrom('users').select(['id', 'org_id']).where('email', '=', 'analyst@example.org').executeTakeFirstOrThrow();
      await ch.reproductions.request({ userId: user.id, orgId: user.org_id, role: 'analyst' }, reportId, { target: 'record-parser-asan', attachment: createHash('sha256').update(poc).digest('hex') });
    } finally {
      await ch.close();
    }
    const run = cli(['validate', '--once', '--timeout-ms', '60000']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^${reportId}: reproduced against record-parser-asan: `, 'm'));
    assert.match(run.stdout, /^1 reproduction run$/m);
    assert.equal(cli(['validate', '--once', '--memory-mb', '0']).status, 2);
  });
});
