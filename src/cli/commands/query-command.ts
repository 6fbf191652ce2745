import { Command } from 'commander';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { QueryError, type OsvQuery, type OsvQueryResponse } from '../../services/query-service.js';
import { UsageError, commitResolver, dbOption, gitCloneOption, err, out } from '../cli-support.js';

interface QueryOptions {
  db: string;
  gitClone: string[];
  json?: boolean;
  ecosystem?: string;
  package?: string;
  version?: string;
  commit?: string;
}

/** `clearinghouse query PURL | --ecosystem E --package N --version V | --commit HASH` */
export function queryCommand(): Command {
  return new Command('query')
    .description('List the vulnerabilities affecting a package version (by purl, or ecosystem, name and version) or a commit.')
    .argument('[purl]', 'package URL, e.g. pkg:pypi/jinja2@2.4.1')
    .option('--ecosystem <ecosystem>', 'OSV ecosystem, e.g. PyPI or Debian:12')
    .option('--package <name>', 'package name')
    .option('--version <version>', 'package version')
    .option('--commit <hash>', 'a commit hash')
    .option('--json', 'print exactly the body POST /v1/query returns')
    .addOption(dbOption())
    .addOption(gitCloneOption())
    .addHelpText('after', '\nExamples:\n  clearinghouse query pkg:pypi/jinja2@2.4.1\n  clearinghouse query --ecosystem PyPI --package jinja2 --version 2.4.1 --json\n  clearinghouse query --commit 1a2b3c…')
    .action(async (purl: string | undefined, options: QueryOptions) => {
      const query = toQuery(purl, options);
      const ch = await openClearinghouse({ db: options.db, loadIndex: true, commits: commitResolver(options.gitClone) });
      let response: OsvQueryResponse;
      try {
        const pages: OsvQueryResponse[] = [];
        let page_token: string | undefined;
        do {
          const page = await ch.queries.query({ ...query, ...(page_token ? { page_token } : {}) });
          pages.push(page);
          page_token = page.next_page_token;
        } while (page_token && !options.json);
        response = options.json ? pages[0]! : { ...pages[0], vulns: pages.flatMap((p) => p.vulns ?? []) };
      } catch (error) {
        if (error instanceof QueryError) throw new UsageError(`${error.field}: ${error.message}`);
        throw error;
      } finally {
        await ch.close();
      }
      if (options.json) {
        out(JSON.stringify(response));
        return;
      }
      const vulns = response.vulns ?? [];
      if (response.undetermined) err(`undetermined: ${response.undetermined.reason} (${response.undetermined.streams.join(', ')})`);
      if (vulns.length === 0) {
        out('no known vulnerabilities');
        return;
      }
      for (const v of vulns) {
        const kev = v.database_specific?.kev ? ' [KEV]' : '';
        const aliases = v.aliases?.length ? ` (${v.aliases.join(', ')})` : '';
        out(`${v.id}${kev}${aliases}: ${v.summary ?? v.details?.split('\n')[0]?.slice(0, 100) ?? ''}`);
      }
      out(`${vulns.length} vulnerabilit${vulns.length === 1 ? 'y' : 'ies'}`);
    });
}

function toQuery(purl: string | undefined, o: QueryOptions): OsvQuery {
  if (o.commit !== undefined) {
    if (purl || o.ecosystem || o.package || o.version) throw new UsageError('--commit cannot be combined with a package');
    return { commit: o.commit };
  }
  if (purl !== undefined) {
    if (o.ecosystem || o.package) throw new UsageError('give a purl or --ecosystem and --package, not both');
    return { package: { purl }, ...(o.version ? { version: o.version } : {}) };
  }
  if (!o.ecosystem || !o.package) throw new UsageError('give a purl, or --ecosystem and --package (with --version), or --commit');
  return { package: { ecosystem: o.ecosystem, name: o.package }, ...(o.version ? { version: o.version } : {}) };
}
