import type { Kysely } from 'kysely';
import type { Store } from './database.js';
import type { DatabaseSchema } from './schema.js';

/**
 * A user's IANA time zone, a column of `users` added by 0010. It is declared here rather than
 * in UserTable so that code writing whole user rows (accounts) need not name it; queries that
 * read or write it see it through {@link withTimeZones}.
 */
interface UserTimeZoneColumn {
  time_zone: string | null;
}

/** The store's query builder with `users.time_zone` visible. */
export function withTimeZones(db: Kysely<DatabaseSchema>) {
  return db.withTables<{ users: UserTimeZoneColumn }>();
}

/** Each user's time zone, in which dates are shown to them. */
export class TimeZoneRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The user's zone; null when they have set none (dates are then shown in UTC). */
  async zoneOf(userId: string): Promise<string | null> {
    const row = await withTimeZones(this.#store.db).selectFrom('users').select('users.time_zone').where('users.id', '=', userId).executeTakeFirst();
    return row?.time_zone ?? null;
  }

  async setZone(userId: string, timeZone: string | null): Promise<void> {
    await withTimeZones(this.#store.db).updateTable('users').set({ time_zone: timeZone }).where('users.id', '=', userId).execute();
  }
}
