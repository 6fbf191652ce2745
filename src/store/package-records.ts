import { sql, type RawBuilder } from 'kysely';
import type { OsvSeverity } from '../domain/osv/osv-record.js';
import type { Store } from './database.js';

/** One affected package a record names, as the record spells it. */
export interface RecordPackage {
  readonly vulnId: string;
  readonly ecosystem: string;
  readonly name: string;
  /** The whole `affected[]` entry, as JSON text: parsed only by a caller that wants this package. */
  readonly entry: string;
}

/** What a record says beside its affected entries that matching and grouping read. */
export interface RecordHead {
  readonly id: string;
  readonly modified: string;
  readonly withdrawn: string | null;
  readonly aliases: string[];
  readonly severity: OsvSeverity[];
}

interface RecordPackageRow {
  id: string;
  ecosystem: string | null;
  name: string | null;
  entry: string | null;
}

interface RecordHeadRow {
  id: string;
  modified: string;
  withdrawn: string | null;
  aliases: string | null;
  severity: string | null;
}

/**
 * The affected packages of the stored records, read out of the records' JSON by the database,
 * so a caller can keep what concerns a few packages without parsing every record in full.
 * No table maps packages to records, and names are compared after each ecosystem's own
 * normalization (see the versioning domain), so the store lists and the caller picks.
 */
export class PackageRecordRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * The `affected[]` entries that name a package, of every record, in record id order, a page of
   * records at a time (keyset pagination, constant memory). Records naming no package are read
   * but yield no entry.
   */
  async *packages(pageSize = 2000): AsyncGenerator<RecordPackage[]> {
    let after = '';
    for (;;) {
      const { rows } = await this.#page(after, pageSize).execute(this.#store.db);
      if (rows.length === 0) return;
      // Every record of the page gives at least one row (a LEFT JOIN), so the last row ends the page.
      after = rows[rows.length - 1]!.id;
      yield rows.flatMap((r) => (r.ecosystem !== null && r.name !== null && r.entry !== null ? [{ vulnId: r.id, ecosystem: r.ecosystem, name: r.name, entry: r.entry }] : []));
    }
  }

  /** The heads of the records with these ids (those stored), in no particular order. */
  async heads(ids: readonly string[]): Promise<RecordHead[]> {
    const out: RecordHead[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 1000) {
      const { rows } = await this.#heads(unique.slice(i, i + 1000)).execute(this.#store.db);
      for (const r of rows) {
        out.push({ id: r.id, modified: r.modified, withdrawn: r.withdrawn, aliases: parseList<string>(r.aliases), severity: parseList<OsvSeverity>(r.severity) });
      }
    }
    return out;
  }

  #page(after: string, pageSize: number): RawBuilder<RecordPackageRow> {
    if (this.#store.capabilities.dialect === 'sqlite') {
      return sql<RecordPackageRow>`
        WITH page AS (SELECT id, record FROM vulnerabilities WHERE id > ${after} ORDER BY id LIMIT ${pageSize})
        SELECT page.id AS id,
               json_extract(a.value, '$.package.ecosystem') AS ecosystem,
               json_extract(a.value, '$.package.name') AS name,
               a.value AS entry
        FROM page LEFT JOIN json_each(page.record, '$.affected') AS a ON true
        ORDER BY page.id`;
    }
    return sql<RecordPackageRow>`
      WITH page AS (SELECT id, record::jsonb AS doc FROM vulnerabilities WHERE id > ${after} ORDER BY id LIMIT ${pageSize})
      SELECT page.id AS id,
             a.value -> 'package' ->> 'ecosystem' AS ecosystem,
             a.value -> 'package' ->> 'name' AS name,
             a.value::text AS entry
      FROM page
      LEFT JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(page.doc -> 'affected') = 'array' THEN page.doc -> 'affected' ELSE '[]'::jsonb END
      ) AS a(value) ON true
      ORDER BY page.id`;
  }

  #heads(ids: readonly string[]): RawBuilder<RecordHeadRow> {
    const list = sql.join(ids.map((id) => sql`${id}`));
    if (this.#store.capabilities.dialect === 'sqlite') {
      return sql<RecordHeadRow>`
        SELECT id, modified, withdrawn, json_extract(record, '$.aliases') AS aliases, json_extract(record, '$.severity') AS severity
        FROM vulnerabilities WHERE id IN (${list})`;
    }
    return sql<RecordHeadRow>`
      SELECT id, modified, withdrawn, (record::jsonb -> 'aliases')::text AS aliases, (record::jsonb -> 'severity')::text AS severity
      FROM vulnerabilities WHERE id IN (${list})`;
  }
}

/** A JSON array column; absent or `null` in the record is an empty list. */
function parseList<T>(text: string | null): T[] {
  const value = text === null ? null : (JSON.parse(text) as T[] | null);
  return Array.isArray(value) ? value : [];
}
