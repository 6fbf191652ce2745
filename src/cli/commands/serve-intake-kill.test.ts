import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { join } from 'node:path';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { repoRoot } from '../../testing/shared-data.js';
import { createTestStore, testDialects } from '../../testing/test-stores.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');

/** Starts `clearinghouse serve` on a free port; resolves with its base URL once it listens. */
function serve(db: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const address = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (address) resolve({ child, base: address });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code} before listening: ${out}`)));
  });
}

const report = (n: number) => ({
  source: { kind: 'model', model: 'frontier-1', engagementId: 'eng-kill' },
  document: {
    title: `Heap overflow number ${n}`,
    description: `Report ${n} of a stream the server is killed in the middle of.`,
    affected: [{ purl: `pkg:npm/kill-test-${n % 7}@1.0.${n}` }],
    cwe: 'CWE-787',
    stackTrace: `==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1 at pc 0x2 bp 0x3 sp 0x4\nWRITE of size 4 at 0x1 thread T0\n    #0 0x5 in fn_${n % 5} /src/a.c:${n}:1\n    #1 0x6 in main /src/main.c:1:1`,
  },
  attachments: [{ name: `poc-${n}.bin`, mediaType: 'application/octet-stream', content: Buffer.from(`proof ${n}`).toString('base64') }],
});

for (const dialect of testDialects) {
  describe(`intake survives kill -9 of the server on ${dialect}`, () => {
    const disposers: (() => Promise<void>)[] = [];
    after(async () => {
      for (const dispose of disposers) await dispose();
    });

    it('keeps every report it acknowledged, whole, and no report it did not', async () => {
      const store = await createTestStore(dialect);
      disposers.push(() => store.dispose());
      let token = '';
      const setup = await openClearinghouse({ db: store.location, loadIndex: false });
      try {
        await setup.accounts.createOrganization({ name: 'Frontier Lab', type: 'lab' });
        await setup.accounts.createUser({ orgName: 'Frontier Lab', email: 'lab@example.org', role: 'member' });
        token = (await setup.accounts.createToken({ email: 'lab@example.org', name: 'stream', scopes: ['write'] })).secret;
      } finally {
        await setup.close();
      }

      const { child, base } = await serve(store.location);
      const acknowledged = new Map<string, number>();
      let sent = 0;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Four clients post at once; the server is killed once 40 reports are acknowledged, with others in flight.
      const client = async (): Promise<void> => {
        for (;;) {
          const n = (sent += 1);
          try {
            const response = await fetch(`${base}/v1/reports`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `kill-${n}` },
              body: JSON.stringify(report(n)),
            });
            if (response.status !== 201) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
            acknowledged.set(((await response.json()) as { reportId: string }).reportId, n);
            if (acknowledged.size === 40) child.kill('SIGKILL');
          } catch (error) {
            if (child.exitCode !== null || child.signalCode !== null || acknowledged.size >= 40) return;
            throw error;
          }
        }
      };
      await Promise.all([client(), client(), client(), client()]);
      await exited;
      assert.equal(child.signalCode, 'SIGKILL');
      assert.ok(acknowledged.size >= 40);

      const ch = await openClearinghouse({ db: store.location, loadIndex: false });
      try {
        const reports = await ch.store.db.selectFrom('reports').select(['id', 'idempotency_key']).execute();
        const stored = new Map(reports.map((r) => [r.id, r.idempotency_key]));
        for (const [reportId, n] of acknowledged) assert.equal(stored.get(reportId), `kill-${n}`, `acknowledged report ${n} lost`);
        // Every stored report is whole: its finding in a cluster that exists, with its index keys and its attachment.
        for (const { id } of reports) {
          const findings = await ch.store.db.selectFrom('findings').innerJoin('clusters', 'clusters.id', 'findings.cluster_id').select(['findings.id']).where('report_id', '=', id).execute();
          assert.equal(findings.length, 1, `report ${id}`);
          const keys = await ch.store.db.selectFrom('finding_keys').select('key').where('finding_id', '=', findings[0]!.id).execute();
          assert.ok(keys.some((k) => k.key.startsWith('crash:')), `report ${id} keys`);
          const attachments = await ch.store.db.selectFrom('report_attachments').innerJoin('attachments', 'attachments.sha256', 'report_attachments.sha256').select('size').where('report_id', '=', id).execute();
          assert.equal(attachments.length, 1, `report ${id} attachment`);
        }
        // Each key was stored once at most: a retried request after the kill returns the first report.
        assert.equal(new Set(reports.map((r) => r.idempotency_key)).size, reports.length);
      } finally {
        await ch.close();
      }
    });
  });
}
