import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { MatchIndex } from '../../domain/matching/match-index.js';
import type { CommitResolver } from '../knowledge-base.js';

const run = promisify(execFile);

/** Exit status of a git command: 0 yes, 1 no; anything else is an error. */
async function gitStatus(cwd: string, args: string[]): Promise<number> {
  try {
    await run('git', ['-C', cwd, ...args], { timeout: 30_000 });
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw error;
  }
}

/**
 * Answers commit queries from local clones, as OSV.dev does from its own: a commit is
 * affected by a GIT range when it descends from an `introduced` commit (or the range
 * starts at "0"), no `fixed` commit is among its ancestors (or itself), no
 * `last_affected` commit is a proper ancestor, and, with `limit`s, it is an ancestor of one.
 */
export class GitCommitResolver implements CommitResolver {
  readonly #clones: ReadonlyMap<string, string>;

  /** @param clones repository URL (as records name it) → path of a local clone */
  constructor(clones: ReadonlyMap<string, string>) {
    this.#clones = clones;
  }

  async affectedBy(commit: string, index: MatchIndex): Promise<string[]> {
    const affected: string[] = [];
    for (const [repo, path] of this.#clones) {
      if ((await gitStatus(path, ['cat-file', '-e', `${commit}^{commit}`])) !== 0) continue;
      const ancestor = (a: string, b: string): Promise<boolean> => gitStatus(path, ['merge-base', '--is-ancestor', a, b]).then((s) => s === 0);
      for (const range of index.gitRangesFor(repo)) {
        if (await this.#inRange(commit, range, ancestor)) affected.push(range.vulnId);
      }
    }
    return affected;
  }

  async #inRange(
    commit: string,
    range: { introduced: readonly string[]; fixed: readonly string[]; lastAffected: readonly string[]; limit: readonly string[] },
    ancestor: (a: string, b: string) => Promise<boolean>,
  ): Promise<boolean> {
    const some = async (list: readonly string[], test: (c: string) => Promise<boolean>): Promise<boolean> => {
      for (const c of list) if (await test(c)) return true;
      return false;
    };
    const introduced = range.introduced.length === 0 || (await some(range.introduced, (i) => ancestor(i, commit)));
    if (!introduced) return false;
    if (await some(range.fixed, (f) => ancestor(f, commit))) return false;
    if (await some(range.lastAffected, async (l) => !commit.startsWith(l) && !l.startsWith(commit) && (await ancestor(l, commit)))) return false;
    if (range.limit.length > 0) return some(range.limit, async (l) => !commit.startsWith(l) && !l.startsWith(commit) && (await ancestor(commit, l)));
    return true;
  }
}

/** Parses `URL=PATH` pairs (the --git-clone option) into a map. */
export function parseCloneOptions(pairs: readonly string[]): Map<string, string> | { error: string } {
  const map = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) return { error: `--git-clone wants URL=PATH, got "${pair}"` };
    map.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return map;
}
