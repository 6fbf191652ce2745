import type { Selectable, Transaction } from 'kysely';
import type { Store } from './database.js';
import type { DatabaseSchema, RemediationEventTable, RemediationTable } from './schema.js';
import { OPEN_STATUSES } from '../domain/prioritization/remediation.js';

export type RemediationRow = Selectable<RemediationTable>;
export type RemediationEventRow = Selectable<RemediationEventTable>;

/** A remediation an exposure calls for: opened if new, its due date tightened if the new one is earlier. */
export interface WantedRemediation {
  readonly asset_id: string;
  readonly vuln_id: string;
  readonly timeline: string;
  readonly due_date: string | null;
}

type Db = Store['db'] | Transaction<DatabaseSchema>;

/** Remediations per (asset, vulnerability), their history, and operators' timeline policies. */
export class RemediationRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Each organization's tightened days per timeline. */
  async policiesOf(orgIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const policies = new Map<string, Map<string, number>>();
    if (orgIds.length === 0) return policies;
    const rows = await this.#store.db.selectFrom('remediation_policies').selectAll().where('org_id', 'in', [...new Set(orgIds)]).execute();
    for (const row of rows) {
      const days = policies.get(row.org_id) ?? new Map<string, number>();
      days.set(row.timeline, row.days);
      policies.set(row.org_id, days);
    }
    return policies;
  }

  async setPolicy(row: { org_id: string; timeline: string; days: number; updated_by: string; updated_at: string }): Promise<void> {
    await this.#store.db
      .insertInto('remediation_policies')
      .values(row)
      .onConflict((oc) => oc.columns(['org_id', 'timeline']).doUpdateSet({ days: row.days, updated_by: row.updated_by, updated_at: row.updated_at }))
      .execute();
  }

  /**
   * Opens the remediations exposures call for, inside the exposures' own transaction. An
   * existing one keeps its status and history, except that an earlier due date (new evidence,
   * such as a KEV listing) replaces a later one, and a remediated flaw that is exposed again
   * is reopened. Every change is an event by the system (changed_by null).
   */
  async open(tx: Transaction<DatabaseSchema>, wanted: readonly WantedRemediation[], now: string): Promise<void> {
    const unique = [...new Map(wanted.map((w) => [`${w.asset_id}\u0000${w.vuln_id}`, w])).values()];
    for (let i = 0; i < unique.length; i += 400) {
      const chunk = unique.slice(i, i + 400);
      const existing = new Map(
        (
          await tx
            .selectFrom('remediations')
            .selectAll()
            .where((eb) => eb.or(chunk.map((w) => eb.and([eb('asset_id', '=', w.asset_id), eb('vuln_id', '=', w.vuln_id)]))))
            .execute()
        ).map((r) => [`${r.asset_id}\u0000${r.vuln_id}`, r]),
      );
      const inserts: RemediationRow[] = [];
      const events: Omit<RemediationEventRow, 'id'>[] = [];
      for (const w of chunk) {
        const current = existing.get(`${w.asset_id}\u0000${w.vuln_id}`);
        const event = (field: string, oldValue: string | null, newValue: string | null, note: string) =>
          events.push({ asset_id: w.asset_id, vuln_id: w.vuln_id, changed_by: null, changed_at: now, field, old_value: oldValue, new_value: newValue, note });
        if (!current) {
          inserts.push({ ...w, status: 'open', opened_at: now, updated_at: now, updated_by: null, note: null });
          event('status', null, 'open', `found; BOD 26-04 timeline ${w.timeline}`);
          continue;
        }
        const set: Partial<RemediationRow> = {};
        if (w.due_date !== null && (current.due_date === null || w.due_date < current.due_date)) {
          set.due_date = w.due_date;
          set.timeline = w.timeline;
          event('due_date', current.due_date, w.due_date, `timeline now ${w.timeline}`);
        }
        if (current.status === 'remediated') {
          set.status = 'open';
          event('status', current.status, 'open', 'exposed again');
        }
        if (Object.keys(set).length > 0) {
          await tx.updateTable('remediations').set({ ...set, updated_at: now, updated_by: null }).where('asset_id', '=', w.asset_id).where('vuln_id', '=', w.vuln_id).execute();
        }
      }
      if (inserts.length > 0) await tx.insertInto('remediations').values(inserts).execute();
      await this.#insertEvents(tx, events);
    }
  }

  /** Marks an asset's open remediations whose flaw its new SBOM no longer has as remediated. */
  async closeGone(tx: Transaction<DatabaseSchema>, assetId: string, stillExposed: ReadonlySet<string>, now: string): Promise<void> {
    const open = await tx.selectFrom('remediations').select(['vuln_id', 'status']).where('asset_id', '=', assetId).where('status', 'in', [...OPEN_STATUSES]).execute();
    const gone = open.filter((r) => !stillExposed.has(r.vuln_id));
    for (let i = 0; i < gone.length; i += 500) {
      const chunk = gone.slice(i, i + 500);
      await tx.updateTable('remediations').set({ status: 'remediated', updated_at: now, updated_by: null }).where('asset_id', '=', assetId).where('vuln_id', 'in', chunk.map((r) => r.vuln_id)).execute();
      await this.#insertEvents(
        tx,
        chunk.map((r) => ({ asset_id: assetId, vuln_id: r.vuln_id, changed_by: null, changed_at: now, field: 'status', old_value: r.status, new_value: 'remediated', note: 'no longer in the current SBOM' })),
      );
    }
  }

  async get(assetId: string, vulnId: string, db: Db = this.#store.db): Promise<RemediationRow | undefined> {
    return db.selectFrom('remediations').selectAll().where('asset_id', '=', assetId).where('vuln_id', '=', vulnId).executeTakeFirst();
  }

  /** Applies a person's change and records each changed field, in one transaction. */
  async update(assetId: string, vulnId: string, change: { status?: string; due_date?: string; note?: string | null }, by: string, now: string): Promise<RemediationRow> {
    return this.#store.db.transaction().execute(async (tx) => {
      const current = await this.get(assetId, vulnId, tx);
      if (!current) throw new Error(`no remediation of ${vulnId} on ${assetId}`);
      const events: Omit<RemediationEventRow, 'id'>[] = [];
      const note = change.note ?? null;
      for (const field of ['status', 'due_date'] as const) {
        const value = change[field];
        if (value !== undefined && value !== current[field]) events.push({ asset_id: assetId, vuln_id: vulnId, changed_by: by, changed_at: now, field, old_value: current[field], new_value: value, note });
      }
      if (events.length === 0 && note !== null) events.push({ asset_id: assetId, vuln_id: vulnId, changed_by: by, changed_at: now, field: 'note', old_value: current.note, new_value: note, note });
      await tx
        .updateTable('remediations')
        .set({ ...(change.status === undefined ? {} : { status: change.status }), ...(change.due_date === undefined ? {} : { due_date: change.due_date }), ...(note === null ? {} : { note }), updated_at: now, updated_by: by })
        .where('asset_id', '=', assetId)
        .where('vuln_id', '=', vulnId)
        .execute();
      await this.#insertEvents(tx, events);
      return (await this.get(assetId, vulnId, tx))!;
    });
  }

  /** Every change, oldest first, with the e-mail of whoever made it (null: the system). */
  async history(assetId: string, vulnId: string): Promise<(RemediationEventRow & { changed_by_email: string | null })[]> {
    return this.#store.db
      .selectFrom('remediation_events')
      .leftJoin('users', 'users.id', 'remediation_events.changed_by')
      .selectAll('remediation_events')
      .select('users.email as changed_by_email')
      .where('remediation_events.asset_id', '=', assetId)
      .where('remediation_events.vuln_id', '=', vulnId)
      .orderBy('remediation_events.id')
      .execute();
  }

  async #insertEvents(tx: Transaction<DatabaseSchema>, events: readonly Omit<RemediationEventRow, 'id'>[]): Promise<void> {
    for (let i = 0; i < events.length; i += 500) await tx.insertInto('remediation_events').values(events.slice(i, i + 500)).execute();
  }
}
