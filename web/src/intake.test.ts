// The intake views in a real Chromium against the real server and a SQLite store: the report
// form (its Markdown preview, field errors, attachment limit and idempotency key), a report's
// page, the intake queue, and a cluster's page with an analyst's splits and merges. Above all,
// a report's Markdown carrying script and event-handler payloads renders inert everywhere it is
// shown. Needs `npm run build:web` first. The tests run in order and build on each other.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page, Request, Response } from 'playwright-core';
import { BrowserPages } from '../../src/testing/browser-pages.js';
import { launchChromium } from '../../src/testing/chromium.js';
import { buildApp } from '../../src/http/app.js';
import { openClearinghouse, type Clearinghouse } from '../../src/services/clearinghouse.js';
import { MAX_ATTACHMENT_BYTES as SERVER_MAX_ATTACHMENT_BYTES } from '../../src/services/intake/intake-service.js';
import type { Principal } from '../../src/domain/access/access-policy.js';
import { repoRoot } from '../../src/testing/shared-data.js';
import { CLUSTER_SORTS, MAX_ATTACHMENT_BYTES, REPORT_TLPS } from './intake-api.js';

const webRoot = join(repoRoot, 'web/dist');
const password = 'correct horse battery';
const analyst = 'analyst@clearinghouse.example';
const labMember = 'member@lab.example';

/** An AddressSanitizer report whose top frames are `frames`: reports with the same ones share a crash signature. */
const asanTrace = (frames: readonly string[]) => `==7==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x1 bp 0x2 sp 0x3
READ of size 8 at 0x602000000010 thread T0
${frames.map((fn, i) => `    #${i} 0x55d3c${i} in ${fn} /src/libxml2/parser.c:${100 + i}:3`).join('\n')}
    #${frames.length} 0x7f00 in __libc_start_main`;

const chunkFrames = ['xmlFreeNode', 'xmlParseChunk', 'xmlReadMemory'];
const purl = 'pkg:generic/libxml2@2.12.0';

const hostileTitle = 'Use after free in xmlParseChunk';
/** Every way a report's Markdown could try to run script, and the same text quoted as code, which must stay visible. */
const hostileDescription = [
  'Heap use-after-free in **xmlParseChunk** when a chunk ends inside a comment.',
  '',
  '<script>window.__pwned=1</script>',
  '',
  '<img src=x onerror="window.__pwned=2">',
  '',
  '[link](javascript:window.__pwned=3)',
  '',
  '<a href="#" onclick="window.__pwned=4">click me</a>',
  '',
  '<svg onload="window.__pwned=5"><circle r="10"/></svg>',
  '',
  '<iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>',
  '',
  '<details open ontoggle="window.__pwned=7"><summary>more</summary>hidden text</details>',
  '',
  'The payload, quoted: `<script>window.__pwned=1</script>`',
  '',
  '```html',
  '<img src=x onerror="window.__pwned=2">',
  '```',
].join('\n');

interface Submitted {
  reportId: string;
  clusterId: string;
  replayed: boolean;
}

/** The parts of an OpenAPI operation the enum check reads. */
interface OpenApiSchema {
  enum?: string[];
  properties?: Record<string, OpenApiSchema>;
}
interface OpenApiOperation {
  requestBody?: { content: Record<string, { schema: OpenApiSchema }> };
  parameters?: { name: string; schema: OpenApiSchema }[];
}

describe('intake views in Chromium', () => {
  let tmp: string;
  let ch: Clearinghouse;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let labPrincipal: Principal;
  let pages: BrowserPages;
  /** Clusters the tests make: A from the hostile report, B by identifier, C a third crash, D split out of A. */
  const clusters = { a: '', b: '', c: '', d: '' };
  /** The analyst's report, which joins A by its crash signature. */
  const analystReport = { title: 'libxml2 UAF when parsing chunks', findingId: '' };

  before(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) {
      throw new Error(`${webRoot}/index.html is missing: run \`npm run build:web\` before this test`);
    }
    tmp = mkdtempSync(join(tmpdir(), 'ch-web-intake-'));
    ch = await openClearinghouse({ db: join(tmp, 'test.db'), loadIndex: false });
    await ch.accounts.createOrganization({ name: 'Clearinghouse', type: 'clearinghouse' });
    await ch.accounts.createOrganization({ name: 'Frontier Lab', type: 'lab' });
    await ch.accounts.createUser({ orgName: 'Clearinghouse', email: analyst, role: 'analyst', password });
    await ch.accounts.createUser({ orgName: 'Frontier Lab', email: labMember, role: 'member', password });
    labPrincipal = (await ch.accounts.signIn(labMember, password)).principal;
    writeFileSync(join(tmp, 'poc.c'), 'int main(void) { return xml_parse_chunk_poc(); }\n');
    writeFileSync(join(tmp, 'too-big.bin'), Buffer.alloc(MAX_ATTACHMENT_BYTES + 1));

    app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot, logger: false, operators: ch });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    pages = new BrowserPages(browser, base);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await ch?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(async () => {
    assert.deepEqual(await pages.closeAll(), [], 'the page threw');
  });


  /** Submits a free-form report through the service, as the lab. */
  async function seedReport(document: object): Promise<string> {
    const submitted = await ch.intake.submit(labPrincipal, { document: JSON.stringify(document), source: { kind: 'model', model: 'frontier-1' } });
    return submitted.clusterId;
  }

  const isReportPost = (r: Request) => r.method() === 'POST' && new URL(r.url()).pathname === '/v1/reports';
  const shortId = (id: string) => id.slice(0, 8);
  const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

  /**
   * The hostile description as rendered inside `text`: Markdown still rendered and the quoted
   * payloads visible, but no handler attribute, no element that runs or embeds anything, and
   * no javascript: link; and nothing ran.
   */
  async function assertInert(page: Page, text: Locator, where: string): Promise<void> {
    await text.locator('strong', { hasText: 'xmlParseChunk' }).waitFor();
    const rendered = await text.evaluate((root) => {
      const elements = [...root.querySelectorAll('*')];
      return {
        handlers: elements.flatMap((e) => [...e.attributes].filter((a) => a.name.toLowerCase().startsWith('on')).map((a) => `${e.tagName} ${a.name}`)),
        active: [...root.querySelectorAll('script, iframe, frame, object, embed, svg, math, style, img, form, [srcdoc]')].map((e) => e.tagName),
        links: [...root.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]),
        text: (root as HTMLElement).innerText,
      };
    });
    assert.deepEqual(rendered.handlers, [], `${where}: event-handler attributes`);
    assert.deepEqual(rendered.active, [], `${where}: active elements`);
    assert.deepEqual(rendered.links, [
      ['link', null],
      ['click me', '#'],
    ], `${where}: links`);
    for (const visible of ['The payload, quoted: <script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=2">', 'click me', 'hidden text']) {
      assert.ok(rendered.text.includes(visible), `${where}: "${visible}" is not shown in ${JSON.stringify(rendered.text)}`);
    }
    assert.equal(await pwned(page), undefined, `${where}: a payload ran`);
  }

  it("lists the same choices and limits as the server", async () => {
    const spec = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, OpenApiOperation>> };
    const reportBody = spec.paths['/v1/reports']!.post!.requestBody!.content['application/json']!.schema.properties!;
    assert.deepEqual(reportBody.tlp?.enum, [...REPORT_TLPS]);
    assert.deepEqual(spec.paths['/v1/clusters']!.get!.parameters!.find((p) => p.name === 'sort')!.schema.enum, [...CLUSTER_SORTS]);
    assert.equal(MAX_ATTACHMENT_BYTES, SERVER_MAX_ATTACHMENT_BYTES);
  });

  it("renders a report's script and event-handler payloads inert in the preview, on the report page and on the cluster page", async () => {
    const page = await pages.signedIn(labMember, password);
    await page.getByRole('link', { name: 'Report a vulnerability' }).click();
    await page.waitForURL(`${base}/reports/new`);
    await page.getByRole('heading', { level: 1, name: 'Report a vulnerability' }).waitFor();
    const form = page.getByRole('form', { name: 'Report a vulnerability' });
    assert.equal(await form.getByLabel('Name', { exact: true }).inputValue(), labMember);

    await form.getByLabel('Title', { exact: true }).fill(hostileTitle);
    await form.getByLabel('Description', { exact: true }).fill(hostileDescription);
    await assertInert(page, form.getByRole('region', { name: 'Preview' }).locator('.report-text'), 'the preview');

    await form.getByLabel('Affected product').fill(purl);
    await form.getByLabel('Affected versions').fill('2.12.0, < 2.12.1');
    await form.getByLabel('Weakness (CWE)').fill('CWE-416');
    await form.getByLabel('CVSS vector').fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H');
    await form.getByLabel('Stack trace').fill(asanTrace(chunkFrames));
    await form.getByLabel('An AI model').check();
    await form.getByLabel('Model', { exact: true }).fill('frontier-1');
    await form.getByLabel('Review engagement').fill('E-7');
    await form.getByLabel('Proof of concept').setInputFiles(join(tmp, 'poc.c'));
    await form.getByRole('status').filter({ hasText: 'poc.c: 49 bytes' }).waitFor();
    await form.getByRole('button', { name: 'Send report' }).click();

    const result = page.locator('.submission-result');
    await result.waitFor();
    assert.match(await result.innerText(), /^Report received\. View the report\.\s+It started a new cluster, cluster [0-9a-f]{8}\./);
    // A lab cannot open clusters, so the cluster is named, not linked.
    assert.equal(await result.getByRole('link', { name: /cluster/ }).count(), 0);
    const reportHref = await result.getByRole('link', { name: 'View the report' }).getAttribute('href');
    assert.match(reportHref ?? '', /^\/reports\/[0-9a-f-]{36}$/);

    await result.getByRole('link', { name: 'View the report' }).click();
    await page.waitForURL(`${base}${reportHref}`);
    await page.getByRole('heading', { level: 1, name: hostileTitle }).waitFor();
    const fact = (term: string) => page.locator('dl.facts div', { has: page.locator('dt', { hasText: term }) }).first().locator('dd').innerText();
    await page.locator('.finding').waitFor();
    assert.deepEqual([await fact('Found by'), await fact('Marking'), await fact('Format')], ['AI model frontier-1 (engagement E-7)', 'TLP:AMBER', 'Free-form report']);
    assert.equal(await fact('Affected'), `${purl} — 2.12.0, < 2.12.1`);
    assert.equal(await fact('Weakness'), 'CWE-416');
    const description = page.locator('.finding .report-text');
    await assertInert(page, description, 'the report page');
    // Clicking the defanged links runs nothing either.
    await description.getByText('click me').click();
    await description.getByText('link', { exact: true }).click();
    assert.equal(await pwned(page), undefined, 'a clicked link ran a payload');

    const reportId = reportHref!.split('/')[2]!;
    const report = (await (await page.request.get(`${base}/v1/reports/${reportId}`)).json()) as { findings: { clusterId: string; rule: string | null }[] };
    clusters.a = report.findings[0]!.clusterId;
    assert.match(await page.locator('.finding .placement').innerText(), new RegExp(`^In cluster ${shortId(clusters.a)}, which it started\\.$`));

    const analystPage = await pages.signedIn(analyst, password);
    await analystPage.goto(`${base}/clusters/${clusters.a}`);
    await analystPage.getByRole('heading', { level: 1, name: hostileTitle }).waitFor();
    await assertInert(analystPage, analystPage.locator('.cluster-finding .report-text'), 'the cluster page');
  });

  it('places a second report of the same crash in the same cluster, says by which rule and what else it matched, and stores a double submission once', async () => {
    clusters.b = await seedReport({ title: 'Crash in htmlParseDoc', description: 'A different crash, already numbered.', affected: [{ purl }], identifiers: ['CVE-2026-40001'], stackTrace: asanTrace(['htmlParseDoc', 'htmlReadMemory', 'main']) });
    assert.notEqual(clusters.b, clusters.a);

    const page = await pages.signedIn(analyst, password);
    assert.deepEqual(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts(), ['Search', 'Assets', 'Exposures', 'Overdue', 'Intake', 'API docs']);
    await page.getByRole('link', { name: 'Report a vulnerability' }).click();
    const form = page.getByRole('form', { name: 'Report a vulnerability' });
    assert.equal(await form.getByLabel('Name', { exact: true }).inputValue(), analyst);
    await form.getByLabel('Title', { exact: true }).fill(analystReport.title);
    await form.getByLabel('Description', { exact: true }).fill('Found while triaging: the *same* crash, reached through the push parser.');
    await form.getByLabel('Affected product').fill(purl);
    await form.getByLabel('Identifiers').fill('CVE-2026-40001');
    await form.getByLabel('Stack trace').fill(asanTrace(chunkFrames));
    await form.getByLabel('Marking').selectOption('GREEN');

    // Two submissions of one form before the first is answered: one report.
    const keys: string[] = [];
    const answers: Submitted[] = [];
    page.on('request', (r) => {
      if (isReportPost(r)) keys.push(r.headers()['idempotency-key'] ?? '');
    });
    const bothAnswered = new Promise<void>((resolve) => {
      page.on('response', (r: Response) => {
        if (!isReportPost(r.request())) return;
        void r.json().then((body: Submitted) => {
          answers.push(body);
          if (answers.length === 2) resolve();
        });
      });
    });
    await form.evaluate((element) => {
      const f = element as HTMLFormElement;
      f.requestSubmit();
      f.requestSubmit();
    });
    await bothAnswered;
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1]);
    assert.match(keys[0]!, /^[0-9a-f]{32}$/);
    assert.equal(answers[0]!.reportId, answers[1]!.reportId);
    assert.deepEqual(answers.map((a) => a.replayed).sort(), [false, true]);

    const result = page.locator('.submission-result');
    await result.waitFor();
    const text = await result.innerText();
    assert.match(text, new RegExp(`It joined cluster ${shortId(clusters.a)} by crash-signature \\(score 0\\.85\\): `));
    assert.match(text, new RegExp(`It also matched:\\s+cluster ${shortId(clusters.b)} by identifier \\(score 0\\.80\\): `));
    assert.equal(await result.locator('.placement > p').first().getByRole('link').getAttribute('href'), `/clusters/${clusters.a}`);
    assert.equal(await result.locator('ul.alternatives').getByRole('link').getAttribute('href'), `/clusters/${clusters.b}`);

    await result.getByRole('link', { name: 'View the report' }).click();
    await page.getByRole('heading', { level: 1, name: analystReport.title }).waitFor();
    const placement = page.locator('.finding .placement');
    assert.match(await placement.innerText(), new RegExp(`^In cluster ${shortId(clusters.a)}, joined by crash-signature \\(score 0\\.85\\): `));
    await placement.getByRole('link').click();
    await page.waitForURL(`${base}/clusters/${clusters.a}`);

    const cards = page.locator('article.cluster-finding');
    await cards.nth(1).waitFor();
    assert.equal(await cards.count(), 2);
    assert.deepEqual(await cards.locator('h2').allInnerTexts(), [`${hostileTitle}Canonical`, analystReport.title]);
    assert.match(await cards.nth(0).locator('.why').innerText(), /^Why it is here: It started this cluster\./);
    const why = cards.nth(1).locator('.why');
    assert.match(await why.innerText(), new RegExp(`^Why it is here: Joined by crash-signature \\(score 0\\.85\\): .+ \\(matched “${hostileTitle}”\\)\\.`));
    assert.equal(await why.getByRole('link', { name: hostileTitle }).getAttribute('href'), `#${await cards.nth(0).getAttribute('id')}`);
    assert.equal(await why.locator('ul.alternatives').getByRole('link').getAttribute('href'), `/clusters/${clusters.b}`);
    const cardFact = (card: Locator, term: string) => card.locator('dl.facts div', { has: page.locator('dt', { hasText: term }) }).first().locator('dd').innerText();
    assert.deepEqual([await cardFact(cards.nth(0), 'Found by'), await cardFact(cards.nth(0), 'Marking')], ['AI model frontier-1', 'TLP:AMBER']);
    assert.deepEqual([await cardFact(cards.nth(1), 'Found by'), await cardFact(cards.nth(1), 'Marking')], [analyst, 'TLP:GREEN']);
    assert.equal(await cardFact(cards.nth(1), 'Report'), 'Free-form report');
    assert.equal(await cards.nth(1).getByRole('link', { name: 'Free-form report' }).getAttribute('href'), `/reports/${answers[0]!.reportId}`);
    analystReport.findingId = (await cards.nth(1).getAttribute('id'))!.slice('finding-'.length);
  });

  it('lists the clusters in the intake queue, sorted and paged as the URL says', async () => {
    clusters.c = await seedReport({ title: 'Stack overflow in xmlXPathEval', description: 'Deep recursion in XPath.', affected: [{ purl }], stackTrace: asanTrace(['xmlXPathCompOpEval', 'xmlXPathEval', 'main']) });
    const page = await pages.signedIn(analyst, password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Intake' }).click();
    await page.waitForURL(`${base}/intake`);
    await page.getByRole('status').filter({ hasText: '3 clusters, most recently updated first.' }).waitFor();
    const rowOf = (id: string) => page.locator(`table.clusters tbody tr[data-cluster="${id}"]`);
    assert.deepEqual((await rowOf(clusters.a).locator('th, td').allInnerTexts()).slice(0, 3), [hostileTitle, '2', '2']);
    assert.deepEqual((await rowOf(clusters.c).locator('th, td').allInnerTexts()).slice(0, 3), ['Stack overflow in xmlXPathEval', '1', '1']);

    await page.getByLabel('Sort by').selectOption({ label: 'Most findings' });
    await page.waitForURL(`${base}/intake?sort=size`);
    await page.getByRole('status').filter({ hasText: '3 clusters, most findings first.' }).waitFor();
    assert.equal(await page.locator('table.clusters tbody tr').first().getAttribute('data-cluster'), clusters.a);

    await page.goto(`${base}/intake?sort=size&limit=2`);
    const pager = page.getByRole('navigation', { name: 'Pages of clusters' });
    await pager.getByText('1–2 of 3 clusters').waitFor();
    const firstPage = await page.locator('table.clusters tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-cluster')));
    await pager.getByRole('link', { name: 'Next page' }).click();
    await pager.getByText('3 of 3 clusters', { exact: true }).waitFor();
    assert.equal(new URL(page.url()).search, '?sort=size&offset=2&limit=2');
    const secondPage = await page.locator('table.clusters tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-cluster')));
    assert.deepEqual([...firstPage, ...secondPage].sort(), [clusters.a, clusters.b, clusters.c].sort());
    await page.reload();
    await pager.getByText('3 of 3 clusters', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Sort by').inputValue(), 'size');

    await page.goto(`${base}/intake`);
    await rowOf(clusters.a).getByRole('link', { name: hostileTitle }).click();
    await page.waitForURL(`${base}/clusters/${clusters.a}`);
    await page.getByRole('heading', { level: 1, name: hostileTitle }).waitFor();
  });

  it('lets an analyst name the canonical finding and split a finding out, and shows where it went', async () => {
    const page = await pages.signedIn(analyst, password);
    await page.goto(`${base}/clusters/${clusters.a}`);
    const card = page.locator(`#finding-${analystReport.findingId}`);
    await card.getByRole('button', { name: 'Make canonical' }).click();
    await page.getByRole('heading', { level: 1, name: analystReport.title }).waitFor();
    await page.getByRole('status').filter({ hasText: `“${analystReport.title}” now stands for this cluster.` }).waitFor();
    await card.locator('.badge-canonical').waitFor();

    await card.getByRole('button', { name: 'Split out…' }).click();
    const confirm = card.getByRole('group', { name: 'Split out…' });
    assert.deepEqual(await confirm.getByRole('combobox').locator('option').allInnerTexts(), ['a new cluster', `cluster ${shortId(clusters.b)}, matched by identifier (score 0.80)`]);
    await confirm.getByRole('button', { name: 'Split', exact: true }).click();
    const moved = page.getByRole('status').filter({ hasText: `Moved “${analystReport.title}” to cluster ` });
    await moved.waitFor();
    clusters.d = (await moved.getByRole('link').getAttribute('href'))!.split('/')[2]!;
    assert.ok(![clusters.a, clusters.b, clusters.c].includes(clusters.d), 'split into a new cluster');

    await page.locator('article.cluster-finding').filter({ hasText: analystReport.title }).waitFor({ state: 'detached' });
    assert.equal(await page.locator('article.cluster-finding').count(), 1);
    // The finding that stood for the cluster left: the oldest stands for it again.
    await page.getByRole('heading', { level: 1, name: hostileTitle }).waitFor();
    const excluded = page.getByRole('region', { name: 'Split out of this cluster' });
    assert.match(await excluded.locator('li').innerText(), new RegExp(`^Finding ${shortId(analystReport.findingId)}, \\d{4}-\\d{2}-\\d{2} \\(by you\\)$`));

    await moved.getByRole('link').click();
    await page.waitForURL(`${base}/clusters/${clusters.d}`);
    await page.getByRole('heading', { level: 1, name: analystReport.title }).waitFor();
    assert.match(await page.locator('article.cluster-finding .why').innerText(), new RegExp(`^Why it is here: An analyst \\(you\\) put it here: split out of cluster ${clusters.a} by an analyst\\.`));
  });

  it('merges a cluster into one its findings also matched; the merged cluster points there', async () => {
    const page = await pages.signedIn(analyst, password);
    await page.goto(`${base}/clusters/${clusters.d}`);
    const merge = page.getByRole('form', { name: 'Merge this cluster' });
    await merge.getByRole('button', { name: `Merge into cluster ${shortId(clusters.b)}` }).click();
    assert.equal(await merge.getByLabel('Merge this cluster into').inputValue(), clusters.b);
    await merge.getByRole('button', { name: 'Merge…' }).click();
    const confirm = merge.getByRole('group', { name: 'Merge…' });
    assert.equal(await confirm.locator('div').innerText(), `Move all 1 finding of this cluster into cluster ${clusters.b}?`);
    await confirm.getByRole('button', { name: 'Merge', exact: true }).click();

    await page.getByRole('status').filter({ hasText: `Merged: 1 finding moved to cluster ${shortId(clusters.b)}.` }).waitFor();
    const note = page.locator('.merged-into');
    await note.waitFor();
    assert.equal(await note.innerText(), `An analyst merged this cluster into cluster ${shortId(clusters.b)}; its findings are there now.`);
    assert.equal(await page.getByRole('form', { name: 'Merge this cluster' }).count(), 0);
    assert.equal(await page.locator('article.cluster-finding').count(), 0);

    await note.getByRole('link').click();
    await page.waitForURL(`${base}/clusters/${clusters.b}`);
    await page.getByRole('heading', { level: 1, name: 'Crash in htmlParseDoc' }).waitFor();
    await page.locator('article.cluster-finding').nth(1).waitFor();
    assert.deepEqual(await page.locator('article.cluster-finding h2').allInnerTexts(), ['Crash in htmlParseDoc' + 'Canonical', analystReport.title]);

    // A cluster that does not exist: the server's message beside the field.
    const mergeB = page.getByRole('form', { name: 'Merge this cluster' });
    await mergeB.getByLabel('Merge this cluster into').fill('no-such-cluster');
    await mergeB.getByRole('button', { name: 'Merge…' }).click();
    await mergeB.getByRole('group', { name: 'Merge…' }).getByRole('button', { name: 'Merge', exact: true }).click();
    await mergeB.locator('#merge-into-error').waitFor();
    assert.equal(await mergeB.locator('#merge-into-error').innerText(), 'no cluster no-such-cluster');
    assert.equal(await mergeB.getByLabel('Merge this cluster into').getAttribute('aria-invalid'), 'true');
  });

  it("tells a lab's member the intake queue is the clearinghouse's, in the server's words", async () => {
    const page = await pages.signedIn(labMember, password);
    assert.deepEqual(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts(), ['Search', 'Assets', 'Exposures', 'Overdue', 'API docs']);
    const refused = await page.request.get(`${base}/v1/clusters`);
    assert.equal(refused.status(), 403);
    const { detail } = (await refused.json()) as { detail: string };
    await page.goto(`${base}/intake`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.locator('p').first().innerText(), `The intake queue is not open to you: ${detail}.`);
    assert.equal(await page.locator('table.clusters').count(), 0);
  });

  it('shows the server’s complaints beside the fields they name, and refuses an attachment over the limit before sending', async () => {
    const page = await pages.signedIn(labMember, password);
    await page.goto(`${base}/reports/new`);
    const posts: Request[] = [];
    page.on('request', (r) => {
      if (isReportPost(r)) posts.push(r);
    });
    const form = page.getByRole('form', { name: 'Report a vulnerability' });
    await form.getByLabel('Title', { exact: true }).fill('Bad fields');
    await form.getByLabel('Description', { exact: true }).fill('Nothing to see.');
    await form.getByLabel('Affected product').fill('pkg:notatype/frames@2.1.0');
    await form.getByLabel('CVSS vector').fill('CVSS:3.1/AV:Q');
    await form.getByRole('button', { name: 'Send report' }).click();

    const product = form.getByLabel('Affected product');
    await form.locator('#report-product-error').waitFor();
    assert.match(await form.locator('#report-product-error').innerText(), /^invalid purl "pkg:notatype\/frames@2\.1\.0": unknown purl type "notatype"/);
    assert.equal(await product.getAttribute('aria-invalid'), 'true');
    assert.equal(await product.getAttribute('aria-describedby'), 'report-product-hint report-product-error');
    assert.match(await form.locator('#report-cvss-error').innerText(), /^invalid CVSS vector "CVSS:3\.1\/AV:Q": metric AV has invalid value "Q"/);
    assert.equal(await form.getByLabel('Title', { exact: true }).getAttribute('aria-invalid'), null);
    assert.equal(posts.length, 1);

    await product.fill(purl);
    await form.getByLabel('CVSS vector').fill('');
    await form.getByLabel('Proof of concept').setInputFiles(join(tmp, 'too-big.bin'));
    const attachmentError = form.locator('#report-attachment-error');
    await attachmentError.waitFor();
    assert.equal(await attachmentError.innerText(), `too-big.bin is ${MAX_ATTACHMENT_BYTES + 1} bytes; an attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes (8.0 MiB).`);
    assert.equal(await form.getByLabel('Proof of concept').getAttribute('aria-invalid'), 'true');
    await form.getByRole('button', { name: 'Send report' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'report-attachment');
    assert.equal(posts.length, 1, 'the oversized attachment was sent');

    await form.getByLabel('Proof of concept').setInputFiles(join(tmp, 'poc.c'));
    await form.getByRole('status').filter({ hasText: 'poc.c: 49 bytes' }).waitFor();
    assert.equal(await attachmentError.count(), 0);
    await form.getByRole('button', { name: 'Send report' }).click();
    await page.locator('.submission-result').getByText('Report received.').waitFor();
    assert.equal(posts.length, 2);
  });
});
