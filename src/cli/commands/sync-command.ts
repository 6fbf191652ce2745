import { Command } from 'commander';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { feedUrlOf, pullFeed } from '../../services/feed/feed-client.js';
import { FeedCursorStore } from '../../services/feed/feed-cursor-store.js';
import { defaultKevUrl, defaultOsvBase, standardFeeds, syncFeeds, type Feed } from '../../services/sync/sync-service.js';
import { UsageError, dbOption, err, out } from '../cli-support.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface SyncOptions {
  ecosystem: string[];
  osvBase: string;
  kevUrl: string;
  kev: boolean;
  source: string[];
  from?: string;
  pageSize?: string;
  restart?: boolean;
  db: string;
}

/** `clearinghouse sync` */
export function syncCommand(): Command {
  return new Command('sync')
    .description(
      "Pull upstream feeds over HTTP(S) and import what changed: OSV.dev's per-ecosystem all.zip exports and the CISA KEV catalog. " +
        'Conditional requests (ETag, Last-Modified) skip feeds that have not changed since the last sync. ' +
        "With --from, pull a clearinghouse server's change feed instead, to keep a local copy current for offline scans: only " +
        'records, KEV entries and EPSS scores changed since the last sync, page by page; each page is checked against its ' +
        'SHA-256 before anything from it is written, and an interrupted sync resumes after the last page written.',
    )
    .option('--ecosystem <name>', 'OSV ecosystem to pull (repeatable)', collect, [])
    .option('--osv-base <url>', 'base URL of the OSV export bucket', defaultOsvBase)
    .option('--kev-url <url>', 'URL of the KEV catalog JSON', defaultKevUrl)
    .option('--no-kev', 'do not pull the KEV catalog')
    .option('--source <url>', 'an extra feed URL of any importable format (repeatable)', collect, [])
    .option('--from <url>', "a clearinghouse server's URL: pull its change feed (URL/v1/feed) instead of the upstream feeds")
    .option('--page-size <n>', "with --from: records per page (the server's default when absent)")
    .option('--restart', 'with --from: ignore where the last sync left off and pull the whole feed again')
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  clearinghouse sync --ecosystem PyPI --ecosystem npm\n' +
        '  clearinghouse sync --osv-base http://mirror.local/osv --ecosystem Go --kev-url http://mirror.local/kev.json\n' +
        '  clearinghouse sync --from https://clearinghouse.example.gov            # first run pulls everything, later runs only changes\n' +
        '  clearinghouse sync --from https://clearinghouse.example.gov --db /srv/offline/ch.db --page-size 1000\n' +
        '  clearinghouse sync --from https://clearinghouse.example.gov --restart  # pull the whole feed again\n' +
        '\nExit status: 0 when every feed synced, 1 when one failed (with --from: the pages before the failure are kept), 2 on a usage error.',
    )
    .action(async (options: SyncOptions, command: Command) => {
      if (options.from !== undefined) await syncFromServer(options.from, options, command);
      else await syncUpstream(options);
    });
}

async function syncUpstream(options: SyncOptions): Promise<void> {
  if (options.pageSize !== undefined || options.restart) throw new UsageError('--page-size and --restart go with --from');
  for (const url of [options.osvBase, options.kevUrl, ...options.source]) {
    if (!/^https?:\/\//.test(url)) throw new UsageError(`not an http(s) URL: ${url}`);
  }
  const feeds: Feed[] = standardFeeds({ osvBase: options.osvBase, ecosystems: options.ecosystem, kevUrl: options.kev ? options.kevUrl : undefined });
  options.source.forEach((url, i) => feeds.push({ url, fileName: `source-${i}-${url.split('/').pop()?.replace(/[^A-Za-z0-9._-]+/g, '_') || 'feed.json'}` }));
  if (feeds.length === 0) throw new UsageError('nothing to sync: give --ecosystem, --source, or keep the KEV feed');
  const ch = await openClearinghouse({ db: options.db, loadIndex: false });
  try {
    const outcomes = await syncFeeds(feeds, { feeds: ch.feeds, importer: ch.importer, workDir: join(tmpdir(), `clearinghouse-sync-${process.pid}`) });
    for (const o of outcomes) {
      if (o.status === 'imported') out(`${o.url}: added ${o.summary.added}, updated ${o.summary.updated}, unchanged ${o.summary.unchanged}, rejected ${o.summary.rejected}`);
      else if (o.status === 'not-modified') out(`${o.url}: not modified`);
      else err(`${o.url}: failed: ${o.error}`);
    }
    if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
  } finally {
    await ch.close();
  }
}

async function syncFromServer(server: string, options: SyncOptions, command: Command): Promise<void> {
  const upstream = command.options.filter((o) => ['ecosystem', 'osvBase', 'kevUrl', 'kev', 'source'].includes(o.attributeName()) && command.getOptionValueSource(o.attributeName()) === 'cli');
  if (upstream.length > 0) {
    throw new UsageError(`--from pulls records, KEV and EPSS from the server; leave out ${[...new Set(upstream.map((o) => o.long))].join(', ')}`);
  }
  const feed = feedUrlOf(server);
  if ('error' in feed) throw new UsageError(`--from: ${feed.error}`);
  const limit = options.pageSize === undefined ? undefined : Number(options.pageSize);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw new UsageError(`--page-size must be a whole number of at least 1, got ${options.pageSize}`);
  const ch = await openClearinghouse({ db: options.db, loadIndex: false });
  try {
    const summary = await pullFeed({
      feedUrl: feed.url,
      importer: ch.importer,
      cursors: new FeedCursorStore(ch.store),
      ...(limit === undefined ? {} : { limit }),
      restart: options.restart ?? false,
      onPage: (p) =>
        err(
          `page ${p.page}: ${p.records} records, ${p.kevEntries} KEV entries, ${p.epssScores} EPSS scores ` +
            `(added ${p.added}, updated ${p.updated}, unchanged ${p.unchanged}, rejected ${p.rejected})`,
        ),
    });
    const listed = 50;
    for (const r of summary.rejections.slice(0, listed)) err(`rejected ${r.location.file}${r.location.entry === undefined ? '' : ` [${r.location.entry}]`}${r.id ? ` ${r.id}` : ''}: ${r.reason}`);
    if (summary.rejections.length > listed) err(`… ${summary.rejections.length - listed} more rejections`);
    if (summary.failure) {
      err(`${feed.url}: failed at page ${summary.failure.page}: ${summary.failure.reason}`);
      process.exitCode = 1;
    }
    out(`${feed.url}: pages ${summary.pages}, added ${summary.added}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`);
  } finally {
    await ch.close();
  }
}
