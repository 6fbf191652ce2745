import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { decide, type Principal } from '../../../domain/access/access-policy.js';
import { TLP_LABELS, type Tlp } from '../../../domain/access/tlp.js';
import { openClearinghouse, type Clearinghouse } from '../../../services/clearinghouse.js';
import { createTestStore, testDialects, type TestStore } from '../../../testing/test-stores.js';
import { buildApp } from '../../app.js';

const fixtures = new URL('../../../services/sbom/fixtures/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, fixtures));
const DOCUMENT_LIMIT = 64 * 1024;

/** Synthetic advisory (OSV-TEST- id, not a real record): lodash before 4.17.21. */
const lodashAdvisory = {
  schema_version: '1.6.0',
  id: 'OSV-TEST-LODASH',
  modified: '2026-01-01T00:00:00Z',
  aliases: ['CVE-2099-1000'],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
  affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }] }],
};

for (const dialect of testDialects) {
  describe(`operator HTTP API on ${dialect}`, () => {
    let store: TestStore;
    let ch: Clearinghouse;
    let app: FastifyInstance;
    const tmp = mkdtempSync(join(tmpdir(), 'ch-http-inventory-'));
    /** Each person's API token and principal; `anonymous` has neither. */
    const people: Record<string, { token?: string; principal?: Principal }> = { anonymous: {} };
    const assets = {} as Record<Tlp, string>;

    const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url,
        headers: { ...headers, ...(people[who]?.token ? { authorization: `Bearer ${people[who].token}` } : {}) },
        ...(body === undefined ? {} : Buffer.isBuffer(body) || typeof body === 'string' ? { payload: body } : { payload: body as object }),
      });

    before(async () => {
      store = await createTestStore(dialect);
      ch = await openClearinghouse({ db: store.location, loadIndex: true });
      app = await buildApp({
        knowledgeBase: ch.knowledgeBase,
        queries: ch.queries,
        webRoot: join(tmp, 'no-web'),
        logger: false,
        operators: ch,
        documentLimit: DOCUMENT_LIMIT,
      });
      writeFileSync(join(tmp, 'lodash.json'), JSON.stringify(lodashAdvisory));
      await ch.importer.importPaths([join(tmp, 'lodash.json')]);
      await ch.accounts.createOrganization({ name: 'Grid Co', type: 'operator', sector: 'energy' });
      await ch.accounts.createOrganization({ name: 'Water Co', type: 'operator', sector: 'water_and_wastewater_systems' });
      await ch.accounts.createOrganization({ name: 'CISA', type: 'agency' });
      for (const [key, org, role] of [
        ['gridAdmin', 'Grid Co', 'admin'],
        ['gridViewer', 'Grid Co', 'viewer'],
        ['waterMember', 'Water Co', 'member'],
        ['agencyAnalyst', 'CISA', 'analyst'],
      ] as const) {
        await ch.accounts.createUser({ orgName: org, email: `${key}@example.org`, role, password: 'correct horse battery' });
        const token = await ch.accounts.createToken({ email: `${key}@example.org`, name: 'test', scopes: [role === 'admin' ? 'admin' : role === 'viewer' ? 'read' : 'write'] });
        people[key] = { token: token.secret, principal: (await ch.accounts.principalOfToken(token.secret))! };
      }
      for (const tlp of TLP_LABELS) {
        const created = await call('gridAdmin', 'POST', '/v1/assets', { name: `scada ${tlp}`, criticality: 'high', systemExposure: 'open', missionImpact: 'mission_failure', tlp });
        assert.equal(created.statusCode, 201, created.body);
        assets[tlp] = created.json<{ id: string }>().id;
        const uploaded = await call('gridAdmin', 'POST', `/v1/assets/${assets[tlp]}/sboms`, fixture('cyclonedx-1.5-nested.json'), { 'content-type': 'application/vnd.cyclonedx+json' });
        assert.equal(uploaded.statusCode, 201, uploaded.body);
      }
      await ch.access.share(people.gridAdmin!.principal, 'assets', assets.AMBER, { orgIds: [people.agencyAnalyst!.principal!.orgId] });
    });
    after(async () => {
      await app.close();
      await ch.close();
      await store.dispose();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('signs in with a Secure, HttpOnly, SameSite=Strict cookie, and signs out', async () => {
      const wrong = await app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'gridAdmin@example.org', password: 'nope' } });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.headers['content-type'], 'application/problem+json; charset=utf-8');
      const signIn = await app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'gridAdmin@example.org', password: 'correct horse battery' } });
      assert.equal(signIn.statusCode, 200, signIn.body);
      const setCookie = String(signIn.headers['set-cookie']);
      assert.match(setCookie, /^clearinghouse_session=chs_/);
      for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) assert.ok(setCookie.includes(attribute), `${attribute} in ${setCookie}`);
      const cookie = setCookie.split(';')[0]!;
      const me = await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } });
      assert.deepEqual([me.statusCode, me.json<{ organization: { name: string } }>().organization.name], [200, 'Grid Co']);
      assert.equal((await app.inject({ method: 'GET', url: `/v1/assets/${assets['AMBER+STRICT']}`, headers: { cookie } })).statusCode, 200);
      assert.equal((await app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie } })).statusCode, 204);
      assert.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } })).statusCode, 401);
      const badToken = await app.inject({ method: 'GET', url: '/v1/assets', headers: { authorization: 'Bearer cht_not-a-token' } });
      assert.equal(badToken.statusCode, 401);
      assert.equal(badToken.json<{ errors: { field: string }[] }>().errors[0]?.field, '/headers/authorization');
    });

    it('lists the SBOM, its unmatched components and the exposure with its fix', async () => {
      const components = await call('gridAdmin', 'GET', `/v1/assets/${assets.RED}/components`);
      const items = components.json<{ items: { name: string; purl: string | null; unmatched_reason: string | null }[] }>().items;
      assert.ok(items.some((c) => c.purl === null && c.unmatched_reason !== null), components.body);
      const exposures = await call('gridAdmin', 'GET', `/v1/exposures?asset=${assets.RED}`);
      assert.equal(exposures.statusCode, 200, exposures.body);
      assert.deepEqual(
        exposures.json<{ items: { vuln_id: string; component_version: string; fixed_version: string; status: string }[] }>().items.map((e) => [e.vuln_id, e.component_version, e.fixed_version, e.status]),
        [['OSV-TEST-LODASH', '4.17.20', '4.17.21', 'open']],
      );
      const history = await call('gridAdmin', 'GET', `/v1/assets/${assets.RED}/sboms`);
      assert.deepEqual(history.json<{ items: { format: string; spec_version: string }[] }>().items.map((s) => [s.format, s.spec_version]), [['CycloneDX', '1.5']]);
    });

    it('refuses bad SBOMs with every fault named, a 413 naming the limit, and stores nothing', async () => {
      const asset = assets.GREEN;
      const before = (await call('gridAdmin', 'GET', `/v1/assets/${asset}/sboms`)).json<{ items: unknown[] }>().items.length;
      const xxe = await call('gridAdmin', 'POST', `/v1/assets/${asset}/sboms`, fixture('external-entity.xml'), { 'content-type': 'application/xml' });
      assert.equal(xxe.statusCode, 400);
      assert.match(xxe.json<{ detail: string }>().detail, /DOCTYPE/);
      const invalid = await call('gridAdmin', 'POST', `/v1/assets/${asset}/sboms`, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ type: 'library' }] }), { 'content-type': 'application/json' });
      assert.equal(invalid.statusCode, 400);
      assert.ok(invalid.json<{ errors: { field: string }[] }>().errors.some((e) => e.field.startsWith('/components/0')), invalid.body);
      const huge = await call('gridAdmin', 'POST', `/v1/assets/${asset}/sboms`, Buffer.alloc(DOCUMENT_LIMIT + 1, 0x20), { 'content-type': 'application/json' });
      assert.equal(huge.statusCode, 413);
      assert.match(huge.json<{ detail: string }>().detail, new RegExp(`limit of ${DOCUMENT_LIMIT} bytes`));
      assert.equal((await call('gridAdmin', 'GET', `/v1/assets/${asset}/sboms`)).json<{ items: unknown[] }>().items.length, before);
      const badAsset = await call('gridAdmin', 'POST', '/v1/assets', { name: 'x', criticality: 'extreme', systemExposure: 'open', missionImpact: 'degraded' });
      assert.equal(badAsset.statusCode, 400);
      assert.deepEqual(badAsset.json<{ errors: { field: string }[] }>().errors.map((e) => e.field), ['/criticality']);
    });

    it('changes a remediation with the right role, and exports CSV', async () => {
      const url = `/v1/assets/${assets.GREEN}/remediations/OSV-TEST-LODASH`;
      assert.equal((await call('gridViewer', 'PATCH', url, { status: 'in_progress' })).statusCode, 403);
      const changed = await call('gridAdmin', 'PATCH', url, { status: 'in_progress', note: 'upgrading in the March window' });
      assert.equal(changed.statusCode, 200, changed.body);
      const later = await call('gridAdmin', 'PATCH', url, { dueDate: '2999-01-01' });
      assert.equal(later.statusCode, 400);
      assert.equal(later.json<{ errors: { field: string }[] }>().errors[0]?.field, '/dueDate');
      const detail = await call('gridViewer', 'GET', url);
      assert.deepEqual(detail.json<{ history: { new_value: string }[] }>().history.map((h) => h.new_value), ['open', 'in_progress']);
      const csv = await call('gridAdmin', 'GET', '/v1/exposures/export?format=csv');
      assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(csv.body.trimEnd().split('\r\n').length, 1 + TLP_LABELS.length);
      assert.equal((await call('waterMember', 'GET', '/v1/exposures/export?format=json')).json<unknown[]>().length, 0);
    });

    it("lets an organization's admin subscribe, and an upload then queues a delivery for it", async () => {
      const body = { kind: 'email', target: 'soc@grid.example', minPriority: 'scheduled' };
      assert.equal((await call('gridViewer', 'POST', '/v1/subscriptions', body)).statusCode, 403);
      const bad = await call('gridAdmin', 'POST', '/v1/subscriptions', { ...body, minPriority: 'urgent' });
      assert.deepEqual([bad.statusCode, bad.json<{ errors: { field: string }[] }>().errors[0]?.field], [400, '/minPriority']);
      const created = await call('gridAdmin', 'POST', '/v1/subscriptions', body);
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json<{ subscription: { id: string } }>().subscription.id;
      assert.deepEqual((await call('gridAdmin', 'GET', '/v1/subscriptions')).json<{ items: { id: string }[] }>().items.map((s) => s.id), [id]);
      assert.deepEqual((await call('waterMember', 'GET', '/v1/subscriptions')).statusCode, 403);
      assert.equal((await call('waterMember', 'DELETE', `/v1/subscriptions/${id}`)).statusCode, 404);
      // Below the subscription's minimum: on a small system with degraded mission impact the flaw is deferred.
      const quiet = (await call('gridAdmin', 'POST', '/v1/assets', { name: 'quiet', criticality: 'low', systemExposure: 'small', missionImpact: 'degraded' })).json<{ id: string }>().id;
      await call('gridAdmin', 'POST', `/v1/assets/${quiet}/sboms`, fixture('cyclonedx-1.5-nested.json'), { 'content-type': 'application/json' });
      // Open and mission-critical: scheduled (SSVC deployer: none, open, not automatable, very high human impact).
      const asset = (await call('gridAdmin', 'POST', '/v1/assets', { name: 'notified', criticality: 'high', systemExposure: 'open', missionImpact: 'mission_failure' })).json<{ id: string }>().id;
      await call('gridAdmin', 'POST', `/v1/assets/${asset}/sboms`, fixture('cyclonedx-1.5-nested.json'), { 'content-type': 'application/json' });
      const queued = await ch.store.db
        .selectFrom('deliveries')
        .innerJoin('outbox', 'outbox.id', 'deliveries.outbox_id')
        .select(['outbox.event_type', 'outbox.asset_id', 'deliveries.status'])
        .where('deliveries.subscription_id', '=', id)
        .execute();
      assert.deepEqual(queued.map((q) => [q.event_type, q.asset_id, q.status]), [['exposure.new', asset, 'pending']]);
      assert.equal((await call('gridAdmin', 'DELETE', `/v1/subscriptions/${id}`)).json<{ disabledAt: string | null }>().disabledAt !== null, true);
    });

    /**
     * Every GET route of the operator API, with how to call it for one asset. The test below
     * checks this list against the routes the app registers, so a new route that is not
     * covered here fails the test instead of going unchecked.
     */
    const getRoutes: Record<string, { url: (assetId: string) => string; reveals: (body: string, assetId: string) => boolean; ownOrganizationOnly?: true }> = {
      '/v1/assets': { url: () => '/v1/assets?limit=1000', reveals: (body, id) => body.includes(id) },
      '/v1/assets/{assetId}': { url: (id) => `/v1/assets/${id}`, reveals: (body, id) => body.includes(id) },
      '/v1/assets/{assetId}/sboms': { url: (id) => `/v1/assets/${id}/sboms`, reveals: (body, id) => body.includes(id) },
      '/v1/assets/{assetId}/components': { url: (id) => `/v1/assets/${id}/components`, reveals: (body) => body.includes('lodash') },
      '/v1/assets/{assetId}/remediations/{vulnId}': { url: (id) => `/v1/assets/${id}/remediations/OSV-TEST-LODASH`, reveals: (body, id) => body.includes(id) },
      '/v1/exposures': { url: () => '/v1/exposures?limit=1000&includeNotAffected=true', reveals: (body, id) => body.includes(id) },
      '/v1/exposures/overdue': { url: () => '/v1/exposures/overdue?limit=1000', reveals: (body, id) => body.includes(id) },
      // An export is of the caller's own organization only, whatever else the caller may read.
      '/v1/exposures/export': { url: () => '/v1/exposures/export?format=json', reveals: (body, id) => body.includes(id), ownOrganizationOnly: true },
    };

    it('covers every GET route of assets and exposures in the leak test', async () => {
      const paths = (app.swagger() as { paths: Record<string, Record<string, { tags?: string[] }>> }).paths;
      const registered = Object.entries(paths)
        .filter(([, ops]) => ops.get?.tags?.some((t) => t === 'inventory' || t === 'exposures'))
        .map(([path]) => path)
        .sort();
      assert.deepEqual(registered, Object.keys(getRoutes).sort());
    });

    it('shows each marking to exactly the people TLP 2.0 allows, on every GET route', async () => {
      // The overdue list needs overdue work on every asset to be able to leak it.
      for (const tlp of TLP_LABELS) {
        const moved = await call('gridAdmin', 'PATCH', `/v1/assets/${assets[tlp]}/remediations/OSV-TEST-LODASH`, { dueDate: '2020-01-01' });
        assert.equal(moved.statusCode, 200, moved.body);
      }
      let denials = 0;
      for (const [who, person] of Object.entries(people)) {
        for (const tlp of TLP_LABELS) {
          const marking = (await ch.access.marking('assets', assets[tlp]))!;
          const mayRead = decide(person.principal, 'read', marking).allowed;
          for (const [route, { url, reveals, ownOrganizationOnly }] of Object.entries(getRoutes)) {
            const response = await call(who, 'GET', url(assets[tlp]));
            const shown = response.statusCode === 200 && reveals(response.body, assets[tlp]);
            const expected = mayRead && (!ownOrganizationOnly || person.principal?.orgId === marking.ownerOrgId);
            assert.equal(shown, expected, `${who} GET ${route} on TLP:${tlp} (${response.statusCode})`);
            if (!expected) {
              denials++;
              assert.ok([200, 401, 404].includes(response.statusCode), `${who} ${route}: ${response.statusCode}`);
            }
          }
        }
      }
      assert.ok(denials > 0, 'the matrix includes people who must be refused');
    });
  });
}
