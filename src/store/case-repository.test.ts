import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decide, type Principal } from '../domain/access/access-policy.js';
import { TLP_LABELS, type Tlp } from '../domain/access/tlp.js';
import { createTestStore, testDialects, type TestStore } from '../testing/test-stores.js';
import { CaseRepository, type CaseRow } from './case-repository.js';
import { CveIdRepository } from './cve-id-repository.js';
import { openStore, type Store } from './database.js';
import { migrateToLatest } from './migrate.js';
import { TimeZoneRepository } from './time-zone-repository.js';
import { visibleTo } from './visibility.js';

for (const dialect of testDialects) {
  describe(`case repository on ${dialect}`, () => {
    let location: TestStore;
    let store: Store;
    let cases: CaseRepository;
    const at = new Date().toISOString();
    const org = { clearinghouse: randomUUID(), vendor: randomUUID(), reporter: randomUUID() };
    const user = { coordinator: randomUUID(), vendor: randomUUID(), vendorColleague: randomUUID(), reporter: randomUUID() };
    const clusterIds: string[] = [];

    const caseRow = (id: string, clusterId: string): CaseRow => ({
      id,
      cluster_id: clusterId,
      owner_org_id: org.clearinghouse,
      tlp: 'AMBER',
      title: 'Sandbox escape',
      state: 'triage',
      duplicate_of: null,
      exploited: 0,
      exploited_reason: null,
      ai_enabled_crime: 0,
      ai_enabled_crime_reason: null,
      vendor_notified_at: null,
      embargo_until: null,
      cve_id: null,
      cve_assigned_by: null,
      published_at: null,
      opened_by: user.coordinator,
      opened_at: at,
      updated_at: at,
    });

    before(async () => {
      location = await createTestStore(dialect);
      store = openStore(location.location);
      await migrateToLatest(store);
      cases = new CaseRepository(store);
      await store.db
        .insertInto('organizations')
        .values([
          { id: org.clearinghouse, name: 'Clearinghouse', type: 'clearinghouse', sector: null, created_at: at },
          { id: org.vendor, name: 'Pallets', type: 'vendor', sector: null, created_at: at },
          { id: org.reporter, name: 'Frontier Lab', type: 'lab', sector: null, created_at: at },
        ])
        .execute();
      const person = (id: string, orgId: string, email: string) => ({ id, org_id: orgId, email, display_name: email, role: 'member', password_hash: null, created_at: at, disabled_at: null });
      await store.db
        .insertInto('users')
        .values([
          person(user.coordinator, org.clearinghouse, 'c@ch.example'),
          person(user.vendor, org.vendor, 'v@pallets.example'),
          person(user.vendorColleague, org.vendor, 'w@pallets.example'),
          person(user.reporter, org.reporter, 'r@lab.example'),
        ])
        .execute();
      const reportId = randomUUID();
      await store.db
        .insertInto('reports')
        .values({ id: reportId, owner_org_id: org.reporter, tlp: 'AMBER', format: 'report', title: 't', source_kind: 'person', source_name: 'r', source_detail: null, document_sha256: '0'.repeat(64), document: '{}', idempotency_key: null, submitted_by: user.reporter, submitted_at: at, validation_status: 'unvalidated' })
        .execute();
      for (let i = 0; i < 12; i++) {
        const clusterId = randomUUID();
        const findingId = randomUUID();
        await store.db.insertInto('clusters').values({ id: clusterId, canonical_finding_id: findingId, merged_into: null, created_at: at, updated_at: at }).execute();
        await store.db
          .insertInto('findings')
          .values({ id: findingId, report_id: reportId, ordinal: i, title: 't', body: '{}', subject: '{}', cluster_id: clusterId, link_rule: null, link_score: null, link_detail: null, linked_via: null, linked_by: null, link_alternatives: null, linked_at: at })
          .execute();
        clusterIds.push(clusterId);
      }
    });
    after(async () => {
      await store.close();
      await location.dispose();
    });

    it('numbers cases per year without two openings at once sharing a number', async () => {
      const numbers = await Promise.all(clusterIds.slice(0, 8).map(() => cases.transaction((w) => w.nextCaseNumber(2026))));
      assert.deepEqual([...numbers].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
      assert.equal(await cases.transaction((w) => w.nextCaseNumber(2027)), 1, 'a new year starts again at 1');
    });

    it('keeps one case per cluster', async () => {
      await cases.transaction((w) => w.insertCase(caseRow('CH-2026-0001', clusterIds[0]!)));
      await assert.rejects(cases.transaction((w) => w.insertCase(caseRow('CH-2026-0002', clusterIds[0]!))));
      assert.equal((await cases.caseOfCluster(clusterIds[0]!))?.id, 'CH-2026-0001');
    });

    it("reads case messages by the same rule as the access policy, each TLP on its own", async () => {
      await cases.transaction(async (w) => {
        await w.shareCase('CH-2026-0001', org.reporter);
        await w.shareCase('CH-2026-0001', org.vendor);
        for (const tlp of TLP_LABELS) {
          await w.insertMessage(
            { id: `m-${tlp}`, case_id: 'CH-2026-0001', owner_org_id: org.clearinghouse, tlp, author_user_id: user.coordinator, body: tlp, created_at: at },
            { orgIds: tlp === 'AMBER' ? [org.clearinghouse, org.reporter, org.vendor] : [], userIds: tlp === 'RED' ? [user.coordinator, user.vendor] : [] },
          );
        }
      });
      const readers: Record<string, Principal> = {
        coordinator: { userId: user.coordinator, orgId: org.clearinghouse, role: 'analyst' },
        vendor: { userId: user.vendor, orgId: org.vendor, role: 'member' },
        vendorColleague: { userId: user.vendorColleague, orgId: org.vendor, role: 'member' },
        reporter: { userId: user.reporter, orgId: org.reporter, role: 'member' },
      };
      const expected: Record<string, Tlp[]> = {
        coordinator: ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'],
        vendor: ['CLEAR', 'GREEN', 'AMBER', 'RED'],
        vendorColleague: ['CLEAR', 'GREEN', 'AMBER'],
        reporter: ['CLEAR', 'GREEN', 'AMBER'],
      };
      for (const [name, principal] of Object.entries(readers)) {
        const listed = (await cases.messages('CH-2026-0001', visibleTo('case_messages', principal), { offset: 0, limit: 10 })).items.map((m) => m.tlp);
        const decided = TLP_LABELS.filter(
          (tlp) =>
            decide(principal, 'read', {
              ownerOrgId: org.clearinghouse,
              tlp,
              sharedWithOrgIds: tlp === 'AMBER' ? [org.reporter, org.vendor] : [],
              recipientUserIds: tlp === 'RED' ? [user.coordinator, user.vendor] : [],
            }).allowed,
        );
        assert.deepEqual([...listed].sort(), [...decided].sort(), name);
        assert.deepEqual([...listed].sort(), [...expected[name]!].sort(), name);
      }
    });

    it('shares the AMBER thread with an organization that joins later', async () => {
      const late = randomUUID();
      await store.db.insertInto('organizations').values({ id: late, name: 'Late Vendor', type: 'vendor', sector: null, created_at: at }).execute();
      await cases.transaction((w) => w.shareCase('CH-2026-0001', late));
      const listed = await cases.messages('CH-2026-0001', visibleTo('case_messages', { userId: randomUUID(), orgId: late, role: 'member' }), { offset: 0, limit: 10 });
      assert.deepEqual(listed.items.map((m) => m.tlp).sort(), ['AMBER', 'CLEAR', 'GREEN']);
    });

    it('hands out CVE ids of the block in numeric order, each to one case', async () => {
      const cveIds = new CveIdRepository(store);
      const ids = ['CVE-2026-10000', 'CVE-2025-50000', 'CVE-2026-9999', 'CVE-2026-100000'].map((cveId) => ({ cveId, year: Number(cveId.slice(4, 8)), sequence: Number(cveId.slice(9)) }));
      assert.deepEqual(await cveIds.load(ids, 'test', at), { loaded: 4, alreadyLoaded: 0 });
      for (let i = 1; i <= 4; i++) await cases.transaction((w) => w.insertCase(caseRow(`CH-2026-${String(i + 1).padStart(4, '0')}`, clusterIds[i]!)));
      const reserve = (i: number) => cases.transaction((w) => cveIds.reserve(w.transaction, `CH-2026-${String(i + 1).padStart(4, '0')}`, at));
      assert.equal((await reserve(1))?.cve_id, 'CVE-2025-50000');
      assert.equal((await reserve(2))?.cve_id, 'CVE-2026-9999', 'by number, not by text');
      const together = await Promise.all([reserve(3), reserve(4)]);
      assert.deepEqual(together.map((r) => r?.cve_id).sort(), ['CVE-2026-10000', 'CVE-2026-100000']);
      assert.equal((await cveIds.ofCase('CH-2026-0002'))?.state, 'reserved');
      assert.equal(await cases.transaction((w) => cveIds.reserve(w.transaction, 'CH-2026-0001', at)), undefined, 'the block is used up');
      assert.equal(await cases.transaction((w) => cveIds.assign(w.transaction, 'CH-2026-0002', at)), true);
      assert.equal(await cases.transaction((w) => cveIds.publishForCase(w.transaction, 'CH-2026-0002', at)), true);
      assert.equal(await cases.transaction((w) => cveIds.publishForCase(w.transaction, 'CH-2026-0002', at)), false, 'published once');
      assert.equal((await cveIds.list({ offset: 0, limit: 10 })).counts.published, 1);
    });

    it("keeps each user's time zone beside rows written without it", async () => {
      const zones = new TimeZoneRepository(store);
      assert.equal(await zones.zoneOf(user.vendor), null);
      await zones.setZone(user.vendor, 'Europe/Berlin');
      assert.equal(await zones.zoneOf(user.vendor), 'Europe/Berlin');
      assert.equal(await zones.zoneOf(user.vendorColleague), null);
    });
  });
}
