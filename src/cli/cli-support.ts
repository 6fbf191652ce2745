import { Option } from 'commander';
import { GitCommitResolver, parseCloneOptions } from '../services/git/git-commit-resolver.js';
import { defaultDatabasePath, openClearinghouse, type Clearinghouse } from '../services/clearinghouse.js';

/** A mistake in how the command was called: printed plainly, exit code 2. */
export class UsageError extends Error {}

/** Exit codes: 0 ran, 1 failed while running, 2 usage error. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;

/** The --db option every command that touches the store takes. */
export function dbOption(): Option {
  return new Option('--db <location>', 'SQLite file path or postgres:// URL')
    .env('CLEARINGHOUSE_DB')
    .default(defaultDatabasePath);
}

/** Writes a line to stdout. */
export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Writes a line to stderr. */
export function err(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The repeatable --git-clone URL=PATH option of commands that answer commit queries. */
export function gitCloneOption(): Option {
  return new Option('--git-clone <url=path>', 'a local clone of a repository that GIT ranges name, for commit queries (repeatable)')
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .default([] as string[]);
}

/** Turns --git-clone values into a commit resolver (undefined when none were given). */
export function commitResolver(pairs: readonly string[]): GitCommitResolver | undefined {
  const clones = parseCloneOptions(pairs);
  if ('error' in clones) throw new UsageError(clones.error);
  return clones.size > 0 ? new GitCommitResolver(clones) : undefined;
}

/** Opens the store without the match index (administration and jobs need none), runs, closes. */
export async function withStore<T>(db: string, run: (ch: Clearinghouse) => Promise<T>): Promise<T> {
  const ch = await openClearinghouse({ db, loadIndex: false });
  try {
    return await run(ch);
  } finally {
    await ch.close();
  }
}

/** A whole-number option of at least 1, or a usage error naming the flag. */
export function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} must be a whole number >= 1, got ${text}`);
  return value;
}
