import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openClearinghouse, type Clearinghouse } from '../../../services/clearinghouse.js';
import { createTestStore, testDialects, type TestStore } from '../../../testing/test-stores.js';
import { buildApp } from '../../app.js';

/** An AddressSanitizer report whose top frames are `frames` (the crash signature). */
const asanTrace = (frames: readonly string[]) => `==7==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x1 bp 0x2 sp 0x3
READ of size 8 at 0x602000000010 thread T0
${frames.map((fn, i) => `    #${i} 0x55d3c${i} in ${fn} /src/libxml2/parser.c:${100 + i}:3`).join('\n')}
    #${frames.length} 0x7f00 in __libc_start_main`;

const report = (title: string, frames: readonly string[], identifiers: { cve?: string } = {}) => ({
  title,
  description: `${title}: found by fuzzing.`,
  affected: [{ purl: 'pkg:generic/libxml2@2.12.0', versions: ['2.12.0'] }],
  ...(identifiers.cve ? { identifiers: [identifiers.cve] } : {}),
  stackTrace: asanTrace(frames),
});

interface Submitted {
  reportId: string;
  clusterId: string;
  findings: { findingId: string; clusterId: string; rule: string | null; alternatives: { clusterId: string; rule: string }[] }[];
}
interface ClusterBody {
  id: string;
  canonicalFindingId: string;
  mergedInto: string | null;
  findings: { id: string; title: string; link: { rule: string; score: number | null; detail: string | null; byUserId: string | null } | null; alternatives: { clusterId: string }[] }[];
  excluded: { findingId: string }[];
}

for (const dialect of testDialects) {
  describe(`the intake queue: clusters, merges and splits over HTTP on ${dialect}`, () => {
    let store: TestStore;
    let ch: Clearinghouse;
    let app: FastifyInstance;
    const tmp = mkdtempSync(join(tmpdir(), 'ch-http-clusters-'));
    const tokens: Record<string, string> = {};
    const call = (who: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, body?: object) =>
      app.inject({ method, url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {}, ...(body ? { payload: body } : {}) });
    const submit = async (body: object): Promise<Submitted> => {
      const response = await call('lab', 'POST', '/v1/reports', { source: { kind: 'model', model: 'frontier-1' }, document: body });
      assert.equal(response.statusCode, 201, response.body);
      return response.json<Submitted>();
    };
    const cluster = async (id: string): Promise<ClusterBody> => {
      const response = await call('analyst', 'GET', `/v1/clusters/${id}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json<ClusterBody>();
    };

    before(async () => {
      store = await createTestStore(dialect);
      ch = await openClearinghouse({ db: store.location, loadIndex: false });
      app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot: join(tmp, 'no-web'), logger: false, operators: ch });
      await ch.accounts.createOrganization({ name: 'Frontier Lab', type: 'lab' });
      await ch.accounts.createOrganization({ name: 'Clearinghouse', type: 'clearinghouse' });
      for (const [who, org, role] of [['lab', 'Frontier Lab', 'admin'], ['analyst', 'Clearinghouse', 'analyst'], ['staff', 'Clearinghouse', 'member']] as const) {
        await ch.accounts.createUser({ orgName: org, email: `${who}@example.org`, role, password: 'correct horse battery' });
        tokens[who] = (await ch.accounts.createToken({ email: `${who}@example.org`, name: 'test', scopes: ['write'] })).secret;
      }
    });
    after(async () => {
      await app.close();
      await ch.close();
      await store.dispose();
      rmSync(tmp, { recursive: true, force: true });
    });

    it("lists clusters to the clearinghouse's staff only, with each link's rule, score and evidence", async () => {
      const first = await submit(report('Use after free in xmlParseChunk', ['xmlFreeNode', 'xmlParseChunk', 'xmlReadMemory']));
      const second = await submit(report('libxml2 UAF when parsing chunks', ['xmlFreeNode', 'xmlParseChunk', 'xmlReadMemory']));
      assert.equal(second.clusterId, first.clusterId);

      const queue = await call('staff', 'GET', '/v1/clusters?limit=10');
      assert.equal(queue.statusCode, 200, queue.body);
      const page = queue.json<{ items: { id: string; title: string; findings: number; reports: number }[]; total: number }>();
      const row = page.items.find((c) => c.id === first.clusterId);
      assert.deepEqual(row && { title: row.title, findings: row.findings, reports: row.reports }, { title: 'Use after free in xmlParseChunk', findings: 2, reports: 2 });

      const view = await cluster(first.clusterId);
      assert.equal(view.canonicalFindingId, first.findings[0]!.findingId);
      assert.equal(view.findings[0]!.link, null);
      assert.equal(view.findings[1]!.link?.rule, 'crash-signature');
      assert.equal(view.findings[1]!.link?.score, 0.85);
      assert.match(view.findings[1]!.link?.detail ?? '', /xmlFreeNode > xmlParseChunk/);

      assert.equal((await call('lab', 'GET', '/v1/clusters')).statusCode, 403);
      assert.equal((await call(undefined, 'GET', '/v1/clusters')).statusCode, 401);
      assert.equal((await call('lab', 'GET', `/v1/clusters/${first.clusterId}`)).statusCode, 403);
    });

    it('offers a report that matches two clusters both of them, and keeps the offer on the finding', async () => {
      const byCrash = await submit(report('Double free in xmlSchemaParse', ['xmlSchemaFree', 'xmlSchemaParse', 'main']));
      const byCve = await submit({ ...report('Unrelated crash in the same release', ['htmlParseDoc', 'main', 'start']), identifiers: ['CVE-2026-40001'] });
      const both = await submit({ ...report('Double free in xmlSchemaParse (CVE-2026-40001)', ['xmlSchemaFree', 'xmlSchemaParse', 'main']), identifiers: ['CVE-2026-40001'] });
      assert.equal(both.clusterId, byCrash.clusterId);
      assert.equal(both.findings[0]!.rule, 'crash-signature');
      assert.deepEqual(both.findings[0]!.alternatives.map((a) => [a.clusterId, a.rule]), [[byCve.clusterId, 'identifier']]);
      const view = await cluster(byCrash.clusterId);
      assert.deepEqual(view.findings.at(-1)!.alternatives.map((a) => a.clusterId), [byCve.clusterId]);
    });

    it("splits a finding out; it stays out when the same bug comes again and when the rules are replayed", async () => {
      const frames = ['xmlXPathNextAncestor', 'xmlXPathEval', 'xmllint_main'];
      const a = await submit(report('XPath ancestor axis reads freed node', frames));
      const b = await submit(report('Crash in XPath evaluation', frames));
      assert.equal(b.clusterId, a.clusterId);
      const split = await call('analyst', 'POST', `/v1/findings/${b.findings[0]!.findingId}/split`, {});
      assert.equal(split.statusCode, 200, split.body);
      const { clusterId: apart } = split.json<{ clusterId: string }>();
      assert.notEqual(apart, a.clusterId);
      const left = await cluster(a.clusterId);
      assert.deepEqual(left.excluded.map((e) => e.findingId), [b.findings[0]!.findingId]);
      assert.deepEqual((await cluster(apart)).findings.map((f) => [f.id, f.link?.rule]), [[b.findings[0]!.findingId, 'analyst']]);

      // The same crash again joins the original cluster (the oldest), not the split-off finding's.
      const c = await submit(report('XPath UAF again', frames));
      assert.equal(c.clusterId, a.clusterId);

      // Replaying every finding under the rules keeps the split, and rebuilds the keys the next report is found by.
      const replay = await call('analyst', 'POST', '/v1/clusters/recluster');
      assert.equal(replay.statusCode, 200, replay.body);
      assert.equal(replay.json<{ moved: number }>().moved, 0);
      assert.deepEqual((await cluster(apart)).findings.map((f) => f.id), [b.findings[0]!.findingId]);
      assert.deepEqual((await cluster(a.clusterId)).findings.map((f) => f.id), [a.findings[0]!.findingId, c.findings[0]!.findingId]);
      const d = await submit(report('XPath UAF a third time', frames));
      assert.equal(d.clusterId, a.clusterId);
    });

    it('merges one cluster into another: every finding moves, and the old cluster points at the new one', async () => {
      const x = await submit(report('Heap overflow in xmlStrncat', ['xmlStrncat', 'xmlNodeAddContent', 'main']));
      const y = await submit(report('xmlStrncat writes past the buffer', ['xmlBufAdd', 'xmlBufferCat', 'xmlSaveTree']));
      assert.notEqual(x.clusterId, y.clusterId);
      const merged = await call('analyst', 'POST', `/v1/clusters/${y.clusterId}/merge`, { into: x.clusterId });
      assert.equal(merged.statusCode, 200, merged.body);
      assert.deepEqual(merged.json(), { clusterId: x.clusterId, moved: 1 });
      const into = await cluster(x.clusterId);
      assert.deepEqual(into.findings.map((f) => [f.title, f.link?.rule ?? null]), [['Heap overflow in xmlStrncat', null], ['xmlStrncat writes past the buffer', 'analyst']]);
      assert.ok(into.findings[1]!.link?.byUserId);
      assert.equal((await cluster(y.clusterId)).mergedInto, x.clusterId);
      const queue = (await call('analyst', 'GET', '/v1/clusters?limit=100')).json<{ items: { id: string }[] }>();
      assert.ok(!queue.items.some((c) => c.id === y.clusterId));

      const again = await call('analyst', 'POST', `/v1/clusters/${x.clusterId}/merge`, { into: y.clusterId });
      assert.equal(again.statusCode, 400);
      assert.deepEqual(again.json<{ errors: { field: string }[] }>().errors.map((e) => e.field), ['/into']);
      const canonical = await call('analyst', 'PUT', `/v1/clusters/${x.clusterId}/canonical`, { findingId: into.findings[1]!.id });
      assert.equal(canonical.statusCode, 204, canonical.body);
      assert.equal((await cluster(x.clusterId)).canonicalFindingId, into.findings[1]!.id);
      const stranger = await call('analyst', 'PUT', `/v1/clusters/${x.clusterId}/canonical`, { findingId: x.findings[0]!.findingId.replace(/.$/, '0') });
      assert.equal(stranger.statusCode, 400);
    });

    it('lets only analysts change clusters', async () => {
      const x = await submit(report('Null deref in xmlGetProp', ['xmlGetProp', 'main', 'start']));
      const member = await call('staff', 'POST', `/v1/findings/${x.findings[0]!.findingId}/split`, {});
      assert.equal(member.statusCode, 403);
      assert.match(member.json<{ detail: string }>().detail, /analyst role/);
      assert.equal((await call('lab', 'POST', '/v1/clusters/recluster')).statusCode, 403);
    });
  });
}
