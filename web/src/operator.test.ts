// The operator views in a real Chromium against the real server and a SQLite store: sign-in,
// assets, SBOM uploads, exposures by priority, an exposure's page, overdue work, export and
// sign-out. Needs `npm run build:web` first. The tests run in order and build on each other:
// the asset created in one is the one the next uploads to.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { BrowserPages } from '../../src/testing/browser-pages.js';
import { launchChromium } from '../../src/testing/chromium.js';
import { buildApp } from '../../src/http/app.js';
import { openClearinghouse, type Clearinghouse } from '../../src/services/clearinghouse.js';
import type { Principal } from '../../src/domain/access/access-policy.js';
import { repoRoot } from '../../src/testing/shared-data.js';
import { CRITICALITIES, EXPOSURE_SORTS, MISSION_IMPACTS, PRIORITIES, REMEDIATION_STATUSES, SAFETY_IMPACTS, SYSTEM_EXPOSURES, TLP_LABELS } from './operator-api.js';

const webRoot = join(repoRoot, 'web/dist');
const sbomFixture = join(repoRoot, 'src/services/sbom/fixtures/cyclonedx-1.5-nested.json');
const password = 'correct horse battery';
const admin = 'admin@grid.example';
const member = 'member@grid.example';

/** A synthetic advisory (OSV-TEST- id, CVE-2099- alias: not a real record) with one affected range. */
function advisory(id: string, cve: string, ecosystem: string, name: string, events: object[], vector: string) {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-01-01T00:00:00Z',
    aliases: [cve],
    summary: `${name} test flaw`,
    details: `A **synthetic** flaw in ${name}, made for the browser tests.`,
    severity: [{ type: 'CVSS_V3', score: vector }],
    references: [{ type: 'ADVISORY', url: `https://example.org/advisories/${id}` }],
    affected: [{ package: { ecosystem, name }, ranges: [{ type: ecosystem === 'PyPI' ? 'ECOSYSTEM' : 'SEMVER', events }] }],
  };
}

/**
 * Three flaws in the fixture SBOM's components: @babel/core 7.0.0 is in a (synthetic) KEV
 * catalog, so exploitation is active; django-rest has a critical vector; lodash a low one.
 * On an Internet-facing asset whose loss fails the mission they come out immediate,
 * out-of-cycle and scheduled, and CVSS and due dates order them differently.
 */
const advisories = [
  advisory('OSV-TEST-BABEL', 'CVE-2099-2001', 'npm', '@babel/core', [{ introduced: '0' }, { fixed: '7.0.1' }, { introduced: '7.1.0' }, { fixed: '7.2.0' }], 'CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N'),
  advisory('OSV-TEST-DJANGO-REST', 'CVE-2099-2002', 'PyPI', 'django-rest', [{ introduced: '0' }, { fixed: '1.2' }], 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'),
  advisory('OSV-TEST-LODASH', 'CVE-2099-2003', 'npm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N'),
];
const kevCatalog = {
  title: 'CISA Catalog of Known Exploited Vulnerabilities',
  catalogVersion: '2026.01.01',
  dateReleased: '2026-01-01T00:00:00.000Z',
  count: 1,
  vulnerabilities: [
    {
      cveID: 'CVE-2099-2001',
      vendorProject: 'Test',
      product: 'babel',
      vulnerabilityName: 'Synthetic test flaw',
      dateAdded: '2026-01-01',
      shortDescription: 'A test entry.',
      requiredAction: 'Apply updates.',
      dueDate: '2026-01-22',
      knownRansomwareCampaignUse: 'Unknown',
      notes: '',
    },
  ],
};

/** A CycloneDX 1.5 document with three faults: a component without a name, an unknown type, a malformed serial number. */
const invalidSbom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  serialNumber: 'not-a-urn',
  version: 1,
  components: [{ type: 'library', version: '1.0' }, { type: 'spaceship', name: 'x' }],
};

/** The parts of an OpenAPI operation the enum check reads. */
interface OpenApiSchema {
  enum?: string[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
}
interface OpenApiOperation {
  requestBody?: { content: Record<string, { schema: OpenApiSchema }> };
  parameters?: { name: string; schema: OpenApiSchema }[];
}

/** SSVC deployer decisions as the badges name them, most urgent first. */
const priorityOrder = ['Immediate', 'Out-of-cycle', 'Scheduled', 'Defer'];

describe('operator views in Chromium', () => {
  let tmp: string;
  let ch: Clearinghouse;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let adminPrincipal: Principal;
  /** The asset seeded through the services, with the fixture SBOM already uploaded. */
  let historianId: string;
  /** The asset the tests create in the browser. */
  let scadaId = '';
  let pages: BrowserPages;

  before(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) {
      throw new Error(`${webRoot}/index.html is missing: run \`npm run build:web\` before this test`);
    }
    tmp = mkdtempSync(join(tmpdir(), 'ch-web-operator-'));
    ch = await openClearinghouse({ db: join(tmp, 'test.db'), loadIndex: true });
    const files = [join(tmp, 'kev.json'), ...advisories.map((a) => join(tmp, `${a.id}.json`))];
    writeFileSync(files[0]!, JSON.stringify(kevCatalog));
    advisories.forEach((a, i) => writeFileSync(files[i + 1]!, JSON.stringify(a)));
    const imported = await ch.importer.importPaths(files);
    assert.deepEqual([imported.added, imported.rejections], [4, []]);
    writeFileSync(join(tmp, 'invalid-sbom.json'), JSON.stringify(invalidSbom));

    await ch.accounts.createOrganization({ name: 'Grid Co', type: 'operator', sector: 'energy' });
    await ch.accounts.createUser({ orgName: 'Grid Co', email: admin, role: 'admin', password });
    await ch.accounts.createUser({ orgName: 'Grid Co', email: member, role: 'member', password });
    adminPrincipal = (await ch.accounts.signIn(admin, password)).principal;
    const historian = await ch.inventory.createAsset(adminPrincipal, { name: 'historian', criticality: 'medium', systemExposure: 'small', missionImpact: 'degraded' });
    historianId = historian.id;
    await ch.inventory.uploadSbomDocument(adminPrincipal, historianId, readFileSync(sbomFixture));

    app = await buildApp({
      knowledgeBase: ch.knowledgeBase,
      queries: ch.queries,
      webRoot,
      logger: false,
      operators: ch,
      documentLimit: 64 * 1024,
    });
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



  /** The exposures table's vulnerability ids, priority badges, or any column, top to bottom. */
  const column = (page: Page, selector: string) => page.locator(`table.exposures tbody tr ${selector}`).allInnerTexts();
  const vulnIds = (page: Page) => column(page, 'th.id a');

  it("lists the same choices as the server's OpenAPI description", async () => {
    const spec = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, OpenApiOperation>> };
    const body = (path: string, method: string) => spec.paths[path]![method]!.requestBody!.content['application/json']!.schema.properties!;
    const query = (path: string, name: string) => spec.paths[path]!.get!.parameters!.find((p) => p.name === name)!.schema;
    const asset = body('/v1/assets', 'post');
    assert.deepEqual(asset.criticality?.enum, [...CRITICALITIES]);
    assert.deepEqual(asset.systemExposure?.enum, [...SYSTEM_EXPOSURES]);
    assert.deepEqual(asset.missionImpact?.enum, [...MISSION_IMPACTS]);
    assert.deepEqual(asset.safetyImpact?.enum, [...SAFETY_IMPACTS]);
    assert.deepEqual(asset.tlp?.enum, [...TLP_LABELS]);
    assert.deepEqual(body('/v1/assets/{assetId}/remediations/{vulnId}', 'patch').status?.enum, [...REMEDIATION_STATUSES]);
    assert.deepEqual(query('/v1/exposures', 'priority').items?.enum, [...PRIORITIES]);
    assert.deepEqual(query('/v1/exposures', 'status').items?.enum, [...REMEDIATION_STATUSES]);
    assert.deepEqual(query('/v1/exposures', 'sort').enum, [...EXPOSURE_SORTS]);
  });

  it('asks for sign-in, shows a wrong password as the server words it, and returns to the page asked for', async () => {
    const page = await pages.fresh();
    await page.goto(`${base}/exposures`);
    const prompt = page.getByRole('main').getByRole('link', { name: 'Sign in' });
    await prompt.waitFor();
    assert.equal(await prompt.getAttribute('href'), '/signin?next=%2Fexposures');
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assets' }).count(), 0);

    await prompt.click();
    await page.waitForURL(`${base}/signin?next=%2Fexposures`);
    await page.getByLabel('Email').fill(admin);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refused = await fetch(`${base}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: admin, password: 'wrong password' }) });
    assert.equal(refused.status, 401);
    const { detail } = (await refused.json()) as { detail: string };
    await page.getByRole('alert').filter({ hasText: detail }).waitFor();
    assert.deepEqual((await page.context().cookies()).map((c) => c.name), []);

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/exposures`);
    await page.getByRole('heading', { level: 1, name: 'Exposures' }).waitFor();
    assert.match(await page.locator('header .account').innerText(), /admin@grid\.example \(Grid Co\)/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['Search', 'Assets', 'Exposures', 'Overdue', 'API docs']);

    // Chromium keeps the Secure cookie on http://127.0.0.1 (a secure context), out of reach of scripts.
    const [cookie] = await page.context().cookies();
    assert.equal(cookie?.name, 'clearinghouse_session');
    assert.deepEqual([cookie.httpOnly, cookie.secure, cookie.sameSite], [true, true, 'Strict']);
    assert.equal(await page.evaluate(() => document.cookie), '');

    // The session survives a reload: the app asks /v1/me who is signed in.
    await page.reload();
    await page.locator('header .account').getByText('admin@grid.example').waitFor();
  });

  it('lists assets with their current SBOM and counts, creates one, and shows a refused name beside the field', async () => {
    const page = await pages.signedIn(admin, password);
    const historian = page.locator('table.assets tbody tr', { has: page.getByRole('link', { name: 'historian' }) });
    await historian.locator('td.exposure-count a').waitFor();
    assert.deepEqual(await historian.locator('td').allInnerTexts(), ['Medium', 'Small', `CycloneDX 1.5, ${new Date().toISOString().slice(0, 10)}`, '7', '3 exposures']);

    const form = page.getByRole('form', { name: 'New asset' });
    await form.getByLabel('Name').fill('scada');
    await form.getByLabel('Criticality').selectOption('critical');
    await form.getByLabel('System exposure').selectOption({ label: 'Open' });
    await form.getByLabel('Mission impact').selectOption({ label: 'Mission failure' });
    await form.getByRole('button', { name: 'Create asset' }).click();
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    scadaId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByRole('heading', { level: 1, name: 'scada' }).waitFor();
    await page.getByText('No exposures on this asset.').waitFor();
    await page.getByText('No SBOM uploaded yet.').waitFor();
    const fact = (term: string) => page.locator('dl.facts div', { has: page.locator('dt', { hasText: term }) }).locator('dd').innerText();
    assert.deepEqual([await fact('Criticality'), await fact('System exposure'), await fact('Mission impact'), await fact('Marking')], ['Critical', 'Open', 'Mission failure', 'TLP:AMBER+STRICT']);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assets' }).click();
    await page.getByRole('link', { name: 'scada' }).waitFor();
    await form.getByLabel('Name').fill('historian');
    await form.getByRole('button', { name: 'Create asset' }).click();
    const name = form.getByLabel('Name');
    await form.locator('#asset-name-error').waitFor();
    assert.equal(await form.locator('#asset-name-error').innerText(), 'your organization has an asset named "historian"');
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.equal(await name.getAttribute('aria-describedby'), 'asset-name-error');
    assert.equal(await form.getByLabel('Criticality').getAttribute('aria-invalid'), null);
    assert.equal(await page.locator('table.assets tbody tr').count(), 2);
  });

  it('uploads a CycloneDX SBOM: the result, unmatched components with their reasons, and exposures by priority', async () => {
    const page = await pages.signedIn(admin, password);
    await page.goto(`${base}/assets/${scadaId}`);
    await page.getByLabel('SBOM file').setInputFiles(sbomFixture);
    await page.getByRole('button', { name: 'Upload' }).click();
    const result = page.locator('.upload-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('role'), 'status');
    assert.equal(await result.locator('p').first().innerText(), 'Uploaded CycloneDX 1.5 “acme-app” with 7 components: 3 exposures found, 3 components unmatched.');
    assert.deepEqual(await result.locator('.upload-warnings li code').allInnerTexts(), ['/components/2/purl', '/components/4']);

    // The components, SBOM history and count reload after the upload.
    await page.getByRole('link', { name: '3 exposures on this asset' }).waitFor();
    const components = page.locator('table.components tbody tr');
    assert.equal(await components.count(), 7);
    const unmatched = page.locator('table.components tbody tr.unmatched');
    assert.deepEqual(await unmatched.locator('th').allInnerTexts(), ['zlib', 'commons-text', 'openssl']);
    assert.deepEqual(await unmatched.locator('td:last-child').allInnerTexts(), [
      'Unmatched no purl given',
      'Unmatched unparseable purl: maven purls require a namespace',
      'Unmatched no OSV ecosystem for pkg:generic',
    ]);
    const history = page.locator('table.sboms tbody tr');
    assert.equal(await history.count(), 1);
    assert.match(await history.first().innerText(), /Current\s+CycloneDX 1\.5 \(json\)\s+acme-app\s+7/);

    await page.getByRole('link', { name: '3 exposures on this asset' }).click();
    await page.waitForURL(`${base}/exposures?asset=${scadaId}`);
    await page.getByRole('status').filter({ hasText: '3 exposures, sorted by priority.' }).waitFor();
    assert.deepEqual(await vulnIds(page), ['OSV-TEST-BABEL', 'OSV-TEST-DJANGO-REST', 'OSV-TEST-LODASH']);
    assert.deepEqual(await column(page, '.badge-priority'), ['Immediate', 'Out-of-cycle', 'Scheduled']);
    assert.deepEqual(await page.locator('table.exposures tbody tr th.id .badge-kev').allTextContents(), ['KEV (known exploited)']);
    assert.equal(await page.locator('table.exposures tbody tr', { has: page.locator('.badge-kev') }).getAttribute('data-vuln'), 'OSV-TEST-BABEL');
    assert.deepEqual(await column(page, 'td:nth-child(4)'), ['babel-core 7.0.0', 'Django_Rest 1.0', 'lodash 4.17.20']);
    assert.deepEqual(await column(page, 'td:nth-child(5)'), ['7.0.1', '1.2', '4.17.21']);

    await page.getByLabel('Sort by').selectOption({ label: 'CVSS score' });
    await page.waitForURL(`${base}/exposures?asset=${scadaId}&sort=cvss`);
    await page.getByRole('status').filter({ hasText: 'sorted by cvss score' }).waitFor();
    assert.deepEqual(await vulnIds(page), ['OSV-TEST-DJANGO-REST', 'OSV-TEST-BABEL', 'OSV-TEST-LODASH']);
    assert.deepEqual(await column(page, 'td:nth-child(6)'), ['9.8', '5.3', '1.8']);

    await page.getByLabel('Sort by').selectOption({ label: 'Due date' });
    await page.getByRole('status').filter({ hasText: 'sorted by due date' }).waitFor();
    const due = await column(page, 'td.due time');
    assert.equal(due.length, 3);
    assert.deepEqual(due, [...due].sort());
    assert.deepEqual(await vulnIds(page), ['OSV-TEST-DJANGO-REST', 'OSV-TEST-BABEL', 'OSV-TEST-LODASH']);

    // The URL holds the view.
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'sorted by due date' }).waitFor();
    assert.equal(await page.getByLabel('Sort by').inputValue(), 'due');
  });

  it('filters by priority and status, includes not-affected work on request, and pages through the list', async () => {
    await ch.remediation.update(adminPrincipal, historianId, 'OSV-TEST-LODASH', { status: 'not_affected', note: 'lodash is only used by the build' });
    const page = await pages.signedIn(admin, password);
    await page.goto(`${base}/exposures`);
    await page.getByRole('status').filter({ hasText: '5 exposures, sorted by priority.' }).waitFor();
    const badges = await column(page, '.badge-priority');
    assert.deepEqual(badges, [...badges].sort((a, b) => priorityOrder.indexOf(a) - priorityOrder.indexOf(b)));
    assert.ok(new Set(badges).size > 1, `one priority only: ${badges.join(', ')}`);

    const filters = page.getByRole('form', { name: 'Filter and sort exposures' });
    await filters.getByLabel('Include not affected').check();
    await page.getByRole('status').filter({ hasText: '6 exposures' }).waitFor();
    const historianLodash = page.locator('table.exposures tbody tr', { hasText: 'historian' }).filter({ hasText: 'OSV-TEST-LODASH' });
    assert.equal(await historianLodash.locator('td').last().innerText(), 'Not affected');
    await filters.getByLabel('Include not affected').uncheck();
    await page.getByRole('status').filter({ hasText: '5 exposures' }).waitFor();

    await filters.getByRole('group', { name: 'Priority' }).getByLabel('Immediate').check();
    await page.waitForURL(`${base}/exposures?priority=immediate`);
    const immediate = (await (await page.request.get(`${base}/v1/exposures?priority=immediate`)).json()) as { total: number };
    await page.getByRole('status').filter({ hasText: `${immediate.total} exposure` }).waitFor();
    assert.deepEqual(new Set(await column(page, '.badge-priority')), new Set(['Immediate']));
    await filters.getByRole('group', { name: 'Priority' }).getByLabel('Immediate').uncheck();

    await filters.getByRole('group', { name: 'Status' }).getByLabel('Not affected').check();
    await page.getByRole('status').filter({ hasText: '1 exposure,' }).waitFor();
    assert.deepEqual(await vulnIds(page), ['OSV-TEST-LODASH']);
    await filters.getByRole('group', { name: 'Status' }).getByLabel('Not affected').uncheck();

    await page.goto(`${base}/exposures?limit=2`);
    const pager = page.getByRole('navigation', { name: 'Pages of exposures' });
    await pager.getByText('1–2 of 5 exposures').waitFor();
    const first = await vulnIds(page);
    await pager.getByRole('link', { name: 'Next page' }).click();
    await pager.getByText('3–4 of 5 exposures').waitFor();
    assert.equal(new URL(page.url()).search, '?offset=2&limit=2');
    const second = await column(page, 'td:nth-child(3)');
    await pager.getByRole('link', { name: 'Next page' }).click();
    await pager.getByText('5 of 5 exposures', { exact: true }).waitFor();
    assert.equal(await pager.getByRole('link', { name: 'Next page' }).count(), 0);
    await pager.getByRole('link', { name: 'Previous page' }).click();
    await pager.getByText('3–4 of 5 exposures').waitFor();
    assert.deepEqual(await column(page, 'td:nth-child(3)'), second);
    await pager.getByRole('link', { name: 'Previous page' }).click();
    await pager.getByText('1–2 of 5 exposures').waitFor();
    assert.deepEqual(await vulnIds(page), first);
    // Back returns to the page before, as the URL holds the offset.
    await page.goBack();
    await pager.getByText('3–4 of 5 exposures').waitFor();
  });

  it('lists every fault of an invalid SBOM, with where it is, and stores nothing', async () => {
    const page = await pages.signedIn(admin, password);
    const refused = await page.request.post(`${base}/v1/assets/${scadaId}/sboms`, { data: readFileSync(join(tmp, 'invalid-sbom.json')), headers: { 'content-type': 'application/json' } });
    assert.equal(refused.status(), 400);
    const { errors } = (await refused.json()) as { errors: { field: string; message: string }[] };
    assert.ok(errors.length >= 3, JSON.stringify(errors));

    await page.goto(`${base}/assets/${scadaId}`);
    await page.getByLabel('SBOM file').setInputFiles(join(tmp, 'invalid-sbom.json'));
    await page.getByRole('button', { name: 'Upload' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.locator('p').innerText(), new RegExp(`^The SBOM was not accepted \\(400 Bad Request\\): ${errors.length} problems found; nothing was stored\\.$`));
    const items = alert.locator('ul.upload-errors li');
    assert.deepEqual(
      await Promise.all((await items.all()).map(async (li) => [await li.locator('code').innerText(), await li.locator('.message').innerText()])),
      errors.map((e) => [e.field, e.message]),
    );
    for (const field of ['/serialNumber', '/components/0', '/components/1/type']) assert.ok(errors.some((e) => e.field === field), `${field} in ${JSON.stringify(errors)}`);
    assert.equal(await page.getByLabel('SBOM file').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('table.sboms tbody tr').count(), 1);
    assert.equal(await page.locator('table.components tbody tr').count(), 7);

    // Not JSON at all: the one fault, with its line.
    writeFileSync(join(tmp, 'truncated.json'), '{"bomFormat": "CycloneDX",');
    await page.getByLabel('SBOM file').setInputFiles(join(tmp, 'truncated.json'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await alert.getByText('1 problem found').waitFor();
    assert.match(await alert.locator('ul.upload-errors li').innerText(), /^line 1 not valid JSON/);

    // Over the upload limit: the server's 413 names it.
    writeFileSync(join(tmp, 'huge.json'), ' '.repeat(64 * 1024 + 1));
    await page.getByLabel('SBOM file').setInputFiles(join(tmp, 'huge.json'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await alert.getByText('(413 Content Too Large)').waitFor();
    assert.match(await alert.locator('ul.upload-errors li').innerText(), /limit of 65536 bytes/);
    assert.equal(await page.locator('table.sboms tbody tr').count(), 1);
  });

  it("shows an exposure's advisory and fix, and a status change lands in the history", async () => {
    const page = await pages.signedIn(admin, password);
    await page.goto(`${base}/exposures?asset=${scadaId}`);
    await page.getByRole('link', { name: 'OSV-TEST-LODASH' }).click();
    await page.waitForURL(`${base}/assets/${scadaId}/exposures/OSV-TEST-LODASH`);
    await page.getByRole('heading', { level: 1, name: 'OSV-TEST-LODASH on scada' }).waitFor();

    const fix = page.getByRole('region', { name: 'Fix' });
    assert.equal(await fix.locator('li strong').innerText(), 'Upgrade lodash from 4.17.20 to 4.17.21');
    const advisoryRegion = page.getByRole('region', { name: 'Advisory' });
    await advisoryRegion.locator('.summary').waitFor();
    assert.equal(await advisoryRegion.locator('.summary').innerText(), 'lodash test flaw');
    assert.equal(await advisoryRegion.locator('.details strong').innerText(), 'synthetic');
    assert.equal(await advisoryRegion.getByRole('link', { name: 'https://example.org/advisories/OSV-TEST-LODASH' }).count(), 1);
    const facts = page.locator('dl.priority-facts');
    assert.match(await facts.innerText(), /SSVC decision\s+Scheduled/);
    assert.match(await facts.innerText(), /CVSS\s+1\.8/);

    const remediation = page.getByRole('region', { name: 'Remediation' });
    const history = page.locator('table.history tbody tr');
    assert.equal(await history.count(), 1);
    assert.deepEqual((await history.first().locator('td').allInnerTexts()).slice(1), ['Clearinghouse', 'Status set to Open', 'found; BOD 26-04 timeline 60 days']);

    const form = remediation.getByRole('form', { name: 'Change remediation' });
    // A status that needs a reason, without one: the server's message appears beside the note.
    await form.getByLabel('Status').selectOption({ label: 'Risk accepted' });
    await form.getByRole('button', { name: 'Save' }).click();
    await form.locator('#remediation-note-error').waitFor();
    assert.equal(await form.locator('#remediation-note-error').innerText(), 'risk_accepted needs a note saying why');
    assert.equal(await form.getByLabel('Note').getAttribute('aria-invalid'), 'true');

    await form.getByLabel('Status').selectOption({ label: 'In progress' });
    await form.getByLabel('Note').fill('upgrading in the March window');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await history.nth(1).waitFor();
    assert.deepEqual((await history.nth(1).locator('td').allInnerTexts()).slice(1), [admin, 'Status: Open → In progress', 'upgrading in the March window']);
    assert.match(await history.nth(1).locator('time').getAttribute('datetime') ?? '', /^\d{4}-\d{2}-\d{2}T/);
    assert.match(await remediation.locator('dl.facts').innerText(), /Status\s+In progress/);
    assert.equal(await form.getByLabel('Note').getAttribute('aria-invalid'), null);

    await page.goto(`${base}/exposures?asset=${scadaId}`);
    const row = page.locator('table.exposures tbody tr', { has: page.getByRole('link', { name: 'OSV-TEST-LODASH' }) });
    await row.waitFor();
    assert.equal(await row.locator('td').last().innerText(), 'In progress');
  });

  it('an admin moves a due date earlier and the work shows as overdue; a member may not move it', async () => {
    const page = await pages.signedIn(admin, password);
    await page.goto(`${base}/exposures/overdue`);
    await page.getByRole('status').filter({ hasText: 'Nothing is overdue.' }).waitFor();

    await page.goto(`${base}/assets/${scadaId}/exposures/OSV-TEST-BABEL`);
    const form = page.getByRole('form', { name: 'Change remediation' });
    const dueField = form.getByLabel('Due date');
    await dueField.waitFor();
    const current = await dueField.inputValue();
    assert.match(current, /^\d{4}-\d{2}-\d{2}$/);
    // The browser offers no date later than BOD 26-04's.
    assert.equal(await dueField.getAttribute('max'), current);
    assert.equal(await page.getByRole('region', { name: 'Fix' }).locator('li strong').innerText(), 'Upgrade babel-core from 7.0.0 to 7.0.1');

    await dueField.fill('2020-01-01');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const history = page.locator('table.history tbody tr');
    await history.nth(1).waitFor();
    assert.deepEqual((await history.nth(1).locator('td').allInnerTexts()).slice(1, 3), [admin, `Due date: ${current} → 2020-01-01`]);
    assert.match(await page.getByRole('region', { name: 'Remediation' }).locator('dl.facts').innerText(), /Due date\s+2020-01-01\s*Overdue/);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overdue' }).click();
    await page.waitForURL(`${base}/exposures/overdue`);
    await page.getByRole('status').filter({ hasText: '1 overdue exposure.' }).waitFor();
    assert.deepEqual(await vulnIds(page), ['OSV-TEST-BABEL']);
    assert.deepEqual(await column(page, 'td.due'), ['2020-01-01Overdue']);
    assert.deepEqual(await column(page, 'td:nth-child(3)'), ['scada']);

    const memberPage = await pages.signedIn(member, password);
    await memberPage.goto(`${base}/assets/${scadaId}/exposures/OSV-TEST-BABEL`);
    const memberForm = memberPage.getByRole('form', { name: 'Change remediation' });
    await memberForm.getByLabel('Status').waitFor();
    assert.equal(await memberForm.getByLabel('Due date').count(), 0);
  });

  it("downloads the organization's exposures as CSV through the export link", async () => {
    const page = await pages.signedIn(admin, password);
    await page.goto(`${base}/exposures`);
    const link = page.getByRole('link', { name: 'CSV' });
    assert.equal(await link.getAttribute('href'), '/v1/exposures/export?format=csv');
    const download = page.waitForEvent('download');
    await link.click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    assert.equal(lines[0], 'asset_name,component_name,component_version,purl,vuln_id,priority,cvss_score,in_kev,epss,timeline,due_date,status,fixed_version,vex_status,vex_justification,first_seen');
    // Every exposure of both assets, the one marked not affected included.
    assert.equal(lines.length, 1 + 6);
    assert.ok(lines.some((l) => l.startsWith('scada,babel-core,7.0.0,pkg:npm/%40babel/core@7.0.0,OSV-TEST-BABEL,immediate,5.3,true,,') && l.includes(',2020-01-01,open,7.0.1,')), lines.join('\n'));
  });

  it('signs out: the session ends on the server and operator pages ask to sign in again', async () => {
    const page = await pages.signedIn(admin, password);
    const [cookie] = await page.context().cookies();
    assert.equal((await fetch(`${base}/v1/me`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } })).status, 200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/signin`);
    await page.locator('header .account').getByRole('link', { name: 'Sign in' }).waitFor();
    assert.deepEqual(await page.context().cookies(), []);
    assert.equal((await fetch(`${base}/v1/me`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } })).status, 401);

    await page.goto(`${base}/assets/${scadaId}`);
    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).waitFor();
    assert.equal(await page.locator('table').count(), 0);
  });
});
