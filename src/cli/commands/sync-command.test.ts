import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../http/app.js';
import { openClearinghouse, type Clearinghouse } from '../../services/clearinghouse.js';
import { FeedService } from '../../services/feed/feed-service.js';
import { repoRoot } from '../../testing/shared-data.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');

/** Runs the CLI without blocking this process, which serves the feed it pulls. */
function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, CLEARINGHOUSE_DB: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

/** Records, KEV and EPSS of a store, in a comparable order. */
async function contents(db: string): Promise<unknown> {
  const ch = await openClearinghouse({ db, loadIndex: false });
  try {
    return {
      records: await ch.store.db.selectFrom('vulnerabilities').select(['id', 'modified', 'record']).orderBy('id').execute(),
      kev: await ch.store.db.selectFrom('kev_entries').selectAll().orderBy('cve_id').execute(),
      epss: await ch.store.db.selectFrom('epss_scores').selectAll().orderBy('cve_id').execute(),
    };
  } finally {
    await ch.close();
  }
}

describe('clearinghouse sync --from', () => {
  let tmp: string;
  let server: Clearinghouse;
  let app: FastifyInstance;
  let serverUrl: string;
  let serverDb: string;
  /** Loopback proxy: passes requests, cuts the connection, or alters a page after it was digested. */
  let proxy: Server;
  let proxyUrl: string;
  let proxyAction: (n: number) => 'pass' | 'cut' | 'tamper' = () => 'pass';
  let proxyRequests = 0;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-sync-from-'));
    serverDb = join(tmp, 'server.db');
    server = await openClearinghouse({ db: serverDb, loadIndex: true });
    await server.importer.importPaths([join(repoRoot, 'sample-data'), join(repoRoot, 'src/services/import/fixtures/epss-sample.csv')]);
    app = await buildApp({ knowledgeBase: server.knowledgeBase, queries: server.queries, webRoot: join(tmp, 'no-web'), logger: false, feed: new FeedService(server.store) });
    serverUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    proxy = createServer((req, res) => {
      const action = proxyAction(++proxyRequests);
      if (action === 'cut') {
        res.socket?.destroy();
        return;
      }
      void (async () => {
        const upstream = await fetch(`${serverUrl}${req.url ?? ''}`);
        const text = await upstream.text();
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'repr-digest', 'page-sha256']) headers[name] = upstream.headers.get(name) ?? '';
        res.writeHead(upstream.status, headers).end(action === 'tamper' ? text.replace('"id":"', '"id":"X') : text);
      })();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  });
  after(async () => {
    proxy.close();
    await app.close();
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('explains --from with examples in --help', async () => {
    const help = await run(['sync', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--from <url>/);
    assert.match(help.stdout, /--page-size <n>/);
    assert.match(help.stdout, /--restart/);
    assert.match(help.stdout, /clearinghouse sync --from https:\/\/clearinghouse\.example\.gov/);
  });

  it('refuses misuse with exit 2', async () => {
    const db = join(tmp, 'misuse.db');
    const cases: [string[], RegExp][] = [
      [['--from', 'ftp://127.0.0.1/'], /--from: not an http\(s\) URL/],
      [['--from', serverUrl, '--ecosystem', 'Go', '--no-kev'], /leave out --ecosystem, --no-kev/],
      [['--from', serverUrl, '--page-size', '0'], /--page-size must be a whole number/],
      [['--restart', '--ecosystem', 'Go'], /--page-size and --restart go with --from/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['sync', '--db', db, ...args]);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });

  it('pulls the whole feed into an empty store with progress and a summary, then nothing on a second run', async () => {
    const db = join(tmp, 'client.db');
    const first = await run(['sync', '--from', serverUrl, '--db', db, '--page-size', '100']);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /^page 1: 100 records, 0 KEV entries, 0 EPSS scores \(added 100, updated 0, unchanged 0, rejected 0\)$/m);
    assert.match(first.stderr, /^page 4: 96 records, 1404 KEV entries, 2 EPSS scores \(added 1502, updated 0, unchanged 0, rejected 0\)$/m);
    assert.equal(first.stdout, `${serverUrl}/v1/feed: pages 4, added 1802, updated 0, unchanged 0, rejected 0\n`);
    assert.deepEqual(await contents(db), await contents(serverDb));
    const second = await run(['sync', '--from', `${serverUrl}/`, '--db', db, '--page-size', '100']);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, `${serverUrl}/v1/feed: pages 1, added 0, updated 0, unchanged 0, rejected 0\n`);
  });

  it('exits 1 when the server goes away or a page fails its SHA-256, keeps the pages before, and completes on a rerun', async () => {
    const db = join(tmp, 'resumed.db');
    proxyRequests = 0;
    proxyAction = (n) => (n <= 2 ? 'pass' : 'cut');
    const cut = await run(['sync', '--from', proxyUrl, '--db', db, '--page-size', '100']);
    assert.equal(cut.status, 1);
    assert.match(cut.stderr, /failed at page 3: cannot fetch/);
    assert.match(cut.stdout, /pages 2, added 200,/);

    proxyRequests = 0;
    proxyAction = (n) => (n === 1 ? 'tamper' : 'pass');
    const tampered = await run(['sync', '--from', proxyUrl, '--db', db, '--page-size', '100']);
    assert.equal(tampered.status, 1);
    assert.match(tampered.stderr, /failed at page 1: .*does not match its SHA-256/);
    assert.match(tampered.stdout, /pages 0, added 0,/);

    proxyAction = () => 'pass';
    const rerun = await run(['sync', '--from', proxyUrl, '--db', db, '--page-size', '100']);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, /pages 2, added 1602, updated 0, unchanged 0, rejected 0/);
    assert.deepEqual(await contents(db), await contents(serverDb));
  });
});
