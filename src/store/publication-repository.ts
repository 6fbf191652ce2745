import type { Insertable, Selectable } from 'kysely';
import type { Store } from './database.js';
import type { PublicationTable } from './schema.js';

export type PublicationRow = Selectable<PublicationTable>;

/** Published documents, as the CSAF provider and the case pages serve them. */
export class PublicationRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Stores a case's documents, replacing an earlier publication of the same case. */
  async save(publication: Insertable<PublicationTable>): Promise<void> {
    const { case_id: _caseId, ...documents } = publication;
    await this.#store.db
      .insertInto('publications')
      .values(publication)
      .onConflict((oc) => oc.column('case_id').doUpdateSet(documents))
      .execute();
  }

  async ofCase(caseId: string): Promise<PublicationRow | undefined> {
    return this.#store.db.selectFrom('publications').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  }

  async atCsafPath(path: string): Promise<PublicationRow | undefined> {
    return this.#store.db.selectFrom('publications').selectAll().where('csaf_path', '=', path).executeTakeFirst();
  }

  /** Every publication without its documents, latest release first (the ROLIE feed); `limit` for the latest only. */
  async listed(limit?: number): Promise<Omit<PublicationRow, 'osv' | 'cve' | 'csaf'>[]> {
    return this.#store.db
      .selectFrom('publications')
      .select(['case_id', 'tracking_id', 'title', 'osv_id', 'cve_id', 'csaf_path', 'initial_release', 'current_release'])
      .orderBy('current_release', 'desc')
      .orderBy('case_id')
      .$if(limit !== undefined, (q) => q.limit(limit!))
      .execute();
  }
}
