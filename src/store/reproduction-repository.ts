import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Store } from './database.js';
import type { DatabaseSchema, ReproductionTable, ReproductionTargetTable } from './schema.js';

export type ReproductionRow = Selectable<ReproductionTable>;
export type ReproductionTargetRow = Selectable<ReproductionTargetTable>;

/** What a finished run writes; the report's validation status follows it. */
export interface ReproductionOutcome {
  readonly status: 'reproduced' | 'not_reproduced' | 'invalid' | 'failed';
  readonly detail: string;
  readonly signature: string | null;
  readonly run: string | null;
  readonly finishedAt: string;
}

/** Target builds, and reproduction runs as `clearinghouse validate` workers lease them. */
export class ReproductionRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async addTarget(target: Insertable<ReproductionTargetTable>): Promise<void> {
    await this.#store.db.insertInto('reproduction_targets').values(target).execute();
  }

  async targets(): Promise<ReproductionTargetRow[]> {
    return this.#store.db.selectFrom('reproduction_targets').selectAll().orderBy('name').execute();
  }

  async target(idOrName: string): Promise<ReproductionTargetRow | undefined> {
    return this.#store.db
      .selectFrom('reproduction_targets')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
  }

  async enqueue(run: Insertable<ReproductionTable>): Promise<void> {
    await this.#store.db.insertInto('reproductions').values(run).execute();
  }

  async ofReport(reportId: string): Promise<ReproductionRow[]> {
    return this.#store.db.selectFrom('reproductions').selectAll().where('report_id', '=', reportId).orderBy('requested_at').orderBy('id').execute();
  }

  async attachmentContent(sha256: string): Promise<Uint8Array | undefined> {
    const row = await this.#store.db.selectFrom('attachments').select('content').where('sha256', '=', sha256).executeTakeFirst();
    return row?.content;
  }

  /**
   * Leases the oldest queued run (or one whose worker's lease ran out) until `leaseUntil`.
   * PostgreSQL picks it with FOR UPDATE SKIP LOCKED so workers take different runs; SQLite's
   * single UPDATE is its own transaction, so no other worker takes the row in between.
   */
  async claimNext(now: Date, leaseUntil: Date): Promise<ReproductionRow | undefined> {
    const at = now.toISOString();
    const next = (db: Kysely<DatabaseSchema>) =>
      db
        .selectFrom('reproductions')
        .select('id')
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<=', at)])]))
        .orderBy('requested_at')
        .orderBy('id')
        .limit(1);
    const lease = { status: 'running', lease_until: leaseUntil.toISOString() };
    let id: string | undefined;
    if (this.#store.capabilities.dialect === 'postgres') {
      id = await this.#store.db.transaction().execute(async (tx) => {
        const row = await next(tx).forUpdate().skipLocked().executeTakeFirst();
        if (row) await tx.updateTable('reproductions').set(lease).where('id', '=', row.id).execute();
        return row?.id;
      });
    } else {
      id = (await this.#store.db.updateTable('reproductions').set(lease).where('id', 'in', next(this.#store.db)).returning('id').executeTakeFirst())?.id;
    }
    return id === undefined ? undefined : this.#store.db.selectFrom('reproductions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Records a run's end and, in the same transaction, the report's validation status: a
   * reproduction anywhere makes the report reproduced; otherwise its latest finished run says.
   * A sandbox failure (`failed`) says nothing about the report and leaves its status alone.
   */
  async finish(id: string, reportId: string, outcome: ReproductionOutcome): Promise<void> {
    await this.#store.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('reproductions')
        .set({ status: outcome.status, detail: outcome.detail, signature: outcome.signature, run: outcome.run, finished_at: outcome.finishedAt, lease_until: null })
        .where('id', '=', id)
        .execute();
      if (outcome.status === 'failed') return;
      const reproduced = await tx.selectFrom('reproductions').select('id').where('report_id', '=', reportId).where('status', '=', 'reproduced').executeTakeFirst();
      await tx
        .updateTable('reports')
        .set({ validation_status: reproduced ? 'reproduced' : outcome.status })
        .where('id', '=', reportId)
        .execute();
    });
  }
}
