import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './schema.js';

/**
 * What differs between the two stores, as capabilities rather than dialect checks
 * scattered through the code (as Kysely's adapters do).
 */
export interface StoreCapabilities {
  readonly dialect: 'sqlite' | 'postgres';
  /** Column type of an auto-generated, increasing integer key. */
  readonly serialKeyType: 'integer' | 'bigserial';
  /** Largest number of bound parameters one statement may carry. */
  readonly maxParameters: number;
}

/** An open store: the query builder, its capabilities, and how to close it. */
export interface Store {
  readonly db: Kysely<DatabaseSchema>;
  readonly capabilities: StoreCapabilities;
  /** A short description for logs, without credentials. */
  readonly description: string;
  close(): Promise<void>;
}

/** Default embedded database file. */
export const defaultDatabasePath = './var/clearinghouse.db';

/** True when the location names a PostgreSQL server. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store named by `location`: a postgres:// URL, or a SQLite file path
 * (its folder is created). Call `migrateToLatest` before use.
 */
export function openStore(location: string = defaultDatabasePath): Store {
  if (isPostgresUrl(location)) {
    // BIGINT comes back as a string by default; our counters fit in a double.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: location, max: 10 });
    // An idle connection the server ends (restart, failover, an admin's terminate) is dropped by
    // the pool and the next query opens a new one; unheard, its 'error' would end the process.
    pool.on('error', () => undefined);
    const url = new URL(location);
    return {
      db: new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) }),
      capabilities: { dialect: 'postgres', serialKeyType: 'bigserial', maxParameters: 30000 },
      description: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: async () => {
        await pool.end();
      },
    };
  }
  const path = location === ':memory:' ? location : resolve(location);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  // WAL keeps readers unblocked during imports; NORMAL sync in WAL mode loses nothing
  // committed when the process is killed (only an OS crash could drop the last commits).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    capabilities: { dialect: 'sqlite', serialKeyType: 'integer', maxParameters: 32000 },
    description: `sqlite:${path}`,
    close: async () => {
      await db.destroy();
    },
  };
}
