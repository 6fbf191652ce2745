import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { buildApp } from '../http/app.js';
import { openClearinghouse } from '../services/clearinghouse.js';
import { repoRoot, sharedDataPath } from '../testing/shared-data.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');
const fixtures = join(repoRoot, 'src/services/import/fixtures');

function run(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env, CLEARINGHOUSE_DB: '' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('clearinghouse CLI', () => {
  let tmp: string;
  let db: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-cli-'));
    db = join(tmp, 'cli.db');
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('explains itself and each command with --help', () => {
    const top = run(['--help']);
    assert.equal(top.status, 0);
    for (const command of ['serve', 'import', 'sync', 'query']) {
      assert.match(top.stdout, new RegExp(`\\b${command}\\b`));
      const help = run([command, '--help']);
      assert.equal(help.status, 0, command);
      assert.match(help.stdout, /--db <location>/);
    }
  });

  it('exits 2 on usage errors, with a message', () => {
    assert.equal(run(['import']).status, 2);
    assert.equal(run(['no-such-command']).status, 2);
    const missing = run(['import', '--db', db, join(tmp, 'nope.json')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such file or folder/);
    const badPurl = run(['query', '--db', db, 'pkg:']);
    assert.equal(badPurl.status, 2);
    assert.match(badPurl.stderr, /package\/purl/);
    assert.equal(run(['serve', '--db', db, '--port', '99999']).status, 2);
  });

  it('imports, lists rejections with file and line, and prints the summary; exit 0', () => {
    const r = run(['import', '--db', db, join(repoRoot, 'sample-data'), join(fixtures, 'rustsec.jsonl.gz')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /added \d+, updated 0, unchanged \d+, rejected 2/);
    assert.match(r.stderr, /rejected .*rustsec\.jsonl\.gz:4 BROKEN-1/);
    assert.match(r.stderr, /rejected .*rustsec\.jsonl\.gz:5: invalid JSON/);
    const again = run(['import', '--db', db, join(repoRoot, 'sample-data')]);
    assert.match(again.stdout, /added 0, updated 0, unchanged \d+, rejected 0/);
  });

  it('shows a progress bar when stderr is a terminal, and none when it is not', () => {
    // util-linux `script` gives the command a pseudo-terminal.
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${bin} import --db ${join(tmp, 'tty.db')} ${join(repoRoot, 'sample-data')}`, '/dev/null'], { encoding: 'utf8' });
    assert.equal(tty.status, 0, tty.stderr);
    assert.match(tty.stdout, /importing \[=+\] 100% \| \d+ items/);
    const piped = run(['import', '--db', join(tmp, 'piped.db'), join(repoRoot, 'sample-data')]);
    assert.doesNotMatch(piped.stderr + piped.stdout, /importing \[/);
  });

  it('query --json prints exactly the body POST /v1/query returns', async () => {
    const r = run(['query', '--db', db, '--json', 'pkg:pypi/jinja2@2.4.1']);
    assert.equal(r.status, 0, r.stderr);
    const ch = await openClearinghouse({ db, loadIndex: true });
    const app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot: tmp, logger: false });
    const res = await app.inject({ method: 'POST', url: '/v1/query', payload: { package: { purl: 'pkg:pypi/jinja2@2.4.1' } } });
    await app.close();
    await ch.close();
    assert.deepEqual(JSON.parse(r.stdout), res.json());
    const human = run(['query', '--db', db, '--ecosystem', 'PyPI', '--package', 'jinja2', '--version', '2.4.1']);
    assert.match(human.stdout, /PYSEC-2014-8/);
    assert.match(human.stdout, /\d+ vulnerabilities/);
  });

  it('sync pulls feeds from an HTTP server, then skips them when unchanged (ETag)', async () => {
    const kev = readFileSync(sharedDataPath('kev/known_exploited_vulnerabilities.json'));
    const zip = readFileSync(join(fixtures, 'osv-export.zip'));
    const requests: { url: string; status: number }[] = [];
    const server: Server = createServer((req, res) => {
      const body = req.url === '/kev.json' ? kev : req.url === '/osv/Go/all.zip' ? zip : undefined;
      if (!body) {
        res.writeHead(404).end();
        requests.push({ url: req.url ?? '', status: 404 });
        return;
      }
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      const status = req.headers['if-none-match'] === etag ? 304 : 200;
      requests.push({ url: req.url ?? '', status });
      res.writeHead(status, { etag });
      res.end(status === 200 ? body : undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const syncDb = join(tmp, 'sync.db');
    const args = ['sync', '--db', syncDb, '--osv-base', `http://127.0.0.1:${port}/osv`, '--ecosystem', 'Go', '--kev-url', `http://127.0.0.1:${port}/kev.json`];
    const runAsync = (a: string[]) =>
      new Promise<{ status: number; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, ...a], { env: { ...process.env, CLEARINGHOUSE_DB: '' } });
        let stdout = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.on('exit', (status) => resolve({ status: status ?? -1, stdout }));
      });
    try {
      const first = await runAsync(args);
      assert.equal(first.status, 0, first.stdout);
      assert.match(first.stdout, /all\.zip: added 3/);
      assert.match(first.stdout, /kev\.json: added 1404/);
      const second = await runAsync(args);
      assert.match(second.stdout, /all\.zip: not modified/);
      assert.match(second.stdout, /kev\.json: not modified/);
      assert.deepEqual(requests.map((r) => r.status), [200, 200, 304, 304]);
      const failed = await runAsync(['sync', '--db', syncDb, '--no-kev', '--osv-base', `http://127.0.0.1:${port}/osv`, '--ecosystem', 'npm']);
      assert.equal(failed.status, 1);
    } finally {
      server.close();
    }
  });

  it('loses no committed batch and writes no partial one when killed with SIGKILL mid-import', async () => {
    const killDb = join(tmp, 'kill.db');
    const source = sharedDataPath('osv/pypi.jsonl.gz');
    const child = spawn(process.execPath, [bin, 'import', '--db', killDb, source], { env: { ...process.env, CLEARINGHOUSE_DB: '' } });
    // Kill as soon as the first batches are committed.
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const probe = new BetterSqlite3(killDb, { readonly: true });
        const n = (probe.prepare('select count(*) as n from vulnerabilities').get() as { n: number }).n;
        probe.close();
        if (n > 0) break;
      } catch {
        // the file or table does not exist yet
      }
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const check = new BetterSqlite3(killDb);
    assert.equal((check.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    const n = (check.prepare('select count(*) as n from vulnerabilities').get() as { n: number }).n;
    const changes = (check.prepare('select count(*) as n from vulnerability_changes').get() as { n: number }).n;
    check.close();
    assert.ok(n > 0);
    // 2,403 records, of which 6 fail the OSV schema (see ../shared/data/README.md).
    assert.equal(n % 500 === 0 || n === 2397, true, `whole batches only, got ${n}`);
    assert.equal(changes, n, 'every stored record has its change-log entry: no half-written batch');
    const resumed = run(['import', '--db', killDb, source]);
    assert.match(resumed.stdout, new RegExp(`added ${2397 - n}, updated 0, unchanged ${n}, rejected 6`));
  });
});
