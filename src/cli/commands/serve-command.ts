import { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp } from '../../http/app.js';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { loadSampleIntake } from '../../services/sample-intake.js';
import { loadSampleOperators } from '../../services/sample-operators.js';
import { UsageError, commitResolver, dbOption, gitCloneOption, out } from '../cli-support.js';

const sampleData = fileURLToPath(new URL('../../../sample-data', import.meta.url));
const sampleInventory = fileURLToPath(new URL('../../../sample-inventory/plant-historian.cdx.json', import.meta.url));
const webRoot = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** `clearinghouse serve [--port 8080]` */
export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the OSV-compatible API (/v1), its OpenAPI description (/openapi.json, /docs) and the web app.')
    .option('--port <port>', 'TCP port', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--sample', 'load the bundled sample data (a real OSV sample and the KEV catalog) when the store is empty')
    .option('--refresh-seconds <s>', 'how often to pick up records written by other processes', '5')
    .addOption(dbOption())
    .addOption(gitCloneOption())
    .action(async (options: { port: string; host: string; sample?: boolean; refreshSeconds: string; db: string; gitClone: string[] }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got ${options.port}`);
      const refreshSeconds = Number(options.refreshSeconds);
      if (!(refreshSeconds > 0)) throw new UsageError('--refresh-seconds must be positive');
      const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
      const ch = await openClearinghouse({ db: options.db, loadIndex: true, commits: commitResolver(options.gitClone) });
      if (options.sample && (await ch.vulnerabilities.count()) === 0) {
        const summary = await ch.importer.importPaths([sampleData]);
        logger.info({ added: summary.added, rejected: summary.rejected }, 'sample data loaded');
      }
      const sampleSignIn = options.sample ? await loadSampleOperators(ch, sampleInventory) : undefined;
      const sampleStaff = sampleSignIn ? await loadSampleIntake(ch, sampleSignIn.password) : [];
      const app = await buildApp({
        knowledgeBase: ch.knowledgeBase,
        queries: ch.queries,
        webRoot,
        logger,
        operators: ch,
        feed: ch.feed,
      });
      const timer = setInterval(() => {
        ch.knowledgeBase.refresh().catch((error: unknown) => logger.error({ err: error }, 'index refresh failed'));
      }, refreshSeconds * 1000);
      const stop = async (): Promise<void> => {
        clearInterval(timer);
        await app.close();
        await ch.close();
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      const address = await app.listen({ port, host: options.host });
      out(`clearinghouse listening on ${address} (${ch.store.description}, ${ch.knowledgeBase.index.size} records indexed)`);
      if (sampleSignIn) out(`sample sign-ins (password shown once): ${[sampleSignIn.email, ...sampleStaff].join(', ')} / ${sampleSignIn.password}`);
    });
}
