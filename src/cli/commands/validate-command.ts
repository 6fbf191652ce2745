import { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { DEFAULT_SANDBOX_LIMITS } from '../../services/reproduction/sandbox.js';
import { dbOption, out, positiveInteger } from '../cli-support.js';

interface ValidateOptions {
  db: string;
  once?: boolean;
  pollMs: string;
  timeoutMs: string;
  cpuSeconds: string;
  memoryMb: string;
}

/** `clearinghouse validate [--once]`: the reproduction worker. */
export function validateCommand(): Command {
  return new Command('validate')
    .description(
      "Run queued reproductions: each report's proof of concept against its target build in a bubblewrap sandbox (no network, read-only system, " +
        "private /tmp, time, CPU and memory limits), and record whether the report's crash reproduced. Run it on the host that has the target builds; " +
        'several may share one PostgreSQL store. SIGTERM or SIGINT stops it after the run in hand.',
    )
    .option('--once', 'run every queued reproduction, then exit')
    .option('--poll-ms <ms>', 'pause when nothing is queued', '2000')
    .option('--timeout-ms <ms>', 'wall-clock limit of one run', String(DEFAULT_SANDBOX_LIMITS.timeoutMs))
    .option('--cpu-seconds <s>', 'CPU-time limit of one run', String(DEFAULT_SANDBOX_LIMITS.cpuSeconds))
    .option('--memory-mb <mb>', 'resident memory limit of one run', String(DEFAULT_SANDBOX_LIMITS.memoryMb))
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  clearinghouse admin add-target xmllint-asan --exec /opt/builds/xmllint-asan --arg {poc}\n  clearinghouse validate --db postgres://ch@db/clearinghouse')
    .action(async (options: ValidateOptions) => {
      const limits = {
        timeoutMs: positiveInteger('--timeout-ms', options.timeoutMs),
        cpuSeconds: positiveInteger('--cpu-seconds', options.cpuSeconds),
        memoryMb: positiveInteger('--memory-mb', options.memoryMb),
      };
      const pollMs = positiveInteger('--poll-ms', options.pollMs);
      // A run is taken over by another worker only when this one died: the lease outlasts the time limit.
      const leaseMs = limits.timeoutMs * 2 + 60_000;
      const ch = await openClearinghouse({ db: options.db, loadIndex: false });
      let stopping = false;
      const stop = (): void => {
        stopping = true;
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let runs = 0;
      try {
        if (!options.once) out('validate worker running');
        while (!stopping) {
          const done = await ch.reproductions.runNext({ limits, leaseMs });
          if (done) {
            runs += 1;
            out(`${done.reportId}: ${done.status} against ${done.target}: ${done.detail ?? ''}`);
            continue;
          }
          if (options.once) break;
          await sleep(pollMs);
        }
      } finally {
        await ch.close();
      }
      out(`${runs} reproduction${runs === 1 ? '' : 's'} run`);
    });
}
