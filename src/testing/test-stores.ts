import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A fresh, empty store location for one test, and how to throw it away. */
export interface TestStore {
  readonly dialect: 'sqlite' | 'postgres';
  readonly location: string;
  dispose(): Promise<void>;
}

/**
 * The stores every store test runs on: SQLite always, PostgreSQL at
 * CLEARINGHOUSE_TEST_PG (an admin URL; scripts/test.sh starts the server). Without it
 * the PostgreSQL half fails loudly rather than being skipped.
 */
export const testDialects = ['sqlite', 'postgres'] as const;

/** Creates an empty store of a dialect: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestStore(dialect: 'sqlite' | 'postgres'): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ch-test-'));
    return { dialect, location: join(dir, 'test.db'), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.CLEARINGHOUSE_TEST_PG;
  if (!admin) throw new Error('CLEARINGHOUSE_TEST_PG is not set: run the tests with scripts/test.sh, which starts PostgreSQL');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    dialect,
    location: url.toString(),
    dispose: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
