import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { addDays } from '../../../domain/coordination/embargo-policy.js';
import { formatInZone } from '../../../domain/coordination/zoned-date.js';
import type { OsvRecord } from '../../../domain/osv/osv-record.js';
import { openClearinghouse, type Clearinghouse } from '../../../services/clearinghouse.js';
import { NotificationWorker } from '../../../services/notify/notification-worker.js';
import { readJsonLines, sharedDataPath } from '../../../testing/shared-data.js';
import { startSmtpTestServer, type SmtpTestServer } from '../../../testing/smtp-test-server.js';
import { createTestStore, testDialects, type TestStore } from '../../../testing/test-stores.js';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../../../testing/webhook-test-receiver.js';
import { buildApp } from '../../app.js';

/** Real PyPA advisories (shared data): Jinja2's sandbox escape (not in KEV) and SaltStack's auth bypass (CVE-2020-11651, in KEV). */
const wanted = new Set(['PYSEC-2019-217', 'PYSEC-2021-66', 'PYSEC-2020-102']);
const advisories = new Map<string, OsvRecord>();
for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'pypi.jsonl.gz'))) if (wanted.has(record.id)) advisories.set(record.id, record);

interface Participant {
  orgId: string;
  orgName: string;
  role: string;
  vendor?: { status: string; statement: string | null; fixedVersions: string[]; affectedVersions: string[]; acknowledgementDue: string | null; acknowledgementDueLocal: string | null; acknowledgedAt: string | null; notifiedAt: string | null; advisory: { sha256: string } | null };
}
interface CaseBody {
  id: string;
  clusterId: string;
  title: string;
  state: string;
  timeZone: string;
  vendorNotifiedAt: string | null;
  embargoUntil: string | null;
  embargoUntilLocal: string | null;
  cve: { id: string; state: string; assignedBy: string } | null;
  participants: Participant[];
  offers: { orgId: string; orgName: string; matches: { affectedPurl: string }[] }[];
  publication: { cveId: string | null; affected: { purl: string; vendors: { orgId: string; status: string; fixedVersions: string[] }[] }[] } | null;
  aiEnabledCrime: { flag: boolean } | null;
  history: { kind: string; orgId: string | null; detail: Record<string, unknown> }[];
}
interface Problem {
  status: number;
  detail: string;
  errors: { field: string; message: string }[];
}

for (const dialect of testDialects) {
  describe(`coordination cases over HTTP on ${dialect}`, () => {
    let store: TestStore;
    let ch: Clearinghouse;
    let app: FastifyInstance;
    let receiver: WebhookTestReceiver;
    let smtp: SmtpTestServer;
    const tmp = mkdtempSync(join(tmpdir(), 'ch-http-cases-'));
    const tokens: Record<string, string> = {};
    const orgIds: Record<string, string> = {};
    const userIds: Record<string, string> = {};
    const call = (who: string | undefined, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: object) =>
      app.inject({ method, url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {}, ...(body ? { payload: body } : {}) });
    const ok = async <T>(who: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: object, status = 200): Promise<T> => {
      const response = await call(who, method, url, body);
      assert.equal(response.statusCode, status, response.body);
      return response.json<T>();
    };
    const refused = async (who: string, method: 'POST' | 'PUT' | 'GET', url: string, body: object | undefined, status: number): Promise<Problem> => {
      const response = await call(who, method, url, body);
      assert.equal(response.statusCode, status, response.body);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      return response.json<Problem>();
    };
    const submit = async (advisoryId: string, attachments: { name: string; mediaType: string; content: string }[] = []) =>
      ok<{ clusterId: string; reportId: string }>('lab', 'POST', '/v1/reports', { source: { kind: 'model', model: 'frontier-1' }, format: 'osv', document: advisories.get(advisoryId), attachments }, 201);
    const vendorOf = (view: CaseBody, org: string) => view.participants.find((p) => p.role === 'vendor' && p.orgId === orgIds[org]);

    before(async () => {
      assert.equal(advisories.size, 3, 'the shared PyPA advisories are there');
      store = await createTestStore(dialect);
      receiver = await startWebhookTestReceiver({ secret: 'whsec_case_test' });
      smtp = await startSmtpTestServer();
      ch = await openClearinghouse({ db: store.location, loadIndex: false, allowPrivateTargets: true });
      app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot: join(tmp, 'no-web'), logger: false, operators: ch });
      const orgs = [
        ['Clearinghouse', 'clearinghouse'],
        ['Frontier Lab', 'lab'],
        ['Pallets', 'vendor'],
        ['SaltStack', 'vendor'],
        ['Unrelated Vendor', 'vendor'],
      ] as const;
      for (const [name, type] of orgs) orgIds[name] = (await ch.accounts.createOrganization({ name, type })).id;
      const users = [
        ['analyst', 'Clearinghouse', 'analyst', ['write']],
        ['chadmin', 'Clearinghouse', 'admin', ['admin']],
        ['staff', 'Clearinghouse', 'member', ['write']],
        ['lab', 'Frontier Lab', 'admin', ['write']],
        ['pallets', 'Pallets', 'admin', ['admin']],
        ['salt', 'SaltStack', 'member', ['write']],
        ['unrelated', 'Unrelated Vendor', 'member', ['write']],
      ] as const;
      for (const [who, org, role, scopes] of users) {
        userIds[who] = (await ch.accounts.createUser({ orgName: org, email: `${who}@example.org`, displayName: who, role, password: 'correct horse battery' })).id;
        tokens[who] = (await ch.accounts.createToken({ email: `${who}@example.org`, name: 'test', scopes: [...scopes] })).secret;
      }
    });
    after(async () => {
      await receiver.close();
      await smtp.close();
      await app.close();
      await ch.close();
      await store.dispose();
      rmSync(tmp, { recursive: true, force: true });
    });

    let jinja: CaseBody;

    it('opens a case from a cluster and offers the vendor whose registered purl matches, not the others', async () => {
      await ok('pallets', 'POST', '/v1/vendor-products', { purl: 'pkg:pypi/Jinja2' }, 201);
      await ok('salt', 'POST', '/v1/vendor-products', { purl: 'pkg:pypi/salt' }, 201);
      const duplicate = await refused('pallets', 'POST', '/v1/vendor-products', { purl: 'pkg:pypi/jinja2' }, 409);
      assert.equal(duplicate.errors[0]!.field, '/purl');
      const versioned = await refused('pallets', 'POST', '/v1/vendor-products', { purl: 'pkg:pypi/jinja2@2.10' }, 400);
      assert.equal(versioned.errors[0]!.field, '/purl');
      await refused('lab', 'POST', '/v1/vendor-products', { purl: 'pkg:pypi/requests' }, 403);

      const { clusterId } = await submit('PYSEC-2019-217');
      await refused('staff', 'POST', `/v1/clusters/${clusterId}/case`, undefined, 403);
      await refused('lab', 'POST', '/v1/cases', { clusterId }, 403);
      jinja = await ok<CaseBody>('analyst', 'POST', `/v1/clusters/${clusterId}/case`, undefined, 201);
      assert.match(jinja.id, /^CH-\d{4}-\d{4,}$/);
      assert.equal(jinja.state, 'triage');
      assert.equal(jinja.title, 'In Pallets Jinja before 2.10.1, str.format_map allows a sandbox escape.');
      assert.deepEqual(
        jinja.participants.map((p) => [p.orgName, p.role]).sort(),
        [
          ['Clearinghouse', 'coordinator'],
          ['Frontier Lab', 'reporter'],
        ],
      );
      assert.deepEqual(jinja.offers.map((o) => [o.orgName, o.matches.map((m) => m.affectedPurl)]), [['Pallets', ['pkg:pypi/jinja2']]]);
      assert.ok(jinja.history.some((e) => e.kind === 'vendors_offered'));
      const again = await refused('analyst', 'POST', '/v1/cases', { clusterId }, 409);
      assert.match(again.detail, new RegExp(`already has case ${jinja.id}`));

      // The reporter reads the case from the start, without the coordinators' offers; a vendor not yet told does not.
      const asReporter = await ok<CaseBody>('lab', 'GET', `/v1/cases/${jinja.id}`);
      assert.deepEqual(asReporter.offers, []);
      assert.equal(asReporter.publication, null);
      assert.ok(!asReporter.history.some((e) => e.kind === 'vendors_offered'));
      await refused('pallets', 'GET', `/v1/cases/${jinja.id}`, undefined, 404);

      const confirmed = await ok<CaseBody>('analyst', 'POST', `/v1/cases/${jinja.id}/offers/confirm`, {});
      assert.equal(vendorOf(confirmed, 'Pallets')?.vendor?.status, 'not_assessed');
      assert.deepEqual(confirmed.offers, []);
    });

    it('refuses moves the state machine does not allow, as problem+json with the reason', async () => {
      const { clusterId } = await submit('PYSEC-2021-66');
      const lonely = await ok<CaseBody>('analyst', 'POST', '/v1/cases', { clusterId }, 201);
      const noVendor = await refused('analyst', 'POST', `/v1/cases/${lonely.id}/state`, { state: 'vendor_notified' }, 409);
      assert.match(noVendor.detail, /at least one vendor participant/);
      assert.deepEqual(noVendor.errors.map((e) => e.field), ['/state']);
      const early = await refused('analyst', 'POST', `/v1/cases/${lonely.id}/state`, { state: 'published' }, 409);
      assert.match(early.detail, /Publishing requires the case to be 'fixed'/);
      const noAck = await refused('analyst', 'POST', `/v1/cases/${jinja.id}/state`, { state: 'acknowledged' }, 409);
      assert.match(noAck.detail, /Acknowledgement follows 'vendor_notified'/);
      const noOriginal = await refused('analyst', 'POST', `/v1/cases/${lonely.id}/state`, { state: 'closed_duplicate' }, 400);
      assert.deepEqual(noOriginal.errors.map((e) => e.field), ['/duplicateOf']);
      const unknown = await refused('analyst', 'POST', `/v1/cases/${lonely.id}/state`, { state: 'approved' }, 400);
      assert.equal(unknown.errors[0]!.field, '/state');
      await refused('staff', 'POST', `/v1/cases/${lonely.id}/state`, { state: 'closed_invalid' }, 403);
      assert.deepEqual(lonely.offers.map((o) => o.orgName), ['Pallets']);
      const dismissed = await ok<CaseBody>('analyst', 'POST', `/v1/cases/${lonely.id}/offers/dismiss`, { orgId: orgIds.Pallets, reason: 'tracked in the other Jinja2 case' });
      assert.deepEqual(dismissed.offers, []);
      assert.equal(dismissed.history.find((e) => e.kind === 'offer_dismissed')?.detail.reason, 'tracked in the other Jinja2 case');
      await refused('analyst', 'POST', `/v1/cases/${lonely.id}/offers/confirm`, {}, 400);
      const closed = await ok<CaseBody>('analyst', 'POST', `/v1/cases/${lonely.id}/state`, { state: 'closed_duplicate', duplicateOf: jinja.id });
      assert.equal(closed.state, 'closed_duplicate');
      const final = await refused('analyst', 'POST', `/v1/cases/${lonely.id}/state`, { state: 'fixed' }, 409);
      assert.match(final.detail, /can only be reopened, to 'triage'/);
      const noEmbargo = await refused('analyst', 'POST', `/v1/cases/${jinja.id}/embargo/extension`, { until: '2099-01-01T00:00:00Z', reason: 'x' }, 409);
      assert.match(noEmbargo.detail, /no embargo yet/);
    });

    it("notifies vendors through the outbox (their webhook and e-mail), with the acknowledgement 7 days and the embargo 90 days out", async () => {
      await ok('pallets', 'PUT', '/v1/me/time-zone', { timeZone: 'europe/berlin' });
      const hook = await ok<{ subscription: { id: string } }>('pallets', 'POST', '/v1/subscriptions', { kind: 'webhook', target: `${receiver.url}/case-hooks`, minPriority: 'immediate' }, 201);
      // The receiver checks signatures with a secret it knows beforehand.
      await ch.store.db.updateTable('subscriptions').set({ secret: 'whsec_case_test' }).where('id', '=', hook.subscription.id).execute();
      await ok('pallets', 'POST', '/v1/subscriptions', { kind: 'email', target: 'pallets@example.org', minPriority: 'immediate', digest: 'daily' }, 201);
      const notified = await ok<CaseBody>('analyst', 'POST', `/v1/cases/${jinja.id}/state`, { state: 'vendor_notified', reason: 'triaged: reproduces on 2.10' });
      assert.equal(notified.state, 'vendor_notified');
      const at = new Date(notified.vendorNotifiedAt!);
      assert.equal(notified.embargoUntil, addDays(at, 90).toISOString());
      assert.equal(vendorOf(notified, 'Pallets')?.vendor?.acknowledgementDue, addDays(at, 7).toISOString());
      assert.deepEqual(notified.history.find((e) => e.kind === 'embargo_set')?.detail.kevCves, []);

      const outbox = await ch.store.db.selectFrom('outbox').selectAll().where('event_type', '=', 'case.vendor_notified').where('org_id', '=', orgIds.Pallets!).execute();
      const deliveries = await ch.store.db
        .selectFrom('deliveries')
        .innerJoin('subscriptions', 'subscriptions.id', 'deliveries.subscription_id')
        .select(['subscriptions.kind', 'deliveries.outbox_id', 'deliveries.status'])
        .where('deliveries.outbox_id', 'in', outbox.map((o) => o.id))
        .execute();
      assert.deepEqual(deliveries.map((d) => [d.kind, d.status]).sort(), [
        ['email', 'pending'],
        ['webhook', 'pending'],
      ]);
      const mail = outbox.map((o) => JSON.parse(o.payload) as { caseId: string; acknowledgementDue: string; mail: { subject: string; text: string } });
      assert.ok(mail.every((m) => m.caseId === jinja.id && m.acknowledgementDue === addDays(at, 7).toISOString()));
      const berlin = formatInZone(addDays(at, 7), 'Europe/Berlin');
      assert.ok(mail.some((m) => m.mail.text.includes(`Acknowledge by: ${berlin}`)), 'the e-mail to the Berlin user shows her time');
      assert.ok(mail.some((m) => m.mail.text.includes(`Acknowledge by: ${formatInZone(addDays(at, 7), 'UTC')}`)), 'the webhook has no reader: UTC');
      assert.equal(notified.history.find((e) => e.kind === 'vendor_notified')?.detail.deliveries, 2);

      // The notification worker delivers them as it delivers every event: a signed webhook, and an e-mail.
      const worker = new NotificationWorker(ch.outbox, { guard: { allowPrivateTargets: true }, mail: { smtp: { host: smtp.host, port: smtp.port, secure: false, timeoutMs: 5000 }, from: 'Clearinghouse <notify@clearinghouse.example>' } });
      assert.deepEqual(await worker.drain(), { delivered: 2, retried: 0, dead: 0 });
      assert.equal(receiver.deliveries.length, 1);
      assert.equal(receiver.deliveries[0]!.headers['clearinghouse-event'], 'case.vendor_notified');
      assert.equal(receiver.deliveries[0]!.signature.ok, true);
      const webhook = JSON.parse(receiver.deliveries[0]!.rawBody.toString()) as { type: string; data: { caseId: string; embargoUntil: string } };
      assert.deepEqual([webhook.type, webhook.data.caseId, webhook.data.embargoUntil], ['case.vendor_notified', jinja.id, notified.embargoUntil]);
      const [email] = smtp.messages;
      assert.deepEqual(email?.envelopeTo, ['pallets@example.org']);
      assert.ok(email.header('subject')?.startsWith(`[${jinja.id}] A vulnerability that may affect your products`), email.header('subject'));
      // The body is quoted-printable: its soft line breaks go before reading it.
      assert.ok(email.body.replace(/=\r\n/g, '').includes(`Acknowledge by: ${berlin}`), email.body);

      // Now the vendor reads the case: its own part, not the coordinators' offers.
      const asVendor = await ok<CaseBody>('pallets', 'GET', `/v1/cases/${jinja.id}`);
      assert.equal(asVendor.timeZone, 'Europe/Berlin');
      assert.equal(asVendor.embargoUntilLocal, formatInZone(new Date(asVendor.embargoUntil!), 'Europe/Berlin'));
      assert.equal(asVendor.aiEnabledCrime, null);
    });

    let salt: CaseBody;

    it('sets a 7-day embargo when a CVE of the case is in KEV (the real catalog, imported)', async () => {
      const imported = await ch.importer.importPaths([sharedDataPath('kev', 'known_exploited_vulnerabilities.json')]);
      assert.ok(imported.added > 1000);
      const { clusterId } = await submit('PYSEC-2020-102');
      salt = await ok<CaseBody>('analyst', 'POST', '/v1/cases', { clusterId }, 201);
      assert.deepEqual(salt.offers.map((o) => o.orgName), ['SaltStack']);
      await ok('analyst', 'POST', `/v1/cases/${salt.id}/offers/confirm`, { orgIds: [orgIds.SaltStack] });
      salt = await ok<CaseBody>('analyst', 'POST', `/v1/cases/${salt.id}/state`, { state: 'vendor_notified' });
      assert.equal(salt.embargoUntil, addDays(new Date(salt.vendorNotifiedAt!), 7).toISOString());
      assert.deepEqual(salt.history.find((e) => e.kind === 'embargo_set')?.detail, {
        from: salt.vendorNotifiedAt,
        until: salt.embargoUntil,
        days: 7,
        exploited: true,
        kevCves: ['CVE-2020-11651'],
      });
      // SaltStack has no subscription: the history says no delivery went out, so a coordinator reaches it otherwise.
      assert.equal(salt.history.find((e) => e.kind === 'vendor_notified')?.detail.deliveries, 0);
    });

    it('extends the embargo with a reason, shown in the history; without one the field is named', async () => {
      const until = addDays(new Date(jinja.embargoUntil ?? (await ok<CaseBody>('analyst', 'GET', `/v1/cases/${jinja.id}`)).embargoUntil!), 10).toISOString();
      const missing = await refused('analyst', 'POST', `/v1/cases/${jinja.id}/embargo/extension`, { until }, 400);
      assert.deepEqual(missing.errors.map((e) => e.field), ['/reason']);
      const blank = await refused('analyst', 'POST', `/v1/cases/${jinja.id}/embargo/extension`, { until, reason: '   ' }, 400);
      assert.deepEqual(blank.errors.map((e) => e.field), ['/reason']);
      const tooFar = await refused('analyst', 'POST', `/v1/cases/${jinja.id}/embargo/extension`, { until: addDays(new Date(until), 60).toISOString(), reason: 'a fix for every branch' }, 400);
      assert.deepEqual(tooFar.errors.map((e) => e.field), ['/until']);
      await refused('pallets', 'POST', `/v1/cases/${jinja.id}/embargo/extension`, { until, reason: 'we need time' }, 403);
      const extended = await ok<CaseBody>('analyst', 'POST', `/v1/cases/${jinja.id}/embargo/extension`, { until, reason: 'the vendor backports to 2.10.x' });
      assert.equal(extended.embargoUntil, until);
      const event = extended.history.find((e) => e.kind === 'embargo_extended');
      assert.equal(event?.detail.reason, 'the vendor backports to 2.10.x');
      assert.equal(event?.detail.until, until);
      jinja = extended;
    });

    it('shortens the embargo to 7 days from now when a coordinator finds the vulnerability exploited', async () => {
      const missing = await refused('analyst', 'POST', `/v1/cases/${jinja.id}/exploited`, { reason: ' ' }, 400);
      assert.equal(missing.errors[0]!.field, '/reason');
      const before = Date.now();
      const exploited = await ok<CaseBody>('analyst', 'POST', `/v1/cases/${jinja.id}/exploited`, { reason: 'seen in the wild against a CI service' });
      const after = Date.now();
      const until = new Date(exploited.embargoUntil!).getTime();
      assert.ok(until >= addDays(new Date(before), 7).getTime() && until <= addDays(new Date(after), 7).getTime(), exploited.embargoUntil!);
      assert.deepEqual(exploited.history.find((e) => e.kind === 'exploited')?.detail.embargo, { from: jinja.embargoUntil, until: exploited.embargoUntil });
      await refused('analyst', 'POST', `/v1/cases/${jinja.id}/exploited`, { reason: 'again' }, 409);
      jinja = exploited;
    });

    it('shows a vendor its own cases only; its answer keeps not_affected apart from not_assessed', async () => {
      const mine = await ok<{ items: { id: string; status: string }[]; total: number }>('pallets', 'GET', '/v1/vendor/cases');
      assert.deepEqual(mine.items.map((c) => [c.id, c.status]), [[jinja.id, 'not_assessed']]);
      assert.equal(mine.total, 1);
      assert.deepEqual((await ok<{ items: { id: string }[] }>('salt', 'GET', '/v1/vendor/cases')).items.map((c) => c.id), [salt.id]);
      assert.deepEqual((await ok<{ items: unknown[] }>('unrelated', 'GET', '/v1/vendor/cases')).items, []);
      await refused('salt', 'GET', `/v1/cases/${jinja.id}`, undefined, 404);
      await refused('unrelated', 'GET', `/v1/cases/${jinja.id}`, undefined, 404);
      await refused('salt', 'PUT', `/v1/cases/${jinja.id}/participants/${orgIds.Pallets}/status`, { status: 'not_affected' }, 404);
      await refused('lab', 'PUT', `/v1/cases/${jinja.id}/participants/${orgIds.Pallets}/status`, { status: 'not_affected' }, 403);
      const notAssessed = await refused('pallets', 'PUT', `/v1/cases/${jinja.id}/participants/${orgIds.Pallets}/status`, { status: 'not_assessed' }, 400);
      assert.equal(notAssessed.errors[0]!.field, '/status');
      const contradiction = await refused('pallets', 'PUT', `/v1/cases/${jinja.id}/participants/${orgIds.Pallets}/status`, { status: 'not_affected', fixedVersions: ['2.10.1'] }, 400);
      assert.equal(contradiction.errors[0]!.field, '/fixedVersions');

      const answered = await ok<CaseBody>('pallets', 'PUT', `/v1/cases/${jinja.id}/participants/${orgIds.Pallets}/status`, {
        status: 'affected',
        statement: 'The sandbox of 2.10 lets str.format_map reach attributes.',
        affectedVersions: ['< 2.10.1'],
      });
      assert.equal(vendorOf(answered, 'Pallets')?.vendor?.status, 'affected');
      // Adding the fixed version later is a change of its own, without a new statement.
      const fixed = await ok<CaseBody>('pallets', 'PUT', `/v1/cases/${jinja.id}/participants/${orgIds.Pallets}/status`, { status: 'affected', affectedVersions: ['< 2.10.1'], fixedVersions: ['2.10.1'] });
      assert.deepEqual(vendorOf(fixed, 'Pallets')?.vendor?.fixedVersions, ['2.10.1']);
      const same = await refused('pallets', 'PUT', `/v1/cases/${jinja.id}/participants/${orgIds.Pallets}/status`, { status: 'affected', affectedVersions: ['< 2.10.1'], fixedVersions: ['2.10.1'] }, 400);
      assert.match(same.detail, /already 'affected'/);

      const saltAnswer = await ok<CaseBody>('salt', 'PUT', `/v1/cases/${salt.id}/participants/${orgIds.SaltStack}/status`, { status: 'not_affected', statement: 'Our builds do not ship the ClearFuncs class.' });
      assert.equal(vendorOf(saltAnswer, 'SaltStack')?.vendor?.status, 'not_affected');
      // The reporter sees the participants of a case, not the vendors' answers.
      const asReporter = await ok<CaseBody>('lab', 'GET', `/v1/cases/${jinja.id}`);
      assert.equal(vendorOf(asReporter, 'Pallets')?.vendor, undefined);
      const coordinator = await ok<CaseBody>('analyst', 'GET', `/v1/cases/${jinja.id}`);
      assert.deepEqual(coordinator.publication?.affected.map((a) => [a.purl, a.vendors.map((v) => [v.status, v.fixedVersions])]), [['pkg:pypi/jinja2', [['affected', ['2.10.1']]]]]);
      const history = coordinator.history.filter((e) => e.kind === 'vendor_status').map((e) => [e.detail.from, e.detail.to]);
      assert.deepEqual(history, [
        ['not_assessed', 'affected'],
        ['affected', 'affected'],
      ]);
    });

    it('hides an AMBER+STRICT or RED message from the participants who may not read it', async () => {
      await ok('analyst', 'POST', `/v1/cases/${jinja.id}/messages`, { body: 'Thanks for the report; we are reproducing it.' }, 201);
      await ok('analyst', 'POST', `/v1/cases/${jinja.id}/messages`, { body: 'Coordinators only: the reporter also filed with the PSF.', tlp: 'AMBER+STRICT' }, 201);
      const red = await ok<{ recipientUserIds: string[] }>('analyst', 'POST', `/v1/cases/${jinja.id}/messages`, { body: 'For the maintainer: the PoC.', tlp: 'RED', recipientUserIds: [userIds.pallets] }, 201);
      assert.deepEqual(red.recipientUserIds, [userIds.analyst, userIds.pallets].sort());
      const noRecipients = await refused('analyst', 'POST', `/v1/cases/${jinja.id}/messages`, { body: 'x', tlp: 'RED' }, 400);
      assert.equal(noRecipients.errors[0]!.field, '/recipientUserIds');
      const outsider = await refused('analyst', 'POST', `/v1/cases/${jinja.id}/messages`, { body: 'x', tlp: 'RED', recipientUserIds: [userIds.salt] }, 400);
      assert.equal(outsider.errors[0]!.field, '/recipientUserIds/0');
      await ok('pallets', 'POST', `/v1/cases/${jinja.id}/messages`, { body: 'Our internal note.', tlp: 'AMBER+STRICT' }, 201);

      const bodies = async (who: string) => (await ok<{ items: { body: string; tlp: string }[] }>(who, 'GET', `/v1/cases/${jinja.id}/messages`)).items.map((m) => `${m.tlp}: ${m.body}`);
      assert.deepEqual(await bodies('lab'), ['AMBER: Thanks for the report; we are reproducing it.']);
      assert.deepEqual(await bodies('pallets'), ['AMBER: Thanks for the report; we are reproducing it.', 'RED: For the maintainer: the PoC.', 'AMBER+STRICT: Our internal note.']);
      assert.deepEqual(await bodies('staff'), [
        'AMBER: Thanks for the report; we are reproducing it.',
        'AMBER+STRICT: Coordinators only: the reporter also filed with the PSF.',
      ]);
      assert.deepEqual(await bodies('analyst'), [
        'AMBER: Thanks for the report; we are reproducing it.',
        'AMBER+STRICT: Coordinators only: the reporter also filed with the PSF.',
        'RED: For the maintainer: the PoC.',
      ]);
      await refused('salt', 'GET', `/v1/cases/${jinja.id}/messages`, undefined, 404);
      // A vendor added later reads the AMBER thread from its start.
      await ok('analyst', 'POST', `/v1/cases/${jinja.id}/participants`, { orgId: orgIds['Unrelated Vendor'], role: 'vendor' });
      assert.deepEqual(await bodies('unrelated'), ['AMBER: Thanks for the report; we are reproducing it.']);
    });

    it("shows each user the case's dates in their own zone", async () => {
      const invalid = await refused('analyst', 'PUT', '/v1/me/time-zone', { timeZone: 'Mars/Olympus_Mons' }, 400);
      assert.equal(invalid.errors[0]!.field, '/timeZone');
      assert.deepEqual(await ok('analyst', 'PUT', '/v1/me/time-zone', { timeZone: 'America/New_York' }), { timeZone: 'America/New_York' });
      const york = await ok<CaseBody>('analyst', 'GET', `/v1/cases/${jinja.id}`);
      const berlin = await ok<CaseBody>('pallets', 'GET', `/v1/cases/${jinja.id}`);
      const reporter = await ok<CaseBody>('lab', 'GET', `/v1/cases/${jinja.id}`);
      const instant = new Date(york.embargoUntil!);
      assert.equal(york.embargoUntilLocal, formatInZone(instant, 'America/New_York'));
      assert.equal(berlin.embargoUntilLocal, formatInZone(instant, 'Europe/Berlin'));
      assert.equal(reporter.timeZone, 'UTC');
      assert.equal(reporter.embargoUntilLocal, formatInZone(instant, 'UTC'));
      assert.notEqual(york.embargoUntilLocal, berlin.embargoUntilLocal);
      const ack = vendorOf(berlin, 'Pallets')!.vendor!;
      assert.equal(ack.acknowledgementDueLocal, formatInZone(new Date(ack.acknowledgementDue!), 'Europe/Berlin'));
      assert.deepEqual(await ok('analyst', 'PUT', '/v1/me/time-zone', { timeZone: null }), { timeZone: null });
    });

    it('loads a CNA block, reserves and assigns an id, publishes it with the case; records an id assigned elsewhere', async () => {
      const bad = await refused('chadmin', 'POST', '/v1/cve-ids/block', { ids: ['CVE-2026-10000', 'CVE-2026-10001', 'CVE-26-1'] }, 400);
      assert.deepEqual(bad.errors.map((e) => e.field), ['/ids/2']);
      await refused('analyst', 'POST', '/v1/cve-ids/block', { ids: ['CVE-2026-10000'] }, 403);
      assert.deepEqual(await ok('chadmin', 'POST', '/v1/cve-ids/block', { ids: ['CVE-2026-10001', 'CVE-2026-9999', 'CVE-2026-10000'] }), { loaded: 3, alreadyLoaded: 0 });
      assert.deepEqual(await ok('chadmin', 'POST', '/v1/cve-ids/block', { ids: ['CVE-2026-10001', 'CVE-2026-10002'] }), { loaded: 1, alreadyLoaded: 1 });

      const reserved = await ok<CaseBody>('analyst', 'POST', `/v1/cases/${jinja.id}/cve/reserve`, {});
      assert.deepEqual(reserved.cve, { id: 'CVE-2026-9999', state: 'reserved', assignedBy: 'the clearinghouse (CNA block)' });
      await refused('analyst', 'POST', `/v1/cases/${jinja.id}/cve/reserve`, {}, 409);
      const assigned = await ok<CaseBody>('analyst', 'POST', `/v1/cases/${jinja.id}/cve/assign`);
      assert.equal(assigned.cve?.state, 'assigned');
      const block = await ok<{ counts: Record<string, number>; items: { cveId: string; state: string; caseId: string | null }[] }>('staff', 'GET', '/v1/cve-ids?limit=10');
      assert.deepEqual(block.counts, { available: 3, reserved: 0, assigned: 1, published: 0 });
      assert.deepEqual(block.items.map((i) => i.cveId), ['CVE-2026-9999', 'CVE-2026-10000', 'CVE-2026-10001', 'CVE-2026-10002']);
      await refused('pallets', 'GET', '/v1/cve-ids', undefined, 403);

      const ownBlock = await refused('analyst', 'PUT', `/v1/cases/${salt.id}/cve`, { cveId: 'CVE-2026-10000', assignedBy: 'MITRE' }, 400);
      assert.equal(ownBlock.errors[0]!.field, '/cveId');
      const malformed = await refused('analyst', 'PUT', `/v1/cases/${salt.id}/cve`, { cveId: 'CVE-2020-116', assignedBy: 'MITRE' }, 400);
      assert.equal(malformed.errors[0]!.field, '/cveId');
      const elsewhere = await ok<CaseBody>('analyst', 'PUT', `/v1/cases/${salt.id}/cve`, { cveId: 'CVE-2020-11651', assignedBy: 'MITRE' });
      assert.deepEqual(elsewhere.cve, { id: 'CVE-2020-11651', state: 'assigned_elsewhere', assignedBy: 'MITRE' });

      await ok('pallets', 'POST', `/v1/cases/${jinja.id}/acknowledge`);
      for (const state of ['fix_in_progress', 'fixed', 'published']) await ok('analyst', 'POST', `/v1/cases/${jinja.id}/state`, { state });
      const published = await ok<CaseBody>('analyst', 'GET', `/v1/cases/${jinja.id}`);
      assert.equal(published.state, 'published');
      assert.equal(published.cve?.state, 'published');
      assert.ok(published.history.some((e) => e.kind === 'cve_published'));
      assert.deepEqual(published.history.filter((e) => e.kind === 'state_changed').map((e) => e.detail.to), ['vendor_notified', 'acknowledged', 'fix_in_progress', 'fixed', 'published']);
    });

    it("exports a case flagged as AI-enabled crime as a referral manifest whose SHA-256s match the stored bytes", async () => {
      const poc = Buffer.from('{"template": "{{ \'\'.__class__.__mro__ }}"}\n');
      const log = Buffer.from('salt-master: ClearFuncs._prep_auth_info called without auth\n');
      const { clusterId, reportId } = await submit('PYSEC-2020-102', [
        { name: 'poc.json', mediaType: 'application/json', content: poc.toString('base64') },
        { name: '../../etc/passwd', mediaType: 'text/plain', content: log.toString('base64') },
      ]);
      assert.equal(clusterId, salt.clusterId, 'the same advisory joins the same cluster');
      const advisory = Buffer.from('# SaltStack advisory\nNot affected: our builds do not ship ClearFuncs.\n');
      const attached = await ok<CaseBody>('salt', 'POST', `/v1/cases/${salt.id}/advisory`, { name: 'advisory.md', mediaType: 'text/markdown', content: advisory.toString('base64') });
      const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
      assert.equal(vendorOf(attached, 'SaltStack')?.vendor?.advisory?.sha256, sha(advisory));
      const download = await call('salt', 'GET', `/v1/cases/${salt.id}/attachments/${sha(advisory)}`);
      assert.equal(download.statusCode, 200);
      assert.deepEqual(download.rawPayload, advisory);
      await refused('unrelated', 'GET', `/v1/cases/${salt.id}/attachments/${sha(advisory)}`, undefined, 404);

      const notFlagged = await refused('analyst', 'GET', `/v1/cases/${salt.id}/referral`, undefined, 409);
      assert.match(notFlagged.detail, /not flagged/);
      const noReason = await refused('analyst', 'PUT', `/v1/cases/${salt.id}/ai-enabled-crime`, { flag: true }, 400);
      assert.equal(noReason.errors[0]!.field, '/reason');
      const flagged = await ok<CaseBody>('analyst', 'PUT', `/v1/cases/${salt.id}/ai-enabled-crime`, { flag: true, reason: 'the exploit chain was generated and run by an agent against hosted masters' });
      assert.equal(flagged.aiEnabledCrime?.flag, true);
      assert.equal((await ok<CaseBody>('salt', 'GET', `/v1/cases/${salt.id}`)).aiEnabledCrime, null, 'participants do not see the flag');
      await refused('salt', 'GET', `/v1/cases/${salt.id}/referral`, undefined, 403);

      await ok('salt', 'POST', `/v1/cases/${salt.id}/messages`, { body: 'Only for our own team.', tlp: 'AMBER+STRICT' }, 201);
      await ok('analyst', 'POST', `/v1/cases/${salt.id}/messages`, { body: 'Referral prepared.' }, 201);
      const response = await call('analyst', 'GET', `/v1/cases/${salt.id}/referral`);
      assert.equal(response.statusCode, 200, response.body);
      const manifest = response.json<{
        case: { id: string };
        reports: { id: string; documentSha256: string }[];
        attachments: { name: string; sha256: string; size: number; reportId: string | null }[];
        history: { kind: string }[];
        messages: { body: string }[];
      }>();
      assert.equal(manifest.case.id, salt.id);
      assert.deepEqual(
        manifest.attachments.map((a) => [a.name, a.sha256, a.size, a.reportId]).sort(),
        [
          ['../../etc/passwd', sha(log), log.byteLength, reportId],
          ['advisory.md', sha(advisory), advisory.byteLength, null],
          ['poc.json', sha(poc), poc.byteLength, reportId],
        ].sort(),
      );
      assert.ok(manifest.reports.some((r) => r.id === reportId));
      const kinds = manifest.history.map((h) => h.kind);
      for (const kind of ['opened', 'participant_added', 'state_changed', 'embargo_set', 'vendor_notified', 'vendor_status', 'cve_recorded', 'advisory_attached', 'ai_enabled_crime']) assert.ok(kinds.includes(kind), kind);
      assert.deepEqual(manifest.messages.map((m) => m.body), ['Referral prepared.'], "the vendor's AMBER+STRICT note is not the coordinators' to export");
      assert.ok((await ok<CaseBody>('analyst', 'GET', `/v1/cases/${salt.id}`)).history.some((e) => e.kind === 'referral_exported'));
    });

    it('lists cases a page at a time, sorted, to whoever may read them', async () => {
      const page = await ok<{ items: { id: string }[]; total: number; offset: number; limit: number }>('analyst', 'GET', '/v1/cases?limit=1&sort=opened');
      assert.equal(page.total, 3);
      assert.equal(page.items.length, 1);
      assert.equal(page.items[0]!.id, salt.id);
      const byEmbargo = await ok<{ items: { id: string; embargoUntil: string | null }[] }>('analyst', 'GET', '/v1/cases?sort=embargo');
      assert.deepEqual(byEmbargo.items.map((c) => c.id), [salt.id, jinja.id, byEmbargo.items[2]!.id]);
      assert.equal(byEmbargo.items[2]!.embargoUntil, null, 'a case without an embargo comes last');
      const published = await ok<{ items: { id: string }[] }>('staff', 'GET', '/v1/cases?state=published');
      assert.deepEqual(published.items.map((c) => c.id), [jinja.id]);
      assert.equal((await ok<{ total: number }>('lab', 'GET', '/v1/cases')).total, 3, 'the reporter of all three');
      assert.equal((await ok<{ total: number }>('unrelated', 'GET', '/v1/cases')).total, 1);
      // Coordinators see each vendor's acknowledgement deadline in the list; a reader who is not one does not.
      type Acknowledgements = { items: { id: string; acknowledgements: { vendorName: string; due: string; acknowledgedAt: string | null }[] }[] };
      const listed = (await ok<Acknowledgements>('analyst', 'GET', '/v1/cases?limit=100')).items.find((c) => c.id === jinja.id)!;
      const deadlines = (await ok<CaseBody>('analyst', 'GET', `/v1/cases/${jinja.id}`)).participants.flatMap((p) => (p.vendor?.acknowledgementDue ? [[p.orgName, p.vendor.acknowledgementDue, p.vendor.acknowledgedAt]] : []));
      assert.ok(deadlines.some(([name]) => name === 'Pallets'));
      assert.deepEqual(listed.acknowledgements.map((a) => [a.vendorName, a.due, a.acknowledgedAt]).sort(), deadlines.sort());
      for (const item of (await ok<Acknowledgements>('lab', 'GET', '/v1/cases?limit=100')).items) assert.deepEqual(item.acknowledgements, [], 'the reporter sees no deadlines');
      await refused('analyst', 'GET', '/v1/cases?sort=title', undefined, 400);
      assert.equal((await call(undefined, 'GET', '/v1/cases')).statusCode, 401);
    });
  });
}
