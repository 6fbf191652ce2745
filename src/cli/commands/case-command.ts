import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { ServiceError } from '../../services/service-error.js';
import { UsageError, dbOption, err, out, withStore } from '../cli-support.js';

/** `clearinghouse case send-reminders`: for cron, or a worker's schedule. */
export function caseCommand(): Command {
  const command = new Command('case').description('Coordinated-disclosure cases: jobs that run outside the server.');
  command
    .command('send-reminders')
    .description(
      'Send the reminders due now before each case date (a week before, a day before, on the date): acknowledgements to their vendors, embargo ends to every participant. Each reminder goes out once, however often this runs.',
    )
    .addOption(dbOption())
    .addHelpText('after', '\nExample (hourly, from cron):\n  clearinghouse case send-reminders --db postgres://ch@db/clearinghouse')
    .action(async (options: { db: string }) => {
      const sent = await withStore(options.db, (ch) => ch.coordination.reminders.sendDueReminders());
      for (const r of sent) out(`${r.caseId} ${r.deadline} ${r.offset}${r.overdue ? ' (overdue)' : ''} ${r.at} → ${r.orgIds.length} organization${r.orgIds.length === 1 ? '' : 's'}`);
      err(`${sent.length} reminder${sent.length === 1 ? '' : 's'} sent`);
    });
  return command;
}

/** `clearinghouse admin cve-block FILE`: the CNA block of CVE ids, one a line. */
export function cveBlockCommand(): Command {
  return new Command('cve-block')
    .description("Load a block of CVE ids the clearinghouse's CNA holds: one id a line (blank lines and # comments skipped). Ids already loaded are left as they are.")
    .argument('<file>', 'the block, e.g. as CVE Services listed it')
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  clearinghouse admin cve-block cna-block-2026.txt')
    .action(async (file: string, options: { db: string }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
      }
      try {
        const result = await withStore(options.db, (ch) => ch.coordination.cveIds.loadBlockFile(text, file));
        out(`loaded ${result.loaded} CVE id${result.loaded === 1 ? '' : 's'}${result.alreadyLoaded > 0 ? `; ${result.alreadyLoaded} already loaded` : ''}`);
      } catch (error) {
        // Every bad line, not only the first, so the file is fixed in one go.
        if (error instanceof ServiceError) for (const e of error.errors ?? []) err(`${e.field}: ${e.message}`);
        throw error;
      }
    });
}
