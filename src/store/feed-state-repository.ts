import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { FeedStateTable } from './schema.js';

/** Conditional-request state of one feed URL. */
export type FeedState = Selectable<FeedStateTable>;

/** Remembers each feed's ETag and Last-Modified so a sync downloads only what changed. */
export class FeedStateRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The state recorded for a URL, if any. */
  async get(url: string): Promise<FeedState | undefined> {
    return this.#store.db.selectFrom('feed_state').selectAll().where('url', '=', url).executeTakeFirst();
  }

  /** Records a successful fetch. */
  async put(state: FeedState): Promise<void> {
    await this.#store.db
      .insertInto('feed_state')
      .values(state)
      .onConflict((oc) =>
        oc.column('url').doUpdateSet({ etag: state.etag, last_modified: state.last_modified, fetched_at: state.fetched_at }),
      )
      .execute();
  }
}
