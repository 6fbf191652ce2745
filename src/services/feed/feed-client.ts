import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportService, Rejection } from '../import/import-service.js';
import type { FeedCursorStore } from './feed-cursor-store.js';
import { writeImportFiles, type ImportFile } from './feed-import-files.js';
import { pageSha256Header, parsePage, reprDigestSha256, sha256Of, type FeedPage } from './feed-page.js';

/** What a pull needs. */
export interface FeedPullOptions {
  /** The feed's URL, from `feedUrlOf`. */
  readonly feedUrl: string;
  readonly importer: ImportService;
  readonly cursors: FeedCursorStore;
  /** Records per page to ask for (the server's default when absent). */
  readonly limit?: number;
  /** Ignore the stored cursor and pull everything again. */
  readonly restart?: boolean;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  /** Called after each page is written and its cursor stored. */
  readonly onPage?: (progress: FeedPageProgress) => void;
}

/** What one page brought. */
export interface FeedPageProgress {
  readonly page: number;
  readonly records: number;
  readonly kevEntries: number;
  readonly epssScores: number;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
}

/** What a pull did, including the pages written before a failure. */
export interface FeedPullSummary {
  pages: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  readonly rejections: Rejection[];
  /** Why the pull stopped early; the pages before it are written and remembered. */
  failure?: { readonly page: number; readonly reason: string };
}

/** The feed URL for a server's base URL (a URL already ending in /v1/feed is kept), or why it is not usable. */
export function feedUrlOf(server: string): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return { error: `not a URL: ${server}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `not an http(s) URL: ${server}` };
  if (url.search || url.hash) return { error: `give the server's URL without a query or fragment: ${server}` };
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1/feed') ? path : `${path}/v1/feed`;
  return { url: url.toString() };
}

/**
 * Pulls a server's change feed page by page, from where the last pull left off. Each page's
 * SHA-256 is checked before anything from it is written; its records, KEV entries and EPSS
 * scores then go through the importer, which validates them and leaves the same data
 * unchanged; only then is the page's cursor stored. An interrupted pull therefore resumes at
 * the first page not fully written, and writing a page twice changes nothing.
 */
export async function pullFeed(options: FeedPullOptions): Promise<FeedPullSummary> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const summary: FeedPullSummary = { pages: 0, added: 0, updated: 0, unchanged: 0, rejected: 0, rejections: [] };
  let since = options.restart ? undefined : await options.cursors.get(options.feedUrl);
  const dir = await mkdtemp(join(tmpdir(), 'clearinghouse-feed-'));
  try {
    for (let number = 1; ; number++) {
      const fetched = await fetchPage(doFetch, pageUrl(options.feedUrl, since, options.limit));
      if ('error' in fetched) {
        summary.failure = { page: number, reason: fetched.error };
        return summary;
      }
      const { page } = fetched;
      const files = await writeImportFiles(page, dir, now());
      const result = await options.importer.importPaths(files.map((f) => f.path));
      await Promise.all(files.map((f) => rm(f.path, { force: true })));
      for (const r of result.rejections) summary.rejections.push({ ...r, location: { file: `${options.feedUrl} page ${number}`, entry: whereInPage(r.location, files) } });
      await options.cursors.put(options.feedUrl, page.next, now());
      summary.pages++;
      summary.added += result.added;
      summary.updated += result.updated;
      summary.unchanged += result.unchanged;
      summary.rejected += result.rejected;
      options.onPage?.({
        page: number,
        records: page.records.length,
        kevEntries: page.kev_entries?.length ?? 0,
        epssScores: page.epss_scores.length,
        added: result.added,
        updated: result.updated,
        unchanged: result.unchanged,
        rejected: result.rejected,
      });
      if (!page.more) return summary;
      if (page.next === since) {
        summary.failure = { page: number + 1, reason: 'the server said more pages follow but gave the same cursor again' };
        return summary;
      }
      since = page.next;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where in the page a rejected item was: a record by its index, else the part and the importer's entry. */
function whereInPage(location: Rejection['location'], files: readonly ImportFile[]): string {
  const part = files.find((f) => f.path === location.file)?.part ?? 'page';
  if (part === 'records' && location.line !== undefined) return `/records/${location.line - 1}`;
  return location.entry === undefined ? part : `${part} ${location.entry}`;
}

function pageUrl(feedUrl: string, since: string | undefined, limit: number | undefined): string {
  const url = new URL(feedUrl);
  if (since !== undefined) url.searchParams.set('since', since);
  if (limit !== undefined) url.searchParams.set('limit', String(limit));
  return url.toString();
}

/** Fetches a page and checks it against its digest; nothing is returned from a page that fails. */
async function fetchPage(doFetch: typeof fetch, url: string): Promise<{ page: FeedPage } | { error: string }> {
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await doFetch(url, { headers: { accept: 'application/json' } });
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return { error: `cannot fetch ${url}: ${describe(error)}` };
  }
  if (!response.ok) return { error: `${url}: HTTP ${response.status}${problemDetail(bytes)}` };
  const expected = reprDigestSha256(response.headers.get('repr-digest'));
  if (expected === undefined) return { error: `${url}: no sha-256 Repr-Digest header, so the page cannot be checked` };
  const actual = sha256Of(bytes);
  const hex = response.headers.get(pageSha256Header);
  if (actual.base64 !== expected || (hex !== null && hex.toLowerCase() !== actual.hex)) {
    return { error: `${url}: the page does not match its SHA-256 (got ${actual.hex}); nothing from it was written` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { error: `${url}: the page is not UTF-8` };
  }
  const parsed = parsePage(text);
  return 'error' in parsed ? { error: `${url}: ${parsed.error}` } : parsed;
}

function problemDetail(bytes: Uint8Array): string {
  try {
    const body = JSON.parse(new TextDecoder().decode(bytes)) as { detail?: unknown };
    return typeof body.detail === 'string' ? `: ${body.detail}` : '';
  } catch {
    return '';
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return cause ? `${(error as Error).message} (${cause})` : (error as Error).message;
}
