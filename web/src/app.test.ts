// The web app in a real Chromium against the real server and store, loaded with the
// sample data: checks what a person sees. Needs `npm run build:web` first.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/testing/chromium.js';
import { buildApp } from '../../src/http/app.js';
import { openClearinghouse, type Clearinghouse } from '../../src/services/clearinghouse.js';
import { readJson, repoRoot } from '../../src/testing/shared-data.js';

const webRoot = join(repoRoot, 'web/dist');
const sampleData = join(repoRoot, 'sample-data');

interface SampleRecord {
  id: string;
  affected?: { package?: { ecosystem: string; name: string }; versions?: string[] }[];
}

/**
 * The jinja2 records that list 2.4.1 among their affected versions, read straight from
 * the sample file rather than from the server under test.
 */
function jinja2RecordsAffecting241(): string[] {
  return readFileSync(join(sampleData, 'osv-sample.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SampleRecord)
    .filter((r) => r.affected?.some((a) => a.package?.ecosystem === 'PyPI' && a.package.name.toLowerCase() === 'jinja2' && a.versions?.includes('2.4.1')))
    .map((r) => r.id)
    .sort();
}

/** The KEV catalog's due date for a CVE. */
function kevDueDate(cve: string): string {
  const catalog = readJson<{ vulnerabilities: { cveID: string; dueDate: string }[] }>(join(sampleData, 'kev/known_exploited_vulnerabilities.json'));
  const entry = catalog.vulnerabilities.find((v) => v.cveID === cve);
  assert.ok(entry, `${cve} is not in the sample KEV catalog`);
  return entry.dueDate;
}

/** A record made for this test: hostile Markdown, a withdrawn date, every kind of range event, a long version list. */
const hostileId = 'x_clearinghouse-ui-1';
const hostileRecord = {
  schema_version: '1.6.0',
  id: hostileId,
  modified: '2025-01-02T00:00:00Z',
  published: '2025-01-01T00:00:00Z',
  withdrawn: '2025-01-03T00:00:00Z',
  summary: 'Test record with hostile Markdown',
  details: [
    '# Heading from details',
    '',
    'Some **bold** text.',
    '',
    '<script>window.__xss = "script"</script>',
    '',
    '<img src="/nowhere.png" onerror="window.__xss = \'img\'">',
    '',
    '[a link](javascript:window.__xss=\'link\')',
  ].join('\n'),
  affected: [
    {
      package: { ecosystem: 'PyPI', name: 'clearinghouse-ui-test' },
      ranges: [
        { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0' }, { introduced: '1.5' }, { fixed: '1.8' }] },
        { type: 'ECOSYSTEM', events: [{ introduced: '2.0' }, { last_affected: '2.5' }, { limit: '3.0' }] },
      ],
      versions: Array.from({ length: 20 }, (_, i) => `0.${i}`),
    },
  ],
  references: [
    { type: 'WEB', url: 'https://example.org/advisory' },
    { type: 'WEB', url: 'javascript:window.__xss=1' },
  ],
  credits: [{ name: 'A. Finder', type: 'FINDER' }],
};

describe('web app in Chromium', () => {
  let tmp: string;
  let ch: Clearinghouse;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  before(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) {
      throw new Error(`${webRoot}/index.html is missing: run \`npm run build:web\` before this test`);
    }
    tmp = mkdtempSync(join(tmpdir(), 'ch-web-'));
    writeFileSync(join(tmp, 'hostile.json'), JSON.stringify(hostileRecord));
    writeFileSync(join(tmp, 'epss.csv'), '#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\ncve,epss,percentile\nCVE-2021-1675,0.94123,0.99912\n');
    // A page size of 3 makes the five jinja2 results span two pages.
    ch = await openClearinghouse({ db: join(tmp, 'test.db'), loadIndex: true, limits: { pageSize: 3, batchPageSize: 1000, maxBatch: 1000 } });
    await ch.importer.importPaths([sampleData]);
    const fixtures = await ch.importer.importPaths([join(tmp, 'hostile.json'), join(tmp, 'epss.csv')]);
    assert.deepEqual(fixtures.rejections, []);
    app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot, logger: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await ch?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    page = await browser.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async () => {
    await page.close();
    assert.deepEqual(pageErrors, [], 'the page threw');
  });

  /** The ids in the results table, in order. */
  async function resultIds(): Promise<string[]> {
    return page.locator('table.vulns tbody th a').allTextContents();
  }

  it('searching a purl lists the advisories that affect it, page by page, and the URL restores the search', async () => {
    const expected = jinja2RecordsAffecting241();
    assert.ok(expected.includes('PYSEC-2014-8') && expected.includes('PYSEC-2021-66'), `unexpected sample: ${expected.join(', ')}`);

    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.title === 'Search · Clearinghouse');
    assert.equal(await page.getByRole('link', { name: 'Clearinghouse' }).getAttribute('href'), '/');
    assert.equal(await page.getByRole('link', { name: 'API docs' }).getAttribute('href'), '/docs');

    // Keyboard only: type into the labelled field and press Enter.
    await page.getByLabel('Package URL (purl)').fill('pkg:pypi/jinja2@2.4.1');
    await page.getByLabel('Package URL (purl)').press('Enter');
    await page.waitForURL(`${base}/?purl=pkg%3Apypi%2Fjinja2%402.4.1`);
    await page.locator('table.vulns tbody tr').first().waitFor();
    assert.equal((await resultIds()).length, 3);
    assert.match((await page.getByRole('status').textContent()) ?? '', /3\+ vulnerabilities for pkg:pypi\/jinja2@2\.4\.1/);

    await page.getByRole('button', { name: 'More results' }).click();
    await page.locator('table.vulns tbody tr').nth(expected.length - 1).waitFor();
    assert.deepEqual([...(await resultIds())].sort(), expected);
    assert.equal(await page.getByRole('button', { name: 'More results' }).count(), 0);

    // Each row: a link to the record's page, its aliases and its modified date.
    const row = page.locator('table.vulns tbody tr', { has: page.getByRole('link', { name: 'PYSEC-2014-8', exact: true }) });
    assert.equal(await row.getByRole('link', { name: 'PYSEC-2014-8' }).getAttribute('href'), '/vulns/PYSEC-2014-8');
    assert.deepEqual(await row.locator('ul.inline-list li').allTextContents(), ['CVE-2014-1402', 'GHSA-8r7q-cvjq-x353']);
    assert.equal(await row.locator('time').textContent(), '2021-07-05');

    await page.reload();
    await page.locator('table.vulns tbody tr').first().waitFor();
    assert.equal(await page.getByLabel('Package URL (purl)').inputValue(), 'pkg:pypi/jinja2@2.4.1');
    assert.equal((await resultIds()).length, 3);
  });

  it('searching by ecosystem, name and version finds the same advisories; Back restores the previous search', async () => {
    await page.goto(`${base}/?purl=${encodeURIComponent('pkg:pypi/flask')}`);
    await page.locator('table.vulns tbody tr').first().waitFor();

    await page.getByLabel('Ecosystem and name').check();
    await page.getByLabel('Ecosystem', { exact: true }).selectOption('PyPI');
    await page.getByLabel('Package name').fill('jinja2');
    await page.getByLabel('Version (optional)').fill('2.4.1');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(`${base}/?ecosystem=PyPI&name=jinja2&version=2.4.1`);
    await page.getByRole('status').filter({ hasText: 'PyPI jinja2 2.4.1' }).waitFor();
    await page.getByRole('button', { name: 'More results' }).click();
    await page.locator('table.vulns tbody tr').nth(4).waitFor();
    assert.deepEqual([...(await resultIds())].sort(), jinja2RecordsAffecting241());

    await page.goBack();
    await page.getByRole('status').filter({ hasText: 'pkg:pypi/flask' }).waitFor();
    assert.equal(await page.getByLabel('Package URL (purl)').inputValue(), 'pkg:pypi/flask');
  });

  it('a search that needs a release stream says why and links to each stream', async () => {
    await page.goto(`${base}/?ecosystem=AlmaLinux&name=criu&version=0.1`);
    const note = page.getByRole('note');
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /AlmaLinux advisories apply per release/);
    assert.match((await page.getByRole('status').textContent()) ?? '', /some records could not be judged/);
    assert.equal(await page.getByLabel('Ecosystem', { exact: true }).inputValue(), 'AlmaLinux');

    await note.getByRole('link', { name: 'AlmaLinux:8' }).click();
    await page.waitForURL(`${base}/?ecosystem=AlmaLinux%3A8&name=criu&version=0.1`);
    await page.locator('table.vulns tbody tr').first().waitFor();
    // A stream is no entry of the select, so it lands in the free-text field.
    assert.equal(await page.getByLabel('Other ecosystem').inputValue(), 'AlmaLinux:8');
    assert.equal(await page.getByRole('note').count(), 0);
  });

  it('a result opens its page: details from Markdown, aliases, the range as a table, versions collapsed', async () => {
    await page.goto(`${base}/?purl=${encodeURIComponent('pkg:pypi/jinja2@2.4.1')}`);
    await page.getByRole('link', { name: 'PYSEC-2014-8', exact: true }).click();
    await page.waitForURL(`${base}/vulns/PYSEC-2014-8`);
    await page.getByRole('heading', { level: 1, name: 'PYSEC-2014-8' }).waitFor();
    await page.waitForFunction(() => document.title === 'PYSEC-2014-8 · Clearinghouse');
    // Focus moves to the new page's heading, as after a full page load.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');

    const details = page.locator('.details');
    assert.match((await details.locator('p').first().textContent()) ?? '', /FileSystemBytecodeCache in Jinja2 before 2\.7\.2/);

    const range = page.locator('table.range').first();
    assert.deepEqual(await range.locator('thead th').allTextContents(), ['Introduced', 'Fixed', 'Last affected', 'Limit']);
    assert.deepEqual(await range.locator('tbody tr').first().locator('td').allTextContents(), ['0 (the first version)', '2.7.2', '—', '—']);
    const versions = page.locator('.affected details');
    assert.equal(await versions.locator('summary').textContent(), '19 affected versions');
    assert.equal(await versions.getAttribute('open'), null);
    assert.equal(await versions.getByText('2.4.1', { exact: true }).isVisible(), false);
    await versions.locator('summary').click();
    assert.equal(await versions.getByText('2.4.1', { exact: true }).isVisible(), true);

    // An alias link resolves through the API to the same record.
    await page.getByRole('link', { name: 'CVE-2014-1402' }).click();
    await page.waitForURL(`${base}/vulns/CVE-2014-1402`);
    await page.getByText('Showing PYSEC-2014-8, which lists CVE-2014-1402 as an alias.').waitFor();
  });

  it('renders hostile Markdown sanitized: no script runs, and a withdrawn record says so', async () => {
    await page.goto(`${base}/vulns/${hostileId}`);
    await page.getByRole('heading', { level: 1, name: hostileId }).waitFor();
    assert.equal(await page.locator('.summary').textContent(), 'Test record with hostile Markdown');
    assert.match((await page.getByRole('note').filter({ hasText: 'Withdrawn' }).textContent()) ?? '', /Withdrawn on 2025-01-03/);

    const details = page.locator('.details');
    // The Markdown heading sits below the page's h1 and the section's h2.
    assert.equal(await details.getByRole('heading', { level: 3, name: 'Heading from details' }).count(), 1);
    assert.equal(await details.locator('strong').textContent(), 'bold');
    assert.equal(await details.locator('script').count(), 0);
    // Images are dropped altogether: a remote one would tell its author who read the record.
    assert.equal(await details.locator('img').count(), 0);
    assert.equal(await details.getByText('a link').getAttribute('href'), null);
    assert.equal(await page.evaluate((): unknown => Reflect.get(window, '__xss')), undefined);

    // A javascript: reference is shown as text, not as a link.
    assert.equal(await page.getByRole('link', { name: 'https://example.org/advisory' }).count(), 1);
    assert.equal(await page.getByRole('link', { name: /javascript:/ }).count(), 0);
    await page.locator('.references').getByText('javascript:window.__xss=1').waitFor();

    // Every kind of range event lands in its column, one row per interval.
    const cells = (table: number, row: number) => page.locator('table.range').nth(table).locator('tbody tr').nth(row).locator('td').allTextContents();
    assert.deepEqual(await cells(0, 0), ['0 (the first version)', '1.0', '—', '—']);
    assert.deepEqual(await cells(0, 1), ['1.5', '1.8', '—', '—']);
    assert.deepEqual(await cells(1, 0), ['2.0', '—', '2.5', '3.0']);
    assert.match((await page.getByRole('region', { name: 'Credits' }).textContent()) ?? '', /A\. Finder \(finder\)/);
  });

  it('a real advisory that quotes <script> tags shows them as code', async () => {
    await page.goto(`${base}/vulns/HSEC-2024-0004`);
    await page.getByRole('heading', { level: 1, name: 'HSEC-2024-0004' }).waitFor();
    const details = page.locator('.details');
    assert.match((await details.locator('pre code').first().textContent()) ?? '', /<script src="\$doc\.baseUrl\$\/quick-jump\.min\.js"/);
    assert.equal(await details.locator('script').count(), 0);
  });

  it('a CVE in the KEV catalog shows the KEV badge, its due date and the EPSS score', async () => {
    const due = kevDueDate('CVE-2021-1675');
    await page.goto(`${base}/vulns/CVE-2021-1675`);
    await page.getByRole('heading', { level: 1, name: /CVE-2021-1675/ }).waitFor();
    assert.equal(await page.locator('.summary').textContent(), 'Windows Print Spooler Remote Code Execution Vulnerability');

    const badge = page.locator('h1 .badge-kev');
    assert.equal(await badge.isVisible(), true);
    assert.match((await badge.innerText()).trim(), /^KEV/);
    assert.match((await badge.getAttribute('title')) ?? '', new RegExp(`due ${due}`));

    const kev = page.getByRole('region', { name: 'Known exploited (CISA KEV)' });
    const fact = (term: string) => kev.locator('div', { has: page.locator('dt', { hasText: term }) }).locator('dd');
    assert.equal(await fact('Due date').textContent(), due);
    assert.equal(await fact('Date added').textContent(), '2021-11-03');
    assert.equal(await fact('Known ransomware use').textContent(), 'Known');
    assert.equal(await fact('Required action').textContent(), 'Apply updates per vendor instructions.');

    const epss = page.getByRole('region', { name: 'Exploit prediction (EPSS)' });
    assert.match((await epss.textContent()) ?? '', /94\.12% probability .* 99\.9% of scored CVEs \(as of 2025-08-25\)/);
  });

  it('an unknown id shows a friendly not-found message', async () => {
    await page.goto(`${base}/vulns/PYSEC-0000-0`);
    await page.getByRole('heading', { level: 2, name: 'Not found' }).waitFor();
    await page.getByText('There is no vulnerability with the id or alias PYSEC-0000-0 in this knowledge base.').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Search by package' }).getAttribute('href'), '/');
  });

  it("a bad purl shows the server's problem detail and field error next to the form", async () => {
    const bad = 'pkg:nonsense';
    const response = await fetch(`${base}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ package: { purl: bad } }) });
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { detail: string; errors: { field: string; message: string }[] };

    await page.goto(`${base}/`);
    await page.getByLabel('Package URL (purl)').fill(bad);
    await page.getByRole('button', { name: 'Search' }).click();
    const alert = page.locator('form').getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.ok(text.includes(problem.detail), `alert "${text}" lacks "${problem.detail}"`);
    for (const e of problem.errors) assert.ok(text.includes(`${e.field}: ${e.message}`), `alert "${text}" lacks field error ${e.field}`);
    assert.equal(await page.getByLabel('Package URL (purl)').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('table.vulns').count(), 0);
  });
});
