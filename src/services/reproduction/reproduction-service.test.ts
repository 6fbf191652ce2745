import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../domain/access/access-policy.js';
import { createTestStore, testDialects, type TestStore } from '../../testing/test-stores.js';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import { ServiceError } from '../service-error.js';
import { compileFixture } from './fixtures/compile.js';
import { runSandboxed } from './sandbox.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

for (const dialect of testDialects) {
  describe(`reproduction runs on ${dialect}`, () => {
    let store: TestStore;
    let ch: Clearinghouse;
    let folder: string;
    let program = '';
    let trace = '';
    let analyst: Principal;
    let lab: Principal;
    const crashing = new Uint8Array(Buffer.from('a name longer than eight bytes'));
    const harmless = new Uint8Array(Buffer.from('short'));

    before(async () => {
      folder = mkdtempSync(join(tmpdir(), 'ch-reproduction-service-'));
      program = await compileFixture(folder, 'heap-buffer-overflow', ['-fsanitize=address']);
      // The report carries the sanitizer report of the reporter's own run.
      trace = (await runSandboxed({ executable: program, input: crashing, inputOnStdin: true })).stderr;
      store = await createTestStore(dialect);
      ch = await openClearinghouse({ db: store.location, loadIndex: false });
      await ch.accounts.createOrganization({ name: 'Frontier Lab', type: 'lab' });
      await ch.accounts.createOrganization({ name: 'Clearinghouse', type: 'clearinghouse' });
      const labUser = await ch.accounts.createUser({ orgName: 'Frontier Lab', email: 'lab@example.org', role: 'member' });
      const analystUser = await ch.accounts.createUser({ orgName: 'Clearinghouse', email: 'analyst@example.org', role: 'analyst' });
      lab = { userId: labUser.id, orgId: labUser.org_id, role: 'member' };
      analyst = { userId: analystUser.id, orgId: analystUser.org_id, role: 'analyst' };
      await ch.reproductions.addTarget({ name: 'record-parser-asan', executable: program, args: [], createdBy: 'test' });
    });
    after(async () => {
      await ch.close();
      await store.dispose();
      rmSync(folder, { recursive: true, force: true });
    });

    const submit = async (poc: Uint8Array) =>
      ch.intake.submit(lab, {
        document: JSON.stringify({ title: 'Heap overflow in copy_name', description: 'A long name overflows the record buffer.', affected: [{ purl: 'pkg:generic/record-parser@1.0.0' }], stackTrace: trace }),
        source: { kind: 'model', model: 'frontier-1' },
        attachments: [{ name: '../../etc/poc.bin', mediaType: 'application/octet-stream', content: poc }],
      });
    const status = async (reportId: string) => (await ch.intake.report(analyst, reportId)).report.validation_status;

    it("reproduces the report's crash from its attached proof of concept, and the report says so", async () => {
      const { reportId } = await submit(crashing);
      assert.equal(await status(reportId), 'unvalidated');
      const queued = await ch.reproductions.request(analyst, reportId, { target: 'record-parser-asan', attachment: sha256(crashing) });
      assert.equal(queued.status, 'queued');
      assert.match(queued.expectedSignature ?? '', /^heap-buffer-overflow WRITE 1\|copy_name\|parse_record/);
      const done = await ch.reproductions.runNext({ leaseMs: 120_000 });
      assert.equal(done?.id, queued.id);
      assert.equal(done?.status, 'reproduced', done?.detail ?? '');
      assert.deepEqual((done?.signature as { frames: string[] }).frames.slice(0, 2), ['copy_name', 'parse_record']);
      assert.equal(await status(reportId), 'reproduced');
      assert.deepEqual((await ch.reproductions.ofReport(analyst, reportId)).map((r) => r.status), ['reproduced']);
      assert.equal(await ch.reproductions.runNext({ leaseMs: 120_000 }), undefined, 'the queue is empty');
    });

    it('records a proof of concept that does not crash as not reproduced', async () => {
      const { reportId } = await submit(harmless);
      await ch.reproductions.request(analyst, reportId, { target: 'record-parser-asan', attachment: sha256(harmless) });
      const done = await ch.reproductions.runNext({ leaseMs: 120_000 });
      assert.equal(done?.status, 'not_reproduced');
      assert.equal(await status(reportId), 'not_reproduced');
    });

    it("records a run the sandbox could not start (the target is gone) as invalid, naming why", async () => {
      await ch.reproductions.addTarget({ name: 'gone', executable: join(folder, 'no-such-build'), args: [], createdBy: 'test' });
      const { reportId } = await submit(crashing);
      await ch.reproductions.request(analyst, reportId, { target: 'gone', attachment: sha256(crashing) });
      const done = await ch.reproductions.runNext({ leaseMs: 120_000 });
      assert.equal(done?.status, 'invalid');
      assert.match(done?.detail ?? '', /no-such-build/);
    });

    it('refuses an unknown target, an attachment of another report, and anyone but the clearinghouse analysts', async () => {
      const { reportId } = await submit(crashing);
      const refused = async (principal: Principal, ask: { target: string; attachment: string }) => {
        try {
          await ch.reproductions.request(principal, reportId, ask);
        } catch (error) {
          assert.ok(error instanceof ServiceError);
          return `${error.kind} ${error.field ?? ''}`.trim();
        }
        assert.fail('accepted');
      };
      assert.equal(await refused(analyst, { target: 'no-such-target', attachment: sha256(crashing) }), 'invalid /target');
      assert.equal(await refused(analyst, { target: 'record-parser-asan', attachment: sha256(harmless).replace(/^./, '0') }), 'invalid /attachment');
      assert.equal(await refused(lab, { target: 'record-parser-asan', attachment: sha256(crashing) }), 'forbidden');
      await assert.rejects(ch.reproductions.addTarget({ name: 'relative', executable: 'bin/build', args: [], createdBy: 'test' }), (e: ServiceError) => e.field === '/executable');
    });
  });
}
