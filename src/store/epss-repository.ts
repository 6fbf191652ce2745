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

  /** Upserts scores in one transaction; says how many were new, changed or the same. */
  async upsert(rows: readonly EpssScoreRow[]): Promise<{ added: number; updated: number; unchanged: number }> {
    return this.#store.db.transaction().execute(async (tx) => {
      const counts = { added: 0, updated: 0, unchanged: 0 };
      for (let i = 0; i < rows.length; i += 5000) {
        const chunk = rows.slice(i, i + 5000);
        const existing = new Map(
          (await tx.selectFrom('epss_scores').selectAll().where('cve_id', 'in', chunk.map((r) => r.cve_id)).execute()).map((r) => [r.cve_id, r]),
        );
        const writes = chunk.filter((row) => {
          const old = existing.get(row.cve_id);
          if (!old) counts.added++;
          else if (old.epss === row.epss && old.percentile === row.percentile && old.score_date === row.score_date && old.model_version === row.model_version) {
            counts.unchanged++;
            return false;
          } else counts.updated++;
          return true;
        });
        if (writes.length === 0) continue;
        await tx
          .insertInto('epss_scores')
          .values(writes)
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
      return counts;
    });
  }

  /** Scores for any of the given CVE ids. */
  async forCves(cveIds: readonly string[]): Promise<EpssScoreRow[]> {
    const ids = [...new Set(cveIds)].filter((id) => id.startsWith('CVE-'));
    if (ids.length === 0) return [];
    return this.#store.db.selectFrom('epss_scores').selectAll().where('cve_id', 'in', ids).execute();
  }
}
