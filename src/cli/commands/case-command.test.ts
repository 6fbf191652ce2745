import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { readJsonLines, repoRoot, sharedDataPath } from '../../testing/shared-data.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');

/** A real PyPA advisory (shared data): Jinja2's str.format_map sandbox escape. */
let advisory: OsvRecord | undefined;
for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'pypi.jsonl.gz'))) if (record.id === 'PYSEC-2019-217') advisory = record;

describe('clearinghouse admin cve-block and case send-reminders', () => {
  let tmp: string;
  let db: string;
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { encoding: 'utf8' });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-case-cli-'));
    db = join(tmp, 'cases.db');
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('loads a CNA block from a file, naming every bad line and loading nothing when one is bad', async () => {
    const bad = join(tmp, 'bad-block.txt');
    writeFileSync(bad, '# block of 2026\nCVE-2026-20000\n\nCVE-2026-2001\nCVE-2026-20002\nCVE 2026 20003\n');
    const refused = run(['admin', 'cve-block', bad]);
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6: "CVE 2026 20003" is not a CVE id`));
    assert.doesNotMatch(refused.stderr, /:4:/, 'CVE-2026-2001 has four digits, which the syntax allows');

    const good = join(tmp, 'block.txt');
    writeFileSync(good, 'CVE-2026-20000\nCVE-2026-20001 # reserved by phone\nCVE-2026-20002\n');
    const loaded = run(['admin', 'cve-block', good]);
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.equal(loaded.stdout.trim(), 'loaded 3 CVE ids');
    assert.equal(run(['admin', 'cve-block', good]).stdout.trim(), 'loaded 0 CVE ids; 3 already loaded');
    assert.equal(run(['admin', 'cve-block', join(tmp, 'missing.txt')]).status, 2);
  });

  it('sends the reminders due now, once', async () => {
    assert.ok(advisory, 'the shared PyPA advisory is there');
    const ch = await openClearinghouse({ db, loadIndex: false });
    try {
      for (const [name, type] of [['Clearinghouse', 'clearinghouse'], ['Frontier Lab', 'lab'], ['Pallets', 'vendor']] as const) await ch.accounts.createOrganization({ name, type });
      const principal = async (email: string, orgName: string, role: string) => {
        await ch.accounts.createUser({ orgName, email, role, password: 'correct horse battery' });
        return (await ch.accounts.principalOfToken((await ch.accounts.createToken({ email, name: 'test', scopes: ['write'] })).secret))!;
      };
      const analyst = await principal('analyst@example.org', 'Clearinghouse', 'analyst');
      const lab = await principal('lab@example.org', 'Frontier Lab', 'member');
      const { clusterId } = await ch.intake.submit(lab, { document: JSON.stringify(advisory), format: 'osv', source: { kind: 'person', name: 'A. Researcher' } });
      const opened = await ch.coordination.cases.open(analyst, clusterId);
      const pallets = (await ch.accounts.listOrganizations()).find((o) => o.name === 'Pallets')!;
      await ch.coordination.cases.addParticipant(analyst, opened.id, { orgId: pallets.id, role: 'vendor' });
      await ch.coordination.cases.changeState(analyst, opened.id, { state: 'vendor_notified' });
    } finally {
      await ch.close();
    }
    // The acknowledgement date is a week out: its week-before reminder is due at once.
    const first = run(['case', 'send-reminders']);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^CH-\d{4}-0001 acknowledgement week_before \S+ → 1 organization$/m);
    assert.match(first.stderr, /1 reminder sent/);
    const second = run(['case', 'send-reminders']);
    assert.equal(second.stdout, '');
    assert.match(second.stderr, /0 reminders sent/);
  });
});
