import { Command, CommanderError } from 'commander';
import { adminCommand } from './commands/admin-command.js';
import { caseCommand } from './commands/case-command.js';
import { importCommand } from './commands/import-command.js';
import { queryCommand } from './commands/query-command.js';
import { sbomCommand } from './commands/sbom-command.js';
import { reportCommand } from './commands/report-command.js';
import { scanCommand } from './commands/scan-command.js';
import { scoreCommand } from './commands/score-command.js';
import { serveCommand } from './commands/serve-command.js';
import { syncCommand } from './commands/sync-command.js';
import { validateCommand } from './commands/validate-command.js';
import { workerCommand } from './commands/worker-command.js';
import { ServiceError } from '../services/service-error.js';
import { UsageError, err, exitCodes } from './cli-support.js';

const program = new Command('clearinghouse')
  .description(
    "The AI cybersecurity clearinghouse: a vulnerability knowledge base with an OSV-compatible API, and operators' SBOM inventory with exposures, priorities and notifications.\n" +
      'Store: --db or CLEARINGHOUSE_DB (a SQLite file, default ./var/clearinghouse.db, or a postgres:// URL).',
  )
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  // Options before a command belong to the program, so `query --version` is the package version.
  .enablePositionalOptions()
  .exitOverride();

/** Commander errors of every command, nested ones included, reach the handler below (exit 2, not commander's 1). */
function overrideExits(command: Command): Command {
  for (const sub of command.commands) overrideExits(sub);
  return command.exitOverride();
}

for (const command of [serveCommand(), importCommand(), syncCommand(), queryCommand(), adminCommand(), scoreCommand(), workerCommand(), scanCommand(), sbomCommand(), reportCommand(), validateCommand(), caseCommand()]) {
  program.addCommand(overrideExits(command));
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a usage error.
    process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  } else if (error instanceof ServiceError) {
    // The input was refused (bad value, unknown name, conflict): the caller must change it.
    err(`error: ${error.message}${error.field ? ` (${error.field})` : ''}`);
    process.exitCode = exitCodes.usage;
  } else if (error instanceof UsageError) {
    err(`error: ${error.message}`);
    process.exitCode = exitCodes.usage;
  } else {
    err(`error: ${(error as Error).message}`);
    process.exitCode = exitCodes.failure;
  }
}
