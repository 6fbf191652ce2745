import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../domain/access/access-policy.js';
import { addDays } from '../../domain/coordination/embargo-policy.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { readJsonLines, sharedDataPath } from '../../testing/shared-data.js';
import { createTestStore, testDialects, type TestStore } from '../../testing/test-stores.js';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import type { SentReminder } from './case-reminders.js';

/** A real PyPA advisory (shared data): Jinja2's str.format_map sandbox escape. */
let advisory: OsvRecord | undefined;
for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', 'pypi.jsonl.gz'))) if (record.id === 'PYSEC-2019-217') advisory = record;

const MINUTE = 60_000;

for (const dialect of testDialects) {
  describe(`case reminders on ${dialect}`, () => {
    let store: TestStore;
    let ch: Clearinghouse;
    const principals: Record<string, Principal> = {};
    const orgIds: Record<string, string> = {};
    let caseId: string;
    let notifiedAt: Date;
    const pass = async (at: Date) => (await ch.coordination.reminders.sendDueReminders(at)).map((r: SentReminder) => `${r.deadline} ${r.offset}${r.overdue ? ' overdue' : ''} → ${r.orgIds.map((id) => Object.keys(orgIds).find((k) => orgIds[k] === id)).sort().join(', ')}`);

    before(async () => {
      assert.ok(advisory, 'the shared PyPA advisory is there');
      store = await createTestStore(dialect);
      ch = await openClearinghouse({ db: store.location, loadIndex: false, allowPrivateTargets: true });
      for (const [name, type] of [['Clearinghouse', 'clearinghouse'], ['Frontier Lab', 'lab'], ['Pallets', 'vendor']] as const) orgIds[name] = (await ch.accounts.createOrganization({ name, type })).id;
      for (const [who, org, role] of [['analyst', 'Clearinghouse', 'admin'], ['lab', 'Frontier Lab', 'admin'], ['pallets', 'Pallets', 'admin']] as const) {
        await ch.accounts.createUser({ orgName: org, email: `${who}@example.org`, role, password: 'correct horse battery' });
        principals[who] = (await ch.accounts.principalOfToken((await ch.accounts.createToken({ email: `${who}@example.org`, name: 'test', scopes: ['admin'] })).secret))!;
      }
      await ch.subscriptions.create(principals.pallets, orgIds.Pallets!, { kind: 'email', target: 'pallets@example.org', minPriority: 'immediate' });
      await ch.subscriptions.create(principals.analyst, orgIds.Clearinghouse!, { kind: 'webhook', target: 'http://127.0.0.1:9/coordinators', minPriority: 'immediate' });
      await ch.coordination.timeZones.set(principals.pallets, 'Asia/Tokyo');
      const { clusterId } = await ch.intake.submit(principals.lab, { document: JSON.stringify(advisory), format: 'osv', source: { kind: 'model', model: 'frontier-1' } });
      caseId = (await ch.coordination.cases.open(principals.analyst, clusterId)).id;
      await ch.coordination.cases.addParticipant(principals.analyst, caseId, { orgId: orgIds.Pallets!, role: 'vendor' });
      const notified = await ch.coordination.cases.changeState(principals.analyst, caseId, { state: 'vendor_notified' });
      notifiedAt = new Date(notified.vendorNotifiedAt!);
    });
    after(async () => {
      await ch.close();
      await store.dispose();
    });

    it('reminds the vendor a week and a day before its acknowledgement date, once each, and the coordinators too when it is overdue', async () => {
      const due = addDays(notifiedAt, 7);
      assert.deepEqual(await pass(new Date(notifiedAt.getTime() + MINUTE)), ['acknowledgement week_before → Pallets']);
      assert.deepEqual(await pass(new Date(notifiedAt.getTime() + MINUTE)), [], 'sent once');
      assert.deepEqual(await pass(addDays(due, -1)), ['acknowledgement day_before → Pallets']);
      assert.deepEqual(await pass(addDays(due, -1)), []);
      assert.deepEqual(await pass(due), ['acknowledgement on_date overdue → Clearinghouse, Pallets']);
      assert.deepEqual(await pass(addDays(due, 3)), []);

      const rows = await ch.store.db.selectFrom('outbox').select(['org_id', 'payload']).where('event_type', '=', 'case.reminder').orderBy('id').execute();
      assert.equal(rows.filter((r) => r.org_id === orgIds.Pallets).length, 3);
      assert.equal(rows.filter((r) => r.org_id === orgIds.Clearinghouse).length, 1);
      const last = JSON.parse(rows.filter((r) => r.org_id === orgIds.Pallets).at(-1)!.payload) as { reminder: { overdue: boolean }; mail: { subject: string; text: string } };
      assert.equal(last.reminder.overdue, true);
      assert.match(last.mail.subject, new RegExp(`\\[${caseId}\\] Reminder: acknowledgement overdue`));
      const deliveries = await ch.store.db.selectFrom('deliveries').innerJoin('outbox', 'outbox.id', 'deliveries.outbox_id').select('deliveries.status').where('outbox.event_type', '=', 'case.reminder').execute();
      assert.equal(deliveries.length, 4, 'one delivery per reminder and subscription');
      const history = (await ch.coordination.cases.get(principals.analyst, caseId)).history.filter((e) => e.kind === 'reminder_sent');
      assert.equal(history.length, 3);
      assert.equal((await ch.coordination.cases.get(principals.lab, caseId)).history.filter((e) => e.kind === 'reminder_sent').length, 0, "a vendor's reminders are not the reporter's business");
    });

    it('reminds everyone taking part before the embargo ends, and again for a new date after an extension', async () => {
      await ch.coordination.vendors.acknowledge(principals.pallets, caseId);
      const view = await ch.coordination.cases.get(principals.analyst, caseId);
      const embargo = new Date(view.embargoUntil!);
      assert.deepEqual(await pass(addDays(embargo, -7)), ['embargo_end week_before → Clearinghouse, Frontier Lab, Pallets']);
      assert.deepEqual(await pass(addDays(embargo, -7)), []);

      const until = addDays(embargo, 14);
      await ch.coordination.cases.extendEmbargo(principals.analyst, caseId, { until: until.toISOString(), reason: 'the fix needs a new release branch' });
      assert.deepEqual(await pass(addDays(embargo, -1)), [], 'the old date is no longer reminded of');
      assert.deepEqual(await pass(addDays(until, -7)), ['embargo_end week_before → Clearinghouse, Frontier Lab, Pallets']);
      assert.deepEqual(await pass(until), ['embargo_end on_date → Clearinghouse, Frontier Lab, Pallets']);
      assert.deepEqual(await pass(addDays(until, 1)), []);
    });

    it('writes the e-mail in the time zone of the person it goes to', async () => {
      const rows = await ch.store.db.selectFrom('outbox').select('payload').where('event_type', '=', 'case.reminder').where('org_id', '=', orgIds.Pallets!).orderBy('id').execute();
      const text = (JSON.parse(rows.at(-1)!.payload) as { mail: { text: string } }).mail.text;
      assert.match(text, /GMT\+9/, text);
      assert.match(text, /Dates are in Asia\/Tokyo/);
    });
  });
}
