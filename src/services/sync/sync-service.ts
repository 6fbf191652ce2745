import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FeedStateRepository } from '../../store/feed-state-repository.js';
import type { ImportService, ImportSummary } from '../import/import-service.js';

/** OSV.dev's public bucket: one `all.zip` per ecosystem. */
export const defaultOsvBase = 'https://osv-vulnerabilities.storage.googleapis.com';
/** The CISA KEV catalog. */
export const defaultKevUrl = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';

/** One feed to pull: its URL and the file name its content is imported as. */
export interface Feed {
  readonly url: string;
  readonly fileName: string;
}

/** The feeds for a set of OSV ecosystems and the KEV catalog. */
export function standardFeeds(options: { osvBase: string; ecosystems: readonly string[]; kevUrl?: string }): Feed[] {
  const base = options.osvBase.replace(/\/+$/, '');
  const feeds: Feed[] = options.ecosystems.map((e) => ({
    url: `${base}/${encodeURIComponent(e)}/all.zip`,
    fileName: `osv-${e.replace(/[^A-Za-z0-9.-]+/g, '_')}.zip`,
  }));
  if (options.kevUrl) feeds.push({ url: options.kevUrl, fileName: 'kev.json' });
  return feeds;
}

/** What a sync did to one feed. */
export type FeedOutcome =
  | { readonly url: string; readonly status: 'not-modified' }
  | { readonly url: string; readonly status: 'imported'; readonly summary: ImportSummary }
  | { readonly url: string; readonly status: 'failed'; readonly error: string };

/** What a sync needs. */
export interface SyncDependencies {
  readonly feeds: FeedStateRepository;
  readonly importer: ImportService;
  /** Folder for downloads (removed after import). */
  readonly workDir: string;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

/**
 * Pulls upstream feeds with conditional requests (If-None-Match, If-Modified-Since),
 * imports what changed, and records the new validators only after the import succeeded,
 * so a failed import is retried on the next sync. One failing feed does not stop the others.
 */
export async function syncFeeds(feeds: readonly Feed[], deps: SyncDependencies): Promise<FeedOutcome[]> {
  const doFetch = deps.fetch ?? fetch;
  await mkdir(deps.workDir, { recursive: true });
  const outcomes: FeedOutcome[] = [];
  for (const feed of feeds) {
    const state = await deps.feeds.get(feed.url);
    const headers: Record<string, string> = {};
    if (state?.etag) headers['if-none-match'] = state.etag;
    if (state?.last_modified) headers['if-modified-since'] = state.last_modified;
    const path = join(deps.workDir, feed.fileName);
    try {
      const response = await doFetch(feed.url, { headers });
      if (response.status === 304) {
        outcomes.push({ url: feed.url, status: 'not-modified' });
        continue;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path));
      const summary = await deps.importer.importPaths([path]);
      await deps.feeds.put({
        url: feed.url,
        etag: response.headers.get('etag'),
        last_modified: response.headers.get('last-modified'),
        fetched_at: (deps.now?.() ?? new Date()).toISOString(),
      });
      outcomes.push({ url: feed.url, status: 'imported', summary });
    } catch (error) {
      outcomes.push({ url: feed.url, status: 'failed', error: (error as Error).message });
    } finally {
      await rm(path, { force: true });
    }
  }
  return outcomes;
}
