import type { Store } from '../../store/database.js';

/** Remembers, per feed URL, the cursor after the last page written in full. */
export class FeedCursorStore {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The cursor to resume a feed from, if it was ever pulled. */
  async get(url: string): Promise<string | undefined> {
    const row = await this.#store.db.selectFrom('feed_cursors').select('cursor').where('url', '=', url).executeTakeFirst();
    return row?.cursor;
  }

  /** Records that everything up to `cursor` is written. */
  async put(url: string, cursor: string, syncedAt: Date): Promise<void> {
    const synced_at = syncedAt.toISOString();
    await this.#store.db
      .insertInto('feed_cursors')
      .values({ url, cursor, synced_at })
      .onConflict((oc) => oc.column('url').doUpdateSet({ cursor, synced_at }))
      .execute();
  }
}
