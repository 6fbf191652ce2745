import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { ApiTokenTable, OrganizationTable, UserTable } from './schema.js';

export type OrganizationRow = Selectable<OrganizationTable>;
export type UserRow = Selectable<UserTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;

/** Organizations, users, sessions and API tokens. */
export class AccountRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async insertOrganization(row: OrganizationRow): Promise<void> {
    await this.#store.db.insertInto('organizations').values(row).execute();
  }

  async organizationByName(name: string): Promise<OrganizationRow | undefined> {
    return this.#store.db.selectFrom('organizations').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async organizationById(id: string): Promise<OrganizationRow | undefined> {
    return this.#store.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listOrganizations(): Promise<OrganizationRow[]> {
    return this.#store.db.selectFrom('organizations').selectAll().orderBy('name').execute();
  }

  async insertUser(row: UserRow): Promise<void> {
    await this.#store.db.insertInto('users').values(row).execute();
  }

  async userByEmail(email: string): Promise<UserRow | undefined> {
    return this.#store.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async userById(id: string): Promise<UserRow | undefined> {
    return this.#store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertSession(tokenHash: string, userId: string, createdAt: string, expiresAt: string): Promise<void> {
    await this.#store.db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, created_at: createdAt, expires_at: expiresAt }).execute();
  }

  /** The user of a live session (not expired, user not disabled). */
  async userOfSession(tokenHash: string, now: string): Promise<UserRow | undefined> {
    return this.#store.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.#store.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async insertToken(row: ApiTokenRow): Promise<void> {
    await this.#store.db.insertInto('api_tokens').values(row).execute();
  }

  /** A live token (not revoked, not expired) and its user, who must not be disabled. */
  async tokenByHash(tokenHash: string, now: string): Promise<{ token: ApiTokenRow; user: UserRow } | undefined> {
    const token = await this.#store.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    if (!token) return undefined;
    const user = await this.#store.db.selectFrom('users').selectAll().where('id', '=', token.user_id).where('disabled_at', 'is', null).executeTakeFirst();
    return user ? { token, user } : undefined;
  }

  async tokensOfUser(userId: string): Promise<ApiTokenRow[]> {
    return this.#store.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  }

  /** Revokes a token; false when there is no such live token of that user. */
  async revokeToken(id: string, userId: string, at: string): Promise<boolean> {
    const result = await this.#store.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
