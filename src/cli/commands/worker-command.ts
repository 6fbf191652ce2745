import { Command, Option } from 'commander';
import pino from 'pino';
import { openNotificationWorker, workerDefaults, type MailSettings } from '../../services/notify/notification-worker.js';
import { dbOption, out, positiveInteger, UsageError } from '../cli-support.js';

interface WorkerOptions {
  db: string;
  once?: boolean;
  allowPrivateTargets?: boolean;
  smtpHost?: string;
  smtpPort: string;
  smtpSecure?: boolean;
  smtpUser?: string;
  mailFrom?: string;
  pollMs: string;
  leaseMs: string;
  sendTimeoutMs: string;
  maxAttempts: string;
  retryBaseMs: string;
  retryMaxMs: string;
}

function mailSettings(options: WorkerOptions): MailSettings | undefined {
  if (options.smtpHost === undefined) {
    if (options.mailFrom !== undefined) throw new UsageError('--mail-from needs --smtp-host');
    return undefined;
  }
  if (options.mailFrom === undefined) throw new UsageError('--smtp-host needs --mail-from, the sender address of notifications');
  const port = Number(options.smtpPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--smtp-port must be 1-65535, got ${options.smtpPort}`);
  const pass = process.env.CLEARINGHOUSE_SMTP_PASSWORD;
  if (options.smtpUser !== undefined && !pass) throw new UsageError('--smtp-user needs the password in CLEARINGHOUSE_SMTP_PASSWORD');
  return {
    smtp: { host: options.smtpHost, port, secure: options.smtpSecure ?? false, auth: options.smtpUser === undefined ? undefined : { user: options.smtpUser, pass: pass! } },
    from: options.mailFrom,
  };
}

/** `clearinghouse worker [--db] [--once]` */
export function workerCommand(): Command {
  return new Command('worker')
    .description(
      'Deliver notifications from the outbox (signed webhooks, e-mail over SMTP) and make the daily digests. ' +
        'Several workers may share one PostgreSQL store. SIGTERM or SIGINT stops it after the deliveries in hand.',
    )
    .option('--once', 'deliver what is due now and make the digest due now, then exit')
    .option('--allow-private-targets', 'let webhooks reach loopback and private addresses: for development only')
    .addOption(new Option('--smtp-host <host>', 'the SMTP relay e-mail goes through').env('CLEARINGHOUSE_SMTP_HOST'))
    .addOption(new Option('--smtp-port <port>', 'its port').env('CLEARINGHOUSE_SMTP_PORT').default('587'))
    .option('--smtp-secure', 'TLS from the first byte (port 465); otherwise STARTTLS when offered')
    .addOption(new Option('--smtp-user <user>', 'SMTP login; the password is read from CLEARINGHOUSE_SMTP_PASSWORD').env('CLEARINGHOUSE_SMTP_USER'))
    .addOption(new Option('--mail-from <address>', 'the sender of notification e-mail').env('CLEARINGHOUSE_MAIL_FROM'))
    .option('--poll-ms <ms>', 'pause when nothing is due', String(workerDefaults.pollMs))
    .option('--lease-ms <ms>', "how long a claimed delivery stays this worker's; a crashed worker's are retried after it", String(workerDefaults.leaseMs))
    .option('--send-timeout-ms <ms>', 'for one webhook exchange or each SMTP wait; below the lease', String(workerDefaults.sendTimeoutMs))
    .option('--max-attempts <n>', 'attempts before a delivery is dead-lettered', String(workerDefaults.maxAttempts))
    .option('--retry-base-ms <ms>', 'backoff after the first failure (doubling, with jitter)', String(workerDefaults.backoff.baseMs))
    .option('--retry-max-ms <ms>', 'longest backoff', String(workerDefaults.backoff.maxMs))
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  clearinghouse worker --db postgres://ch@db/clearinghouse --smtp-host relay.example.org --mail-from notify@example.org')
    .action(async (options: WorkerOptions) => {
      const leaseMs = positiveInteger('--lease-ms', options.leaseMs);
      const sendTimeoutMs = positiveInteger('--send-timeout-ms', options.sendTimeoutMs);
      if (leaseMs <= sendTimeoutMs) throw new UsageError('--lease-ms must exceed --send-timeout-ms, or a slow send could be taken over mid-way');
      const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
      const opened = await openNotificationWorker(options.db, {
        guard: { allowPrivateTargets: options.allowPrivateTargets ?? false },
        mail: mailSettings(options),
        pollMs: positiveInteger('--poll-ms', options.pollMs),
        leaseMs,
        sendTimeoutMs,
        maxAttempts: positiveInteger('--max-attempts', options.maxAttempts),
        backoff: { baseMs: positiveInteger('--retry-base-ms', options.retryBaseMs), maxMs: positiveInteger('--retry-max-ms', options.retryMaxMs) },
        logger,
      });
      const { worker } = opened;
      if (options.once) {
        try {
          const digests = await worker.runDailyDigests(worker.digestDay());
          const tally = await worker.drain();
          out(`delivered ${tally.delivered}, retried ${tally.retried}, dead-lettered ${tally.dead}; ${digests} digests enqueued`);
        } finally {
          await opened.close();
        }
        return;
      }
      const stop = async (): Promise<void> => {
        await worker.stop();
        await opened.close();
        out('notification worker stopped');
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      worker.start();
      out(`notification worker running (${opened.storeDescription})`);
    });
}
