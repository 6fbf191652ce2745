import { Command } from 'commander';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { defaultKevUrl, defaultOsvBase, standardFeeds, syncFeeds, type Feed } from '../../services/sync/sync-service.js';
import { UsageError, dbOption, err, out } from '../cli-support.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `clearinghouse sync` */
export function syncCommand(): Command {
  return new Command('sync')
    .description(
      "Pull upstream feeds over HTTP(S) and import what changed: OSV.dev's per-ecosystem all.zip exports and the CISA KEV catalog. " +
        'Conditional requests (ETag, Last-Modified) skip feeds that have not changed since the last sync.',
    )
    .option('--ecosystem <name>', 'OSV ecosystem to pull (repeatable)', collect, [])
    .option('--osv-base <url>', 'base URL of the OSV export bucket', defaultOsvBase)
    .option('--kev-url <url>', 'URL of the KEV catalog JSON', defaultKevUrl)
    .option('--no-kev', 'do not pull the KEV catalog')
    .option('--source <url>', 'an extra feed URL of any importable format (repeatable)', collect, [])
    .addOption(dbOption())
    .addHelpText('after', '\nExamples:\n  clearinghouse sync --ecosystem PyPI --ecosystem npm\n  clearinghouse sync --osv-base http://mirror.local/osv --ecosystem Go --kev-url http://mirror.local/kev.json\n\nExit status: 0 when every feed synced, 1 when one failed, 2 on a usage error.')
    .action(async (options: { ecosystem: string[]; osvBase: string; kevUrl: string; kev: boolean; source: string[]; db: string }) => {
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
    });
}
