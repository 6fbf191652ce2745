import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { EpssScoreTable } from './schema.js';

/** A stored EPSS score. */
export type EpssScoreRow = Selectable<EpssScoreTable>;

/** Stores EPSS scores; a newer file replaces each CVE's score. */
export class EpssRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Upserts scores in one transaction. */
  async upsert(rows: readonly EpssScoreRow[]): Promise<void> {
    await this.#store.db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += 5000) {
        await tx
          .insertInto('epss_scores')
          .values(rows.slice(i, i + 5000))
          .onConflict((oc) =>
            oc.column('cve_id').doUpdateSet((eb) => ({
              epss: eb.ref('excluded.epss'),
              percentile: eb.ref('excluded.percentile'),
              score_date: eb.ref('excluded.score_date'),
              model_version: eb.ref('excluded.model_version'),
            })),
          )
          .execute();
      }
    });
  }

  /** Scores for any of the given CVE ids. */
  async forCves(cveIds: readonly string[]): Promise<EpssScoreRow[]> {
    const ids = [...new Set(cveIds)].filter((id) => id.startsWith('CVE-'));
    if (ids.length === 0) return [];
    return this.#store.db.selectFrom('epss_scores').selectAll().where('cve_id', 'in', ids).execute();
  }
}
