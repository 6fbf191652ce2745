import type { Store } from '../../store/database.js';
import { decodeCursor, encodeCursor, isCursorError, startCursor, type FeedCursor } from './feed-cursor.js';
import { renderPage, type FeedEpssScore, type RenderedFeedPage } from './feed-page.js';
import { FeedSource, kevFingerprint } from './feed-source.js';

/** How the feed pages and how fresh its EPSS fingerprint must be. */
export interface FeedSettings {
  /** Records per page when the client names no limit, and the most it may name. */
  readonly defaultLimit: number;
  readonly maxLimit: number;
  /** EPSS scores, each about a twentieth of a record's size, come this many to a record slot. */
  readonly epssScoresPerRecord: number;
  /**
   * How long a computed EPSS fingerprint is reused. Hashing a day's quarter-million scores
   * on every caught-up request would dominate the feed's cost; a fingerprint this old only
   * delays a change by as much, since a client is sent the set whenever fingerprints differ.
   */
  readonly epssFingerprintMaxAgeMs: number;
}

export const defaultFeedSettings: FeedSettings = { defaultLimit: 500, maxLimit: 5000, epssScoresPerRecord: 20, epssFingerprintMaxAgeMs: 60_000 };

/** A query parameter the feed cannot use, and why. */
export interface FeedQueryError {
  readonly field: 'since' | 'limit';
  readonly message: string;
}

/** What a client asks for. */
export interface FeedQuery {
  /** The `next` of the previous page; none to start from the beginning. */
  readonly since?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * The change feed a server offers to `clearinghouse sync --from`: the records changed after a
 * cursor, then, once those are served, the KEV catalog when it changed and the EPSS scores
 * when they changed, so operators scanning offline rank findings as the server would.
 */
export class FeedService {
  readonly #source: FeedSource;
  readonly #settings: FeedSettings;
  #epssFingerprint: { readonly value: Promise<string>; readonly at: number } | undefined;

  constructor(store: Store, settings: FeedSettings = defaultFeedSettings) {
    this.#source = new FeedSource(store);
    this.#settings = settings;
  }

  /** The page after a cursor, rendered with its digest, or the parameter at fault. */
  async page(query: FeedQuery): Promise<{ page: RenderedFeedPage } | { error: FeedQueryError }> {
    const limit = query.limit ?? this.#settings.defaultLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > this.#settings.maxLimit) {
      return { error: { field: 'limit', message: `must be a whole number from 1 to ${this.#settings.maxLimit}` } };
    }
    const cursor = query.since === undefined ? startCursor : decodeCursor(query.since);
    if (isCursorError(cursor)) return { error: { field: 'since', message: cursor.message } };
    const { horizon, latest, bounded } = await this.#source.changeHorizon(cursor.seq);
    if (cursor.seq > latest) {
      return { error: { field: 'since', message: "is ahead of this server's change log (its store was replaced or restored): start over without `since`" } };
    }
    const changed = await this.#source.changedRecords(cursor.seq, horizon, limit);
    const records = changed.records.map((r) => r.record);
    if (changed.more) {
      return { page: renderPage({ next: encodeCursor({ ...cursor, seq: changed.through }), more: true, records, epssScores: [] }) };
    }
    // The records are served up to the horizon: now KEV and EPSS, which have no change log.
    const kev = await this.#source.kevEntries();
    const kevNow = kevFingerprint(kev);
    const epss = await this.#epssSlice(cursor, limit * this.#settings.epssScoresPerRecord);
    const next: FeedCursor = { seq: changed.through, kev: kevNow, ...epss.cursor };
    return {
      page: renderPage({
        next: encodeCursor(next),
        more: bounded || next.epssPending !== undefined,
        records,
        ...(kevNow !== cursor.kev ? { kevEntries: kev } : {}),
        epssScores: epss.scores,
      }),
    };
  }

  /**
   * The next slice of EPSS scores, when the client's set differs from the store's. The
   * fingerprint is taken before the scores are read: should they change while a set goes
   * out, the client is labelled with the older fingerprint and gets the set again next time.
   */
  async #epssSlice(cursor: FeedCursor, size: number): Promise<{ scores: FeedEpssScore[]; cursor: Pick<FeedCursor, 'epss' | 'epssPending'> }> {
    let target = cursor.epssPending?.fingerprint;
    const after = cursor.epssPending?.after ?? '';
    if (target === undefined) {
      const now = await this.#currentEpssFingerprint();
      if (now === cursor.epss) return { scores: [], cursor: { epss: cursor.epss } };
      target = now;
    }
    const scores = await this.#source.epssScores(after, size + 1);
    if (scores.length <= size) return { scores, cursor: { epss: target } };
    scores.length = size;
    return { scores, cursor: { epss: cursor.epss, epssPending: { fingerprint: target, after: scores[size - 1]!.cve } } };
  }

  /** The EPSS fingerprint, computed at most once per `epssFingerprintMaxAgeMs` and shared by concurrent requests. */
  #currentEpssFingerprint(): Promise<string> {
    const now = Date.now();
    const cached = this.#epssFingerprint;
    if (cached && now - cached.at < this.#settings.epssFingerprintMaxAgeMs) return cached.value;
    const value = this.#source.epssFingerprint();
    this.#epssFingerprint = { value, at: now };
    void value.catch(() => {
      if (this.#epssFingerprint?.value === value) this.#epssFingerprint = undefined;
    });
    return value;
  }
}
