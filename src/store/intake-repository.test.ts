import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestStore, testDialects, type TestStore } from '../testing/test-stores.js';
import { openStore, type Store } from './database.js';
import { IntakeRepository, type ReportWrite } from './intake-repository.js';
import { migrateToLatest } from './migrate.js';

for (const dialect of testDialects) {
  describe(`intake repository on ${dialect}`, () => {
    let location: TestStore;
    let store: Store;
    let repository: IntakeRepository;
    let orgId: string;
    let clearinghouseOrgId: string;
    let userId: string;
    before(async () => {
      location = await createTestStore(dialect);
      store = openStore(location.location);
      await migrateToLatest(store);
      repository = new IntakeRepository(store);
      orgId = randomUUID();
      clearinghouseOrgId = randomUUID();
      const at = new Date().toISOString();
      await store.db
        .insertInto('organizations')
        .values([
          { id: orgId, name: 'Frontier Lab', type: 'lab', sector: null, created_at: at },
          { id: clearinghouseOrgId, name: 'The Clearinghouse', type: 'clearinghouse', sector: null, created_at: at },
        ])
        .execute();
      userId = randomUUID();
      await store.db.insertInto('users').values({ id: userId, org_id: orgId, email: 'reviewer@lab.example', display_name: 'Reviewer', role: 'member', password_hash: null, created_at: at, disabled_at: null }).execute();
    });
    after(async () => {
      await store.close();
      await location.dispose();
    });

    const submission = (keys: string[], cluster: { id: string; isNew: boolean }, idempotencyKey: string | null = null): ReportWrite => {
      const reportId = randomUUID();
      const findingId = randomUUID();
      const at = new Date().toISOString();
      return {
        report: {
          id: reportId,
          owner_org_id: orgId,
          tlp: 'AMBER',
          format: 'report',
          title: 'heap overflow in png_read_row',
          source_kind: 'model',
          source_name: 'frontier-1',
          source_detail: null,
          document_sha256: 'a'.repeat(64),
          document: '{}',
          idempotency_key: idempotencyKey,
          submitted_by: userId,
          submitted_at: at,
          validation_status: 'unvalidated',
        },
        clusters: cluster.isNew ? [{ id: cluster.id, canonical_finding_id: findingId, created_at: at, updated_at: at }] : [],
        findings: [{ id: findingId, report_id: reportId, ordinal: 0, title: 't', body: '{}', subject: '{}', cluster_id: cluster.id, linked_at: at, keys }],
        attachments: [{ sha256: 'b'.repeat(64), content: new Uint8Array([1, 2, 3]), name: '../../etc/passwd', mediaType: 'application/octet-stream' }],
        sharedWithOrgIds: [clearinghouseOrgId],
      };
    };

    it('writes a submission whole and finds its finding by any of its keys', async () => {
      const cluster = randomUUID();
      const write = submission(['crash:heap-buffer-overflow|png_read_row', 'cwe:122'], { id: cluster, isNew: true }, 'retry-1');
      await repository.insertReport(write);
      const found = await repository.findingsWithKeys(['nothing', 'cwe:122']);
      assert.deepEqual(found.map((f) => f.id), [write.findings[0]!.id]);
      assert.equal(found[0]!.cluster_id, cluster);
      assert.equal((await repository.reportByIdempotencyKey(orgId, 'retry-1'))?.id, write.report.id);
      const shares = await store.db.selectFrom('record_shares').selectAll().where('record_id', '=', write.report.id).execute();
      assert.deepEqual(shares.map((s) => s.org_id), [clearinghouseOrgId]);
      const stored = await store.db.selectFrom('attachments').selectAll().where('sha256', '=', 'b'.repeat(64)).executeTakeFirstOrThrow();
      assert.deepEqual([...new Uint8Array(stored.content)], [1, 2, 3]);
    });

    it('refuses a second report with the same Idempotency-Key and leaves nothing of it', async () => {
      const write = submission(['cwe:787'], { id: randomUUID(), isNew: true }, 'retry-2');
      await repository.insertReport(write);
      const again = submission(['cwe:416'], { id: randomUUID(), isNew: true }, 'retry-2');
      await assert.rejects(repository.insertReport(again));
      assert.equal(await repository.report(again.report.id), undefined);
      assert.deepEqual(await repository.findingsWithKeys(['cwe:416']), []);
    });

    it('a split finding leaves its cluster, is excluded from it, and the cluster keeps a canonical finding still in it', async () => {
      const cluster = randomUUID();
      const first = submission(['text:1'], { id: cluster, isNew: true });
      const second = submission(['text:1'], { id: cluster, isNew: false });
      await repository.insertReport(first);
      await repository.insertReport(second);
      assert.equal((await repository.findingsOfCluster(cluster)).length, 2);
      const firstFinding = first.findings[0]!.id;
      const fresh = randomUUID();
      const at = new Date().toISOString();
      await repository.moveFinding({ findingId: firstFinding, fromClusterId: cluster, toClusterId: fresh, newCluster: { id: fresh, canonical_finding_id: firstFinding, created_at: at, updated_at: at }, excludeFrom: cluster, by: 'analyst-1', at, detail: 'not the same bug' });
      assert.deepEqual((await repository.findingsOfCluster(cluster)).map((f) => f.id), [second.findings[0]!.id]);
      assert.equal((await repository.cluster(cluster))?.canonical_finding_id, second.findings[0]!.id);
      assert.deepEqual([...((await repository.exclusionsOf([firstFinding])).get(firstFinding) ?? [])], [cluster]);
      const moved = await repository.finding(firstFinding);
      assert.equal(moved?.link_rule, 'analyst');
      assert.equal(moved?.linked_by, 'analyst-1');
    });
  });
}
