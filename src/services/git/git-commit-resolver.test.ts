import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openClearinghouse, type Clearinghouse } from '../clearinghouse.js';
import { GitCommitResolver, parseCloneOptions } from './git-commit-resolver.js';

const repoUrl = 'https://example.org/demo.git';

describe('commit queries against a local clone', () => {
  let tmp: string;
  let ch: Clearinghouse;
  const commits: string[] = [];
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-git-'));
    const repo = join(tmp, 'repo');
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
    execFileSync('git', ['init', '-q', repo]);
    git('config', 'user.email', 'test@example.org');
    git('config', 'user.name', 'Test');
    for (let i = 1; i <= 5; i++) {
      writeFileSync(join(repo, 'file.txt'), `version ${i}\n`);
      git('add', 'file.txt');
      git('commit', '-qm', `commit ${i}`);
      commits.push(git('rev-parse', 'HEAD'));
    }
    // c1 → c2 (bug introduced) → c3 → c4 (fixed) → c5
    const record = {
      id: 'OSV-2024-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [{ ranges: [{ type: 'GIT', repo: repoUrl, events: [{ introduced: commits[1] }, { fixed: commits[3] }] }] }],
    };
    writeFileSync(join(tmp, 'demo.json'), JSON.stringify(record));
    ch = await openClearinghouse({ db: join(tmp, 'test.db'), loadIndex: true, commits: new GitCommitResolver(new Map([[repoUrl, repo]])) });
    const summary = await ch.importer.importPaths([join(tmp, 'demo.json')]);
    assert.equal(summary.added, 1, JSON.stringify(summary.rejections));
  });
  after(async () => {
    await ch.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('matches the commit the record names, and commits between introduced and fixed in history', async () => {
    assert.deepEqual(await ch.knowledgeBase.matchCommit(commits[1]!), ['OSV-2024-1']);
    assert.deepEqual(await ch.knowledgeBase.matchCommit(commits[2]!), ['OSV-2024-1'], 'not named by the record, found in history');
  });

  it('does not match commits before the bug or from the fix on', async () => {
    assert.deepEqual(await ch.knowledgeBase.matchCommit(commits[0]!), []);
    assert.deepEqual(await ch.knowledgeBase.matchCommit(commits[3]!), []);
    assert.deepEqual(await ch.knowledgeBase.matchCommit(commits[4]!), []);
  });

  it('answers through the OSV query use case too', async () => {
    const response = await ch.queries.query({ commit: commits[2]! });
    assert.deepEqual(response.vulns?.map((v) => v.id), ['OSV-2024-1']);
  });

  it('reads --git-clone URL=PATH pairs and rejects malformed ones', () => {
    assert.deepEqual(parseCloneOptions(['https://h/r.git=/srv/r']), new Map([['https://h/r.git', '/srv/r']]));
    assert.ok('error' in parseCloneOptions(['no-equals-sign']));
  });
});
