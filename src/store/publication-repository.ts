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

  /** Every publication, latest release first (the ROLIE feed). */
  async all(): Promise<PublicationRow[]> {
    return this.#store.db.selectFrom('publications').selectAll().orderBy('current_release', 'desc').orderBy('case_id').execute();
  }
}
