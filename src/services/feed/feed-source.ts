import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../../store/database.js';
import type { FeedEpssScore, FeedKevEntry } from './feed-page.js';

/** How far the change log may be served for one request. */
export interface ChangeHorizon {
  /** Every change at or below this sequence number is committed or will never appear. */
  readonly horizon: number;
  /** The highest sequence number handed out so far. */
  readonly latest: number;
  /** True when the horizon was cut short only to bound the work, not because of a change in flight. */
  readonly bounded: boolean;
}

/** A changed record at its newest change. */
export interface ChangedRecord {
  readonly seq: number;
  readonly id: string;
  /** The record as stored, JSON text. */
  readonly record: string;
}

/** A page's worth of changed records. */
export interface ChangedRecords {
  readonly records: readonly ChangedRecord[];
  /** Every change up to here is covered by these records or by a later change of the same record. */
  readonly through: number;
  readonly more: boolean;
}

/** At most this many sequence numbers are checked for gaps in one request while writers are busy. */
const gapScanWindow = 50_000;
const epssReadChunk = 20_000;

/** The feed's reads from the server's store: the change log, the records, KEV and EPSS. */
export class FeedSource {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * How far the change log can be served without skipping a change that is yet to commit.
   *
   * SQLite has one writer at a time, and a sequence number is taken inside the write
   * transaction, so changes commit in sequence order: the newest visible one is safe.
   *
   * PostgreSQL hands out sequence numbers at insert time and concurrent writers commit in
   * any order, so change 12 can be visible while 11 is still in flight; serving up to 12
   * would move the client past 11 forever. A settle window (serve only changes older than
   * N seconds) would need a timestamp the log does not keep and still fails on a slow
   * transaction, so instead the cursor never passes a number that might still appear:
   * - the last number handed out is read first; then, if no other session holds a write
   *   lock on the change log, every transaction that took a number up to it has ended
   *   (a writer takes the lock before its number and keeps it until it commits or rolls
   *   back), so everything up to it is final;
   * - otherwise only the unbroken run of visible numbers after the cursor is served: a gap
   *   may be a change in flight. A gap left by a rollback is passed at the next quiet moment.
   */
  async changeHorizon(after: number): Promise<ChangeHorizon> {
    const db = this.#store.db;
    if (this.#store.capabilities.dialect === 'sqlite') {
      const row = await db.selectFrom('vulnerability_changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      const latest = Number(row?.seq ?? 0);
      return { horizon: latest, latest, bounded: false };
    }
    const handedOut = await sql<{ latest: number | null }>`
      select pg_sequence_last_value(pg_get_serial_sequence('vulnerability_changes', 'seq')::regclass) as latest`.execute(db);
    const latest = Number(handedOut.rows[0]?.latest ?? 0);
    const writers = await sql<{ busy: boolean }>`
      select exists (
        select 1 from pg_locks
        where locktype = 'relation'
          and database = (select oid from pg_database where datname = current_database())
          and relation = 'vulnerability_changes'::regclass
          and pid is distinct from pg_backend_pid()
          and mode in ('RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
      ) as busy`.execute(db);
    if (!writers.rows[0]?.busy) return { horizon: latest, latest, bounded: false };
    const cap = Math.min(latest, after + gapScanWindow);
    const first = await db.selectFrom('vulnerability_changes').select('seq').where('seq', '=', after + 1).executeTakeFirst();
    if (!first || cap <= after) return { horizon: after, latest, bounded: false };
    const runEnd = await db
      .selectFrom('vulnerability_changes as c')
      .select((eb) => eb.fn.min('c.seq').as('seq'))
      .where('c.seq', '>', after)
      .where('c.seq', '<=', cap)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('vulnerability_changes as n').select('n.seq').where('n.seq', '=', sql<number>`c.seq + 1`))))
      .executeTakeFirst();
    const end = runEnd?.seq === null || runEnd?.seq === undefined ? cap : Number(runEnd.seq);
    return { horizon: end, latest, bounded: end === cap && cap < latest };
  }

  /**
   * Records changed in (after, horizon], each once at its newest change in that range,
   * oldest first, at most `limit`; `through` is the change the page reaches and `more`
   * says whether changes remain after it. A record changed again later is left to the page
   * that reaches that later change, so no record is lost and none repeats within the range.
   */
  async changedRecords(after: number, horizon: number, limit: number): Promise<ChangedRecords> {
    const db = this.#store.db;
    const changes = await db
      .selectFrom('vulnerability_changes as c')
      .select(['c.seq', 'c.vuln_id'])
      .where('c.seq', '>', after)
      .where('c.seq', '<=', horizon)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('vulnerability_changes as later')
              .select('later.seq')
              .whereRef('later.vuln_id', '=', 'c.vuln_id')
              .whereRef('later.seq', '>', 'c.seq')
              .where('later.seq', '<=', horizon),
          ),
        ),
      )
      .orderBy('c.seq')
      .limit(limit + 1)
      .execute();
    const more = changes.length > limit;
    if (more) changes.length = limit;
    if (changes.length === 0) return { records: [], through: horizon, more };
    const stored = new Map<string, string>();
    const ids = changes.map((c) => c.vuln_id);
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = await db.selectFrom('vulnerabilities').select(['id', 'record']).where('id', 'in', ids.slice(i, i + 5000)).execute();
      for (const row of rows) stored.set(row.id, row.record);
    }
    const records = changes.flatMap((c) => {
      const record = stored.get(c.vuln_id);
      return record === undefined ? [] : [{ seq: Number(c.seq), id: c.vuln_id, record }];
    });
    return { records, through: more ? Number(changes[changes.length - 1]!.seq) : horizon, more };
  }

  /** Every KEV entry, in CVE id order. */
  async kevEntries(): Promise<FeedKevEntry[]> {
    const rows = await this.#store.db.selectFrom('kev_entries').selectAll().orderBy('cve_id').execute();
    return rows.map((r) => {
      // Entries come from schema-checked catalogs, so CISA's required fields are set.
      const entry: FeedKevEntry = {
        cveID: r.cve_id,
        vendorProject: r.vendor_project ?? '',
        product: r.product ?? '',
        vulnerabilityName: r.vulnerability_name ?? '',
        dateAdded: r.date_added,
        shortDescription: r.short_description ?? '',
        requiredAction: r.required_action ?? '',
        dueDate: r.due_date ?? '',
        cwes: r.cwes ? r.cwes.split(',') : [],
        catalogVersion: r.catalog_version,
      };
      if (r.known_ransomware_campaign_use !== null) entry.knownRansomwareCampaignUse = r.known_ransomware_campaign_use;
      if (r.notes !== null) entry.notes = r.notes;
      return entry;
    });
  }

  /** EPSS scores after a CVE id ('' for the first), in CVE id order. */
  async epssScores(after: string, limit: number): Promise<FeedEpssScore[]> {
    const rows = await this.#store.db
      .selectFrom('epss_scores')
      .selectAll()
      .where('cve_id', '>', after)
      .orderBy('cve_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ cve: r.cve_id, epss: r.epss, percentile: r.percentile, model_version: r.model_version, score_date: r.score_date }));
  }

  /**
   * A fingerprint of every EPSS score ('' when there are none). The table has no change
   * log, and a daily EPSS file rescores nearly every CVE, so the whole set is compared.
   */
  async epssFingerprint(): Promise<string> {
    const hash = createHash('sha256');
    let after = '';
    let count = 0;
    for (;;) {
      const chunk = await this.epssScores(after, epssReadChunk);
      for (const score of chunk) hash.update(`${JSON.stringify(score)}\n`);
      count += chunk.length;
      if (chunk.length < epssReadChunk) break;
      after = chunk[chunk.length - 1]!.cve;
    }
    return count === 0 ? '' : hash.digest('hex').slice(0, 32);
  }
}

/** A fingerprint of the KEV entries ('' when there are none). */
export function kevFingerprint(entries: readonly FeedKevEntry[]): string {
  if (entries.length === 0) return '';
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 32);
}
