import { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { InputPathError } from '../../services/import/import-sources.js';
import type { ImportProgress, ImportSummary } from '../../services/import/import-service.js';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { UsageError, dbOption, err, out } from '../cli-support.js';

/** `clearinghouse import PATH…` */
export function importCommand(): Command {
  return new Command('import')
    .description(
      'Import vulnerability data: OSV records (.json, folders of them, .jsonl, .jsonl.gz, OSV bulk-export .zip), ' +
        'CVE JSON 5.x records, the CISA KEV catalog JSON, and EPSS CSV (.csv, .csv.gz). The format is detected; ' +
        'each record is validated against its official schema; re-importing changes only records whose `modified` is newer.',
    )
    .argument('<paths...>', 'files or folders to import')
    .addOption(dbOption())
    .option('--json', 'print the summary as JSON')
    .option('--max-listed <n>', 'list at most this many rejections and warnings', '50')
    .addHelpText('after', '\nExamples:\n  clearinghouse import ../shared/data/osv/pypi.jsonl.gz\n  clearinghouse import --db postgres://localhost/ch all.zip known_exploited_vulnerabilities.json\n\nExit status: 0 when the import ran (even with rejected records), 2 on a usage error.')
    .action(async (paths: string[], options: { db: string; json?: boolean; maxListed: string }) => {
      const maxListed = Number(options.maxListed);
      if (!Number.isInteger(maxListed) || maxListed < 0) throw new UsageError('--max-listed must be a whole number');
      const ch = await openClearinghouse({ db: options.db, loadIndex: false });
      const bar = process.stderr.isTTY && !options.json ? new SingleBar({ format: 'importing [{bar}] {percentage}% | {items} items | {file}', hideCursor: true, stream: process.stderr }) : undefined;
      let started = false;
      const onProgress = (p: ImportProgress): void => {
        if (!bar) return;
        if (!started) {
          bar.start(Math.max(1, p.bytesTotal), 0, { items: 0, file: '' });
          started = true;
        }
        bar.update(p.bytesDone, { items: p.items, file: p.file.split('/').pop() ?? '' });
      };
      let summary: ImportSummary;
      try {
        summary = await ch.importer.importPaths(paths, onProgress);
      } catch (error) {
        if (error instanceof InputPathError) throw new UsageError(error.message);
        throw error;
      } finally {
        bar?.stop();
        await ch.close();
      }
      if (options.json) {
        out(JSON.stringify(summary, null, 2));
        return;
      }
      printSummary(summary, maxListed);
    });
}

function where(location: { file: string; line?: number; entry?: string }): string {
  return `${location.file}${location.line !== undefined ? `:${location.line}` : ''}${location.entry !== undefined ? ` [${location.entry}]` : ''}`;
}

function printSummary(summary: ImportSummary, maxListed: number): void {
  for (const r of summary.rejections.slice(0, maxListed)) err(`rejected ${where(r.location)}${r.id ? ` ${r.id}` : ''}: ${r.reason}`);
  if (summary.rejections.length > maxListed) err(`… ${summary.rejections.length - maxListed} more rejections (use --json for all)`);
  for (const w of summary.warnings.slice(0, maxListed)) err(`warning ${where(w.location)} ${w.id}: ${w.reason}`);
  if (summary.warnings.length > maxListed) err(`… ${summary.warnings.length - maxListed} more warnings (use --json for all)`);
  const formats = Object.entries(summary.formats).map(([f, n]) => `${f} ${n}`).join(', ');
  out(`added ${summary.added}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}, warnings ${summary.warnings.length}${formats ? ` (${formats})` : ''}`);
}
