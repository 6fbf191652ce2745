import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openClearinghouse, type Clearinghouse } from '../services/clearinghouse.js';
import { NotificationWorker } from '../services/notify/notification-worker.js';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../testing/webhook-test-receiver.js';
import { createTestStore, testDialects, type TestStore } from '../testing/test-stores.js';
import { buildApp } from './app.js';

/**
 * The whole path the program exists for: a model finds a bug, the clearinghouse dedups and
 * coordinates it with the vendor, publishes the fix, and an operator that runs the affected
 * version hears of it on its webhook.
 */
for (const dialect of testDialects) {
  describe(`from a model's report to an operator's webhook on ${dialect}`, () => {
    let store: TestStore;
    let ch: Clearinghouse;
    let app: FastifyInstance;
    let receiver: WebhookTestReceiver;
    const tmp = mkdtempSync(join(tmpdir(), 'ch-disclosure-flow-'));
    const tokens: Record<string, string> = {};
    const call = async <T>(who: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: object | string, status = 200): Promise<T> => {
      const response = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tokens[who]}`, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) },
        ...(body === undefined ? {} : { payload: body }),
      });
      assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
      return response.json<T>();
    };

    before(async () => {
      receiver = await startWebhookTestReceiver({ secret: 'whsec_flow' });
      store = await createTestStore(dialect);
      ch = await openClearinghouse({ db: store.location, loadIndex: true, allowPrivateTargets: true });
      app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot: join(tmp, 'no-web'), logger: false, operators: ch });
      await ch.accounts.createOrganization({ name: 'Clearinghouse', type: 'clearinghouse' });
      await ch.accounts.createOrganization({ name: 'Frontier Lab', type: 'lab' });
      await ch.accounts.createOrganization({ name: 'Acme Software', type: 'vendor' });
      await ch.accounts.createOrganization({ name: 'Grid Co', type: 'operator', sector: 'energy' });
      for (const [who, org, role] of [['analyst', 'Clearinghouse', 'analyst'], ['lab', 'Frontier Lab', 'member'], ['acme', 'Acme Software', 'admin'], ['grid', 'Grid Co', 'admin']] as const) {
        await ch.accounts.createUser({ orgName: org, email: `${who}@example.org`, role, password: 'correct horse battery' });
        tokens[who] = (await ch.accounts.createToken({ email: `${who}@example.org`, name: 'flow', scopes: [role === 'admin' ? 'admin' : 'write'] })).secret;
      }
    });
    after(async () => {
      await app.close();
      await ch.close();
      await store.dispose();
      await receiver.close();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('a submitted report becomes a case, a published fix, and a signed notice at the operator that runs the version', async () => {
      // The vendor says which products are its own; the operator says what it runs and where to tell it.
      await call('acme', 'POST', '/v1/vendor-products', { purl: 'pkg:npm/%40acme/md-render' }, 201);
      const asset = await call<{ id: string }>('grid', 'POST', '/v1/assets', { name: 'historian', criticality: 'high', systemExposure: 'open', missionImpact: 'mission_failure' }, 201);
      const sbom = { bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [{ type: 'library', name: '@acme/md-render', version: '4.2.0', purl: 'pkg:npm/%40acme/md-render@4.2.0' }] };
      await call('grid', 'POST', `/v1/assets/${asset.id}/sboms`, JSON.stringify(sbom), 201);
      const hook = await call<{ subscription: { id: string } }>('grid', 'POST', '/v1/subscriptions', { kind: 'webhook', target: `${receiver.url}/grid`, minPriority: 'defer' }, 201);
      await ch.store.db.updateTable('subscriptions').set({ secret: 'whsec_flow' }).where('id', '=', hook.subscription.id).execute();

      // A model under review finds the bug.
      const report = await call<{ clusterId: string }>('lab', 'POST', '/v1/reports', {
        source: { kind: 'model', model: 'frontier-1', engagementId: 'review-2026-11' },
        document: {
          title: 'Stored XSS through link titles in md-render',
          description: 'Link titles are copied into the `title` attribute without escaping quotes.',
          affected: [{ purl: 'pkg:npm/%40acme/md-render@4.2.0', versions: ['4.2.0'] }],
          cwe: 'CWE-79',
          cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
        },
      }, 201);

      // The clearinghouse opens a case; the vendor whose product it names is offered, added and told.
      const opened = await call<{ id: string; offers: { orgName: string }[] }>('analyst', 'POST', `/v1/clusters/${report.clusterId}/case`, {}, 201);
      assert.deepEqual(opened.offers.map((o) => o.orgName), ['Acme Software']);
      await call('analyst', 'POST', `/v1/cases/${opened.id}/offers/confirm`, {});
      await call('analyst', 'POST', `/v1/cases/${opened.id}/state`, { state: 'vendor_notified' });

      // The vendor acknowledges and ships a fix.
      const vendorCases = await call<{ items: { id: string }[] }>('acme', 'GET', '/v1/vendor/cases');
      assert.deepEqual(vendorCases.items.map((c) => c.id), [opened.id]);
      await call('acme', 'POST', `/v1/cases/${opened.id}/acknowledge`, {});
      const acme = (await ch.store.db.selectFrom('organizations').select('id').where('name', '=', 'Acme Software').executeTakeFirstOrThrow()).id;
      await call('acme', 'PUT', `/v1/cases/${opened.id}/participants/${acme}/status`, { status: 'affected', affectedVersions: ['4.2.0'], fixedVersions: ['4.2.1'] });

      // No notice goes out before publication: the operator's exposure does not exist yet.
      const worker = new NotificationWorker(ch.outbox, { guard: { allowPrivateTargets: true } });
      await worker.drain();
      assert.ok(!receiver.deliveries.some((d) => d.path.endsWith('/grid')));

      for (const state of ['fix_in_progress', 'fixed', 'published']) await call('analyst', 'POST', `/v1/cases/${opened.id}/state`, { state });
      const osvId = `x_${opened.id}`;
      const record = await call<{ affected: { ranges: { events: Record<string, string>[] }[] }[] }>('grid', 'GET', `/v1/vulns/${osvId}`);
      assert.deepEqual(record.affected[0]!.ranges[0]!.events, [{ introduced: '0' }, { fixed: '4.2.1' }]);
      const exposures = await call<{ items: { vuln_id: string; asset_id: string }[] }>('grid', 'GET', '/v1/exposures');
      assert.deepEqual(exposures.items.map((e) => [e.vuln_id, e.asset_id]), [[osvId, asset.id]]);

      assert.deepEqual(await worker.drain(), { delivered: 1, retried: 0, dead: 0 });
      const notices = receiver.deliveries.filter((d) => d.path.endsWith('/grid'));
      assert.equal(notices.length, 1);
      assert.equal(notices[0]!.signature.ok, true);
      const body = notices[0]!.rawBody.toString();
      assert.match(body, new RegExp(osvId));
      assert.match(body, new RegExp(asset.id));
    });
  });
}
