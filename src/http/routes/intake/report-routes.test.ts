import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openClearinghouse, type Clearinghouse } from '../../../services/clearinghouse.js';
import { readJson, sharedDataPath } from '../../../testing/shared-data.js';
import { createTestStore, testDialects, type TestStore } from '../../../testing/test-stores.js';
import { buildApp } from '../../app.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../domain/intake/fixtures/${name}`, import.meta.url));

/** A synthetic AddressSanitizer report, as clang prints one (addresses and paths differ between the two reporters). */
const asanTrace = (address: string, root: string) => `=================================================================
==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address ${address} at pc 0x55d3c1 bp 0x7ffd sp 0x7ffc
READ of size 4 at ${address} thread T0
    #0 0x55d3c1 in png_read_row ${root}/libpng/pngread.c:512:9
    #1 0x55d3c2 in png_read_image ${root}/libpng/pngread.c:690:7
    #2 0x55d3c3 in decode_file ${root}/tools/decode.c:41:3
    #3 0x7f00 in __libc_start_main
SUMMARY: AddressSanitizer: heap-buffer-overflow ${root}/libpng/pngread.c:512:9 in png_read_row`;

const report = (title: string, description: string, trace: string) => ({
  title,
  description,
  affected: [{ purl: 'pkg:generic/libpng@1.6.40', versions: ['1.6.40'] }],
  cwe: 'CWE-122',
  cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H',
  stackTrace: trace,
});

for (const dialect of testDialects) {
  describe(`report intake over HTTP on ${dialect}`, () => {
    let store: TestStore;
    let ch: Clearinghouse;
    let app: FastifyInstance;
    const tmp = mkdtempSync(join(tmpdir(), 'ch-http-intake-'));
    const tokens: Record<string, string> = {};
    const call = (who: string | undefined, method: 'GET' | 'POST', url: string, body?: object, headers: Record<string, string> = {}) =>
      app.inject({ method, url, headers: { ...headers, ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) }, ...(body ? { payload: body } : {}) });

    before(async () => {
      store = await createTestStore(dialect);
      ch = await openClearinghouse({ db: store.location, loadIndex: false });
      app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot: join(tmp, 'no-web'), logger: false, operators: ch });
      await ch.accounts.createOrganization({ name: 'Frontier Lab', type: 'lab' });
      await ch.accounts.createOrganization({ name: 'CAISI', type: 'agency' });
      await ch.accounts.createOrganization({ name: 'Clearinghouse', type: 'clearinghouse' });
      for (const [who, org] of [['lab', 'Frontier Lab'], ['agency', 'CAISI'], ['analyst', 'Clearinghouse']] as const) {
        await ch.accounts.createUser({ orgName: org, email: `${who}@example.org`, role: 'analyst', password: 'correct horse battery' });
        tokens[who] = (await ch.accounts.createToken({ email: `${who}@example.org`, name: 'test', scopes: ['write'] })).secret;
      }
    });
    after(async () => {
      await app.close();
      await ch.close();
      await store.dispose();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('stores a report once per Idempotency-Key and puts the same crash told in other words in the same cluster', async () => {
      const body = { source: { kind: 'model', model: 'frontier-1', engagementId: 'eng-7' }, tlp: 'AMBER', document: report('Heap overflow in libpng row reader', 'Reading a crafted PNG overflows the row buffer.', asanTrace('0x602000000010', '/src')) };
      const first = await call('lab', 'POST', '/v1/reports', body, { 'idempotency-key': 'run-1-finding-1' });
      assert.equal(first.statusCode, 201, first.body);
      const placed = first.json<{ reportId: string; clusterId: string; replayed: boolean }>();
      assert.equal(placed.replayed, false);
      const again = await call('lab', 'POST', '/v1/reports', body, { 'idempotency-key': 'run-1-finding-1' });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json<{ reportId: string }>().reportId, placed.reportId);

      const other = { source: { kind: 'person', name: 'CAISI reviewer' }, document: report('libpng: out-of-bounds read when decoding rows', 'A malformed image makes png_read_row read past its heap allocation.', asanTrace('0x6190000a1b2c', '/home/build/work')) };
      const second = await call('agency', 'POST', '/v1/reports', other);
      assert.equal(second.statusCode, 201, second.body);
      const joined = second.json<{ clusterId: string; findings: { rule: string | null; detail: string | null }[] }>();
      assert.equal(joined.clusterId, placed.clusterId);
      assert.equal(joined.findings[0]!.rule, 'crash-signature');
      assert.match(joined.findings[0]!.detail ?? '', /png_read_row/);
    });

    it('shows a report to its owner and the clearinghouse, and to no other organization', async () => {
      const created = await call('lab', 'POST', '/v1/reports', { source: { kind: 'scanner', tool: 'fuzz-harness' }, document: report('Another libpng bug', 'Different text entirely about a different thing in a different place.', asanTrace('0x1', '/x').replace(/png_read_row/g, 'png_handle_iCCP')) });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json<{ reportId: string }>().reportId;
      assert.equal((await call('lab', 'GET', `/v1/reports/${id}`)).statusCode, 200);
      const seen = await call('analyst', 'GET', `/v1/reports/${id}`);
      assert.equal(seen.statusCode, 200, seen.body);
      assert.equal(seen.json<{ report: { source: { tool: string } } }>().report.source.tool, 'fuzz-harness');
      assert.equal((await call('agency', 'GET', `/v1/reports/${id}`)).statusCode, 404);
      assert.equal((await call(undefined, 'GET', `/v1/reports/${id}`)).statusCode, 401);
    });

    it('refuses bad input with the field at fault and stores nothing', async () => {
      const count = async () => Number((await ch.store.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      const badPurl = await call('lab', 'POST', '/v1/reports', { source: { kind: 'person', name: 'x' }, document: { ...report('t', 'd', ''), affected: [{ purl: 'pkg:nosuchtype/x@1' }] } });
      assert.equal(badPurl.statusCode, 400, badPurl.body);
      assert.match(String(badPurl.headers['content-type']), /application\/problem\+json/);
      assert.equal(badPurl.json<{ errors: { field: string }[] }>().errors[0]!.field, '/document/affected/0/purl');
      const badCwe = await call('lab', 'POST', '/v1/reports', { source: { kind: 'person', name: 'x' }, document: { ...report('t', 'd', ''), cwe: 'CWE-abc' } });
      assert.equal(badCwe.statusCode, 400);
      assert.equal(badCwe.json<{ errors: { field: string }[] }>().errors[0]!.field, '/document/cwe');
      const red = await call('lab', 'POST', '/v1/reports', { source: { kind: 'person', name: 'x' }, tlp: 'RED', document: report('t', 'd', '') });
      assert.equal(red.statusCode, 400);
      const attachment = await call('lab', 'POST', '/v1/reports', { source: { kind: 'person', name: 'x' }, document: report('t', 'd', ''), attachments: [{ name: 'poc', mediaType: 'application/octet-stream', content: '***' }] });
      assert.equal(attachment.statusCode, 400);
      assert.equal(attachment.json<{ errors: { field: string }[] }>().errors[0]!.field, '/attachments/0/content');
      assert.equal(await count(), before);
    });

    it('takes a gzip-encoded body and refuses gzip bombs, oversized SARIF, malformed CSAF and bad CVSS whole', async () => {
      const count = async () => Number((await ch.store.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      const post = (payload: Buffer | string, headers: Record<string, string> = {}) =>
        app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization: `Bearer ${tokens['lab']}`, 'content-type': 'application/json', ...headers }, payload });
      const source = { kind: 'scanner', tool: 'sarif-uploader' };
      const sarif = JSON.parse(readFileSync(fixture('ResultStacks.sarif'), 'utf8')) as unknown;
      const gzipped = await post(gzipSync(JSON.stringify({ source, document: sarif })), { 'content-encoding': 'gzip' });
      assert.equal(gzipped.statusCode, 201, gzipped.body);
      assert.equal(await count(), before + 1);

      // 200 MiB of one letter compress to about 200 KiB: the inflated body passes the 48 MiB limit.
      const bomb = gzipSync(Buffer.concat([Buffer.from(`{"source":${JSON.stringify(source)},"document":"`), Buffer.alloc(200 * 1024 * 1024, 0x61), Buffer.from('"}')]));
      assert.ok(bomb.length < 1024 * 1024);
      const exploded = await post(bomb, { 'content-encoding': 'gzip' });
      assert.equal(exploded.statusCode, 413, exploded.body);
      assert.match(String(exploded.headers['content-type']), /application\/problem\+json/);
      const corrupt = await post(gzipSync('{"source":{}}').subarray(0, 10), { 'content-encoding': 'gzip' });
      assert.equal(corrupt.statusCode, 400, corrupt.body);
      const brotli = await post('{}', { 'content-encoding': 'br' });
      assert.equal(brotli.statusCode, 415, brotli.body);

      const huge = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'y'.repeat(17 * 1024 * 1024) } }] }] };
      const oversized = await post(JSON.stringify({ source, document: JSON.stringify(huge) }));
      assert.equal(oversized.statusCode, 413, oversized.body.slice(0, 300));
      assert.deepEqual(oversized.json<{ errors: { field: string }[] }>().errors.map((e) => e.field), ['/document']);

      const csaf = readJson<{ document: Record<string, unknown> }>(sharedDataPath('csaf', 'examples', 'cisco-sa-20180328-smi2.json'));
      const malformed = await post(JSON.stringify({ source, document: { ...csaf, document: { ...csaf.document, tracking: { id: 'x' } } } }));
      assert.equal(malformed.statusCode, 400, malformed.body.slice(0, 300));
      assert.ok(malformed.json<{ errors: { field: string }[] }>().errors.every((e) => e.field.startsWith('/document/document/tracking')), malformed.body.slice(0, 600));

      const badCvss = await post(JSON.stringify({ source, document: { ...report('t', 'd', ''), cvss: 'CVSS:3.1/AV:N/AC:Q' } }));
      assert.equal(badCvss.statusCode, 400, badCvss.body);
      assert.equal(badCvss.json<{ errors: { field: string }[] }>().errors[0]!.field, '/document/cvss');
      assert.equal(await count(), before + 1);
    });

    it('keeps an attachment name as text: a path in it is shown, never followed', async () => {
      const name = `../../../${tmp.slice(1)}/escaped-${dialect}.txt`;
      const created = await call('lab', 'POST', '/v1/reports', { source: { kind: 'person', name: 'x' }, document: report('Traversal name', 'An attachment named like a path.', ''), attachments: [{ name, mediaType: 'text/plain', content: Buffer.from('poc').toString('base64') }] });
      assert.equal(created.statusCode, 201, created.body);
      const shown = await call('lab', 'GET', `/v1/reports/${created.json<{ reportId: string }>().reportId}`);
      assert.deepEqual(shown.json<{ attachments: { name: string; size: number }[] }>().attachments.map((a) => [a.name, a.size]), [[name, 3]]);
      assert.equal(existsSync(join(tmp, `escaped-${dialect}.txt`)), false);
      assert.equal(existsSync(join(process.cwd(), name)), false);
    });
  });
}
