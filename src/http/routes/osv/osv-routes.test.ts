import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openClearinghouse, type Clearinghouse } from '../../../services/clearinghouse.js';
import { repoRoot } from '../../../testing/shared-data.js';
import { buildApp } from '../../app.js';

describe('OSV v1 API', () => {
  let tmp: string;
  let ch: Clearinghouse;
  let app: FastifyInstance;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-http-'));
    ch = await openClearinghouse({ db: join(tmp, 'test.db'), loadIndex: true, limits: { pageSize: 2, batchPageSize: 2, maxBatch: 1000 } });
    await ch.importer.importPaths([join(repoRoot, 'sample-data')]);
    app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot: join(tmp, 'no-web'), logger: false, bodyLimit: 256 * 1024 });
  });
  after(async () => {
    await app.close();
    await ch.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

  /** Every page of a query, following next_page_token. */
  async function allIds(query: Record<string, unknown>): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const res = await post('/v1/query', { ...query, ...(token ? { page_token: token } : {}) });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      ids.push(...(body.vulns ?? []).map((v: { id: string }) => v.id));
      token = body.next_page_token;
    } while (token);
    return ids;
  }

  it('answers a purl query with the same records as the name+ecosystem form, across pages', async () => {
    const byPurl = await allIds({ package: { purl: 'pkg:pypi/jinja2@2.4.1' } });
    const byName = await allIds({ package: { name: 'Jinja2', ecosystem: 'PyPI' }, version: '2.4.1' });
    assert.ok(byPurl.length >= 3, `jinja2 2.4.1 has several advisories, got ${byPurl.join(',')}`);
    assert.deepEqual(byPurl, byName);
    assert.deepEqual([...byPurl].sort(), byPurl, 'sorted by id');
  });

  it('does not list advisories fixed before the queried version', async () => {
    const latest = await allIds({ package: { purl: 'pkg:pypi/jinja2@3.1.6' } });
    const old = await allIds({ package: { purl: 'pkg:pypi/jinja2@2.4.1' } });
    assert.ok(latest.length < old.length);
  });

  it('returns {} when nothing matches, as OSV.dev does', async () => {
    const res = await post('/v1/query', { package: { name: 'no-such-package', ecosystem: 'PyPI' }, version: '1.0' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {});
  });

  it('answers querybatch with ids and modified times, in query order', async () => {
    const res = await post('/v1/querybatch', {
      queries: [
        { package: { purl: 'pkg:pypi/jinja2@2.4.1' } },
        { package: { name: 'no-such-package', ecosystem: 'npm' }, version: '1.0.0' },
        { package: { name: 'github.com/coreos/ignition/v2', ecosystem: 'Go' }, version: '2.13.0' },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const { results } = res.json();
    assert.equal(results.length, 3);
    assert.equal(results[0].vulns.length, 2, 'first page of 2');
    assert.ok(results[0].next_page_token);
    assert.deepEqual(results[1], {});
    assert.deepEqual(results[2].vulns.map((v: { id: string }) => v.id), ['GO-2022-0451']);
    assert.match(results[2].vulns[0].modified, /^\d{4}-\d\d-\d\dT/);
  });

  it('rejects more than 1,000 queries with the field at fault', async () => {
    const queries = Array.from({ length: 1001 }, () => ({ package: { purl: 'pkg:npm/a@1.0.0' } }));
    const res = await app.inject({ method: 'POST', url: '/v1/querybatch', payload: { queries }, headers: {} });
    // 1,001 small queries fit the body limit, so the count check answers.
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().errors[0].field, '/queries');
  });

  it('gets a record by id, and by an alias carried by one record', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/vulns/GO-2022-0451' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().id, 'GO-2022-0451');
    const record = res.json();
    const alias = (record.aliases as string[])[0]!;
    const byAlias = await app.inject({ method: 'GET', url: `/v1/vulns/${alias}` });
    assert.equal(byAlias.statusCode, 200, byAlias.body);
    assert.equal(byAlias.json().id, 'GO-2022-0451');
  });

  it('flags KEV-listed records with the catalog fields', async () => {
    const firstCve = JSON.parse(readFileSync(join(repoRoot, 'sample-data/cve-sample.jsonl'), 'utf8').split('\n')[0]!);
    const id: string = firstCve.cveMetadata.cveId;
    const catalog = JSON.parse(readFileSync(join(repoRoot, 'sample-data/kev/known_exploited_vulnerabilities.json'), 'utf8'));
    const entry = catalog.vulnerabilities.find((v: { cveID: string }) => v.cveID === id);
    const res = await app.inject({ method: 'GET', url: `/v1/vulns/${id}` });
    assert.equal(res.statusCode, 200, res.body);
    const kev = res.json().database_specific.kev;
    assert.equal(kev.cveID, id);
    assert.equal(kev.dateAdded, entry.dateAdded);
    assert.equal(kev.dueDate, entry.dueDate);
  });

  it('answers problem+json with the field at fault for bad input', async () => {
    const cases: [unknown, string][] = [
      [{ package: { purl: 'not-a-purl' } }, '/package/purl'],
      [{ package: { name: 'x', ecosystem: 'NoSuchEcosystem' }, version: '1' }, '/package/ecosystem'],
      [{ package: { name: 'jinja2', ecosystem: 'PyPI' }, version: 'not a version!' }, '/version'],
      [{ package: { name: 'jinja2', ecosystem: 'PyPI' }, version: '1.0', commit: 'abcdef1' }, '/version'],
      [{ package: { name: 'jinja2' }, version: '1.0' }, '/package/ecosystem'],
      [{ package: { name: 'jinja2', ecosystem: 'PyPI', colour: 'red' } }, '/package'],
      [{ package: { name: 'jinja2', ecosystem: 'PyPI' }, page_token: '!!' }, '/page_token'],
    ];
    for (const [payload, field] of cases) {
      const res = await post('/v1/query', payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const body = res.json();
      assert.equal(body.status, 400);
      assert.ok(body.errors.some((e: { field: string }) => e.field === field), `${JSON.stringify(payload)} → ${res.body}`);
    }
  });

  it('answers 413 over the body limit, 404 for an unknown id, 400 for broken JSON', async () => {
    const big = await app.inject({ method: 'POST', url: '/v1/query', payload: JSON.stringify({ version: 'x'.repeat(300 * 1024) }), headers: { 'content-type': 'application/json' } });
    assert.equal(big.statusCode, 413);
    assert.match(String(big.headers['content-type']), /problem\+json/);
    const missing = await app.inject({ method: 'GET', url: '/v1/vulns/GHSA-none-none-none' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().status, 404);
    const broken = await app.inject({ method: 'POST', url: '/v1/query', payload: '{"package":', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.statusCode, 400);
    assert.match(String(broken.headers['content-type']), /problem\+json/);
  });

  it('describes itself in OpenAPI 3.1', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/v1/query'].post);
    assert.ok(doc.paths['/v1/querybatch'].post);
    assert.ok(doc.paths['/v1/vulns/{id}'].get);
  });
});
