// The coordination views in a real Chromium against the real server and a SQLite store: a
// vendor registers its product in the portal; a lab's report names it; an analyst opens the
// case from the cluster, confirms the offered vendor and notifies it, with dates shown in the
// analyst's zone (Europe/Berlin, set through the page); the vendor acknowledges and answers in
// the portal; the analyst sees the answers, a second vendor "Not yet assessed", the thread
// (hostile Markdown inert, an AMBER+STRICT note kept from the vendor), the embargo calendar and
// the board. Needs `npm run build:web` first. The tests run in order and build on each other.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { BrowserPages } from '../../src/testing/browser-pages.js';
import { launchChromium } from '../../src/testing/chromium.js';
import { buildApp } from '../../src/http/app.js';
import { openClearinghouse, type Clearinghouse } from '../../src/services/clearinghouse.js';
import type { Principal } from '../../src/domain/access/access-policy.js';
import { addDays, ACKNOWLEDGEMENT_DAYS, DEFAULT_EMBARGO_DAYS } from '../../src/domain/coordination/embargo-policy.js';
import { transition } from '../../src/domain/coordination/case-state.js';
import { VENDOR_STATUSES } from '../../src/domain/coordination/participant-status.js';
import { repoRoot } from '../../src/testing/shared-data.js';
import { CASE_SORTS, CASE_STATES, MESSAGE_TLPS, PARTICIPANT_ROLES, VENDOR_ANSWERS } from './case-api.js';

const webRoot = join(repoRoot, 'web/dist');
const password = 'correct horse battery';
const analyst = 'analyst@clearinghouse.example';
const labMember = 'member@lab.example';
const vendorMember = 'security@xmlsoft.example';
const secondVendorMember = 'psirt@second.example';

const affectedPurl = 'pkg:generic/libxml2@2.12.0';
const registeredPurl = 'pkg:generic/libxml2';
const reportTitle = 'Heap overflow in xmlParseChunk with a truncated comment';

/** A message that tries every way to run script, and quotes the payload as code, which must stay visible. */
const hostileMessage = [
  'The **push parser** overflows; the PoC is attached to the report.',
  '',
  '<img src=x onerror="window.__pwned=1">',
  '',
  '<script>window.__pwned=2</script>',
  '',
  '<a href="#" onclick="window.__pwned=3">click me</a>',
  '',
  'Quoted: `<script>window.__pwned=2</script>`',
].join('\n');
const strictNote = 'Coordinators only: the reporter also wrote to the distribution security teams.';

/** An instant as a person in Berlin reads it: the zone's own abbreviation (CET or CEST), as en-GB's CLDR data names it. */
function berlinTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

/** An instant as a user without a zone reads it. */
function utcTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

interface CaseBody {
  id: string;
  state: string;
  vendorNotifiedAt: string | null;
  embargoUntil: string | null;
  participants: { orgId: string; role: string; vendor?: { status: string; acknowledgementDue: string | null; acknowledgedAt: string | null; fixedVersions: string[] } }[];
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

describe('coordination views in Chromium', () => {
  let tmp: string;
  let ch: Clearinghouse;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let labPrincipal: Principal;
  const orgIds: Record<string, string> = {};
  let pages: BrowserPages;
  let clusterId = '';
  let caseId = '';

  before(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) {
      throw new Error(`${webRoot}/index.html is missing: run \`npm run build:web\` before this test`);
    }
    tmp = mkdtempSync(join(tmpdir(), 'ch-web-cases-'));
    ch = await openClearinghouse({ db: join(tmp, 'test.db'), loadIndex: false });
    const orgs = [
      ['Clearinghouse', 'clearinghouse'],
      ['Frontier Lab', 'lab'],
      // Neither vendor has a subscription: the portal is how they learn of cases.
      ['XML Toolkit Project', 'vendor'],
      ['Second Vendor', 'vendor'],
    ] as const;
    for (const [name, type] of orgs) orgIds[name] = (await ch.accounts.createOrganization({ name, type })).id;
    await ch.accounts.createUser({ orgName: 'Clearinghouse', email: analyst, displayName: 'Ana Lyst', role: 'analyst', password });
    await ch.accounts.createUser({ orgName: 'Frontier Lab', email: labMember, role: 'member', password });
    await ch.accounts.createUser({ orgName: 'XML Toolkit Project', email: vendorMember, displayName: 'XML security team', role: 'member', password });
    await ch.accounts.createUser({ orgName: 'Second Vendor', email: secondVendorMember, role: 'member', password });
    labPrincipal = (await ch.accounts.signIn(labMember, password)).principal;

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


  /** The case as the API gives it to the page's user. */
  async function caseAs(page: Page): Promise<CaseBody> {
    const response = await page.request.get(`${base}/v1/cases/${caseId}`);
    assert.equal(response.status(), 200);
    return (await response.json()) as CaseBody;
  }

  const fact = (page: Page, term: string): Locator => page.locator('dl.facts div', { has: page.locator('dt', { hasText: term }) }).first().locator('dd');
  const participantRow = (page: Page, org: string): Locator => page.locator(`table.participants tr[data-org="${orgIds[org]}"]`);
  const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

  it('lists the same states, sorts, roles, answers and labels as the server', async () => {
    const spec = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, OpenApiOperation>> };
    const parameter = (path: string, name: string) => spec.paths[path]!.get!.parameters!.find((p) => p.name === name)!.schema.enum;
    const body = (path: string, method: string) => spec.paths[path]![method]!.requestBody!.content['application/json']!.schema.properties!;
    assert.deepEqual(parameter('/v1/cases', 'state'), [...CASE_STATES]);
    assert.deepEqual(parameter('/v1/cases', 'sort'), [...CASE_SORTS]);
    assert.deepEqual(body('/v1/cases/{id}/participants', 'post').role?.enum, [...PARTICIPANT_ROLES]);
    assert.deepEqual(body('/v1/cases/{id}/messages', 'post').tlp?.enum, [...MESSAGE_TLPS]);
    assert.deepEqual(body('/v1/cases/{id}/participants/{orgId}/status', 'put').status?.enum, [...VENDOR_STATUSES]);
    assert.deepEqual([...VENDOR_ANSWERS], VENDOR_STATUSES.filter((s) => s !== 'not_assessed'));
  });

  it('lets a vendor register its product in the portal, with the server’s complaint beside the field, and remove one', async () => {
    const page = await pages.signedIn(vendorMember, password);
    const coordination = page.getByRole('navigation', { name: 'Coordination' });
    assert.deepEqual(await coordination.getByRole('link').allInnerTexts(), ['Vendor portal', 'Calendar']);
    await coordination.getByRole('link', { name: 'Vendor portal' }).click();
    await page.waitForURL(`${base}/vendor`);
    await page.getByRole('heading', { level: 1, name: 'Vendor portal' }).waitFor();
    await page.getByText('No case has been brought to your organization.').waitFor();

    const form = page.getByRole('form', { name: 'Register a product' });
    const purl = form.getByLabel('Package URL');
    await purl.fill(affectedPurl);
    await form.getByRole('button', { name: 'Register' }).click();
    const error = form.locator('#product-purl-error');
    await error.waitFor();
    assert.equal(await error.innerText(), `"${affectedPurl}" names a release; a registration names the package, so leave out "@2.12.0"`);
    assert.equal(await purl.getAttribute('aria-invalid'), 'true');

    await purl.fill(registeredPurl);
    await form.getByRole('button', { name: 'Register' }).click();
    const products = page.locator('ul.products');
    await products.getByText(registeredPurl, { exact: true }).waitFor();
    assert.equal(await purl.inputValue(), '');
    assert.equal(await error.count(), 0);

    await purl.fill('pkg:pypi/lxml');
    await form.getByRole('button', { name: 'Register' }).click();
    await products.getByText('pkg:pypi/lxml', { exact: true }).waitFor();
    await products.getByRole('button', { name: 'Remove pkg:pypi/lxml' }).click();
    await products.getByText('pkg:pypi/lxml', { exact: true }).waitFor({ state: 'detached' });
    assert.deepEqual(await products.locator('li code').allInnerTexts(), [registeredPurl]);
  });

  it("opens a case from the cluster in the analyst's zone, shows the server's refusal, confirms the offered vendor and notifies it: the embargo is 90 days out, in CET/CEST", async () => {
    const submitted = await ch.intake.submit(labPrincipal, {
      document: JSON.stringify({ title: reportTitle, description: 'A comment cut at a chunk boundary overflows the parser buffer.', affected: [{ purl: affectedPurl, versions: ['2.12.0'] }] }),
      source: { kind: 'model', model: 'frontier-1' },
    });
    clusterId = submitted.clusterId;

    const page = await pages.signedIn(analyst, password);
    assert.deepEqual(await page.getByRole('navigation', { name: 'Coordination' }).getByRole('link').allInnerTexts(), ['Cases', 'Calendar']);
    await page.getByRole('navigation', { name: 'Coordination' }).getByRole('link', { name: 'Cases' }).click();
    await page.waitForURL(`${base}/cases`);
    await page.getByText('No cases yet.').waitFor();

    // The zone, set through the page: an unknown name is refused beside the field.
    await page.getByRole('button', { name: 'Change time zone' }).click();
    const zoneForm = page.getByRole('form', { name: 'Your time zone' });
    await zoneForm.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await zoneForm.getByRole('button', { name: 'Save time zone' }).click();
    await zoneForm.locator('#time-zone-error').waitFor();
    assert.equal(await zoneForm.locator('#time-zone-error').innerText(), '"Mars/Olympus_Mons" is not an IANA time zone name such as Europe/Berlin or America/New_York');
    await zoneForm.getByLabel('Time zone').fill('Europe/Berlin');
    await zoneForm.getByRole('button', { name: 'Save time zone' }).click();
    await page.locator('.time-zone strong', { hasText: 'Europe/Berlin' }).waitFor();

    await page.goto(`${base}/clusters/${clusterId}`);
    await page.getByRole('heading', { level: 1, name: reportTitle }).waitFor();
    await page.getByRole('link', { name: 'Open a case' }).click();
    await page.waitForURL(`${base}/cases/new?cluster=${clusterId}`);
    const openForm = page.getByRole('form', { name: 'Open a case' });
    assert.equal(await openForm.getByLabel('Cluster').inputValue(), clusterId);
    await openForm.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(/\/cases\/CH-\d{4}-\d{4}$/);
    caseId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    await page.getByRole('heading', { level: 1, name: reportTitle }).waitFor();
    assert.equal(await fact(page, 'State').innerText(), 'Triage');
    assert.equal(await fact(page, 'Case').innerText(), caseId);

    // The next states are the buttons; publishing is none of them from triage.
    const moves = page.getByRole('group', { name: 'Next states' });
    assert.deepEqual(await moves.getByRole('button').allInnerTexts(), ['Notify vendors', 'Close as invalid', 'Close as duplicate']);
    const offers = page.getByRole('region', { name: 'Vendors to confirm' });
    assert.match(await offers.locator('li.offer').innerText(), new RegExp(`^XML Toolkit Project\\s+${affectedPurl.replace(/[.@]/g, '\\$&')} matches ${registeredPurl}`));

    // Notifying before any vendor takes part: the server refuses, in its words.
    const refusal = transition('triage', 'vendor_notified', { vendorCount: 0, acknowledgedVendorCount: 0 });
    assert.ok(!refusal.ok);
    await moves.getByRole('button', { name: 'Notify vendors' }).click();
    const stateForm = page.getByRole('form', { name: 'Move the case' });
    await stateForm.getByRole('alert').waitFor();
    assert.equal(await stateForm.getByRole('alert').innerText(), `Conflict (409): ${refusal.reason}`);
    assert.equal(await fact(page, 'State').innerText(), 'Triage');

    await offers.getByRole('button', { name: 'Confirm XML Toolkit Project' }).click();
    await page.getByRole('status').filter({ hasText: 'Confirmed XML Toolkit Project as a vendor.' }).waitFor();
    assert.equal(await offers.count(), 0);
    assert.equal(await participantRow(page, 'XML Toolkit Project').locator('td.vendor-status').innerText(), 'Not yet assessed');

    await stateForm.getByLabel('Reason').fill('reproduced on 2.12.0');
    await moves.getByRole('button', { name: 'Notify vendors' }).click();
    await page.getByRole('status').filter({ hasText: 'The case is now vendor notified.' }).waitFor();
    assert.equal(await fact(page, 'State').innerText(), 'Vendor notified');
    assert.equal(await stateForm.getByRole('alert').count(), 0);

    const notified = await caseAs(page);
    assert.equal(notified.embargoUntil, addDays(new Date(notified.vendorNotifiedAt!), DEFAULT_EMBARGO_DAYS).toISOString());
    const shown = await fact(page, 'Embargo until').locator('time').innerText();
    assert.equal(shown, berlinTime(notified.embargoUntil));
    assert.match(shown, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T$/);
    assert.equal(await fact(page, 'Embargo until').locator('time').getAttribute('datetime'), notified.embargoUntil);
    const vendor = notified.participants.find((p) => p.orgId === orgIds['XML Toolkit Project'])!.vendor!;
    assert.equal(vendor.acknowledgementDue, addDays(new Date(notified.vendorNotifiedAt!), ACKNOWLEDGEMENT_DAYS).toISOString());
    assert.equal(await participantRow(page, 'XML Toolkit Project').locator('td').last().innerText(), `Due ${berlinTime(vendor.acknowledgementDue)}`);
    const history = page.getByRole('region', { name: 'History' });
    assert.equal(await history.locator('li[data-kind="embargo_set"]').innerText(), `${berlinTime(notified.vendorNotifiedAt!)} Embargo set to ${berlinTime(notified.embargoUntil)} (90 days) (you)`);
    assert.match(await history.locator('li[data-kind="state_changed"]').innerText(), /Triage → Vendor notified: reproduced on 2\.12\.0 \(you\)$/);
  });

  it('shows the case in the vendor portal: the vendor acknowledges, answers not_affected, then affected with a fixed version, and attaches its advisory', async () => {
    const page = await pages.signedIn(vendorMember, password);
    await page.goto(`${base}/vendor`);
    const card = page.locator(`article.vendor-case[data-case="${caseId}"]`);
    await card.getByRole('heading', { name: reportTitle }).waitFor();
    const panel = card.getByRole('region', { name: "Your organization's answer" });
    assert.equal(await fact(page, 'Your status').innerText(), 'Not yet assessed');

    await panel.getByRole('button', { name: 'Acknowledge' }).click();
    await card.getByRole('status').filter({ hasText: `You acknowledged ${caseId}.` }).waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Acknowledge' }).count(), 0);
    // The first acknowledgement moves the case on.
    assert.equal(await card.locator('.case-meta .badge-state').innerText(), 'Acknowledged');
    const acknowledged = (await caseAs(page)).participants.find((p) => p.orgId === orgIds['XML Toolkit Project'])!.vendor!;
    // The vendor chose no zone: its dates are in UTC.
    assert.equal(await fact(page, 'Acknowledged').innerText(), utcTime(acknowledged.acknowledgedAt!));

    const answer = card.getByRole('form', { name: `Answer for ${caseId}` });
    await answer.getByLabel('Not affected').check();
    assert.equal(await answer.getByLabel('Fixed versions').count(), 0, 'a vendor not affected names no versions');
    await answer.getByLabel('Statement').fill('Our builds disable the push parser.');
    await answer.getByRole('button', { name: 'Save answer' }).click();
    await card.getByRole('status').filter({ hasText: 'Your answer is recorded: Not affected.' }).waitFor();
    assert.equal(await fact(page, 'Your status').innerText(), 'Not affected');

    // A version the server refuses: its message beside the list it belongs to.
    await answer.getByLabel('Affected', { exact: true }).check();
    await answer.getByLabel('Statement').fill('On a second look, builds with the push parser enabled overflow.');
    await answer.getByLabel('Affected versions').fill('2.12.0');
    await answer.getByLabel('Fixed versions').fill('x'.repeat(201));
    await answer.getByRole('button', { name: 'Save answer' }).click();
    const fixedError = answer.locator(`#answer-${caseId}-fixed-error`);
    await fixedError.waitFor();
    assert.equal(await fixedError.innerText(), 'a version holds at most 200 characters');
    assert.equal(await answer.getByLabel('Fixed versions').getAttribute('aria-invalid'), 'true');

    await answer.getByLabel('Fixed versions').fill('2.12.1');
    await answer.getByRole('button', { name: 'Save answer' }).click();
    await card.getByRole('status').filter({ hasText: 'Your answer is recorded: Affected.' }).waitFor();
    assert.equal(await fact(page, 'Your status').innerText(), 'Affected');
    assert.equal(await fixedError.count(), 0);

    const advisoryText = Buffer.from('# XML Toolkit advisory\n\nFixed in 2.12.1.\n');
    const advisory = card.getByRole('form', { name: `Advisory for ${caseId}` });
    await advisory.getByLabel('Your advisory').setInputFiles({ name: 'advisory.md', mimeType: 'text/markdown', buffer: advisoryText });
    await advisory.getByRole('button', { name: 'Upload advisory' }).click();
    await card.getByRole('status').filter({ hasText: 'Your advisory advisory.md is attached.' }).waitFor();
    const sha256 = createHash('sha256').update(advisoryText).digest('hex');
    assert.equal(await advisory.getByRole('link', { name: 'advisory.md' }).getAttribute('href'), `/v1/cases/${caseId}/attachments/${sha256}`);
    const download = await page.request.get(`${base}/v1/cases/${caseId}/attachments/${sha256}`);
    assert.deepEqual(Buffer.from(await download.body()), advisoryText);

    const mine = await caseAs(page);
    assert.equal(mine.state, 'acknowledged');
    assert.deepEqual(mine.participants.find((p) => p.orgId === orgIds['XML Toolkit Project'])?.vendor?.fixedVersions, ['2.12.1']);
  });

  it("shows the analyst each vendor's answer, and \"Not yet assessed\" for a second vendor added without answering", async () => {
    const page = await pages.signedIn(analyst, password);
    await page.goto(`${base}/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: reportTitle }).waitFor();
    assert.equal(await fact(page, 'State').innerText(), 'Acknowledged');
    const first = participantRow(page, 'XML Toolkit Project');
    assert.equal(await first.locator('td.vendor-status .badge').innerText(), 'Affected');
    assert.equal(await first.locator('td.vendor-status .statement').innerText(), 'On a second look, builds with the push parser enabled overflow.');
    assert.deepEqual(await first.locator('td').allInnerTexts().then((cells) => cells.slice(2, 4)), ['2.12.0', '2.12.1']);
    assert.match(await first.locator('td').last().innerText(), /^Acknowledged \d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T$/);
    assert.equal(await first.getByRole('link', { name: 'advisory.md' }).count(), 1);

    const add = page.getByRole('form', { name: 'Add a participant' });
    await page.getByText('Add a participant', { exact: true }).click();
    await add.getByLabel('Organization id').fill('no-such-org');
    await add.getByRole('button', { name: 'Add participant' }).click();
    await add.locator('#participant-org-error').waitFor();
    assert.equal(await add.locator('#participant-org-error').innerText(), 'no organization no-such-org');

    await add.getByLabel('Organization id').fill(orgIds['Second Vendor']!);
    await add.getByLabel('Role').selectOption('vendor');
    await add.getByRole('button', { name: 'Add participant' }).click();
    await page.getByRole('status').filter({ hasText: 'Added the vendor.' }).waitFor();
    const second = participantRow(page, 'Second Vendor');
    await second.waitFor();
    const notAssessed = second.locator('td.vendor-status .badge');
    assert.equal(await notAssessed.innerText(), 'Not yet assessed');
    assert.match((await notAssessed.getAttribute('class')) ?? '', /\bbadge-vendor-not-assessed\b/);
    // Added after notification, it was told at once and owes an acknowledgement.
    assert.match(await second.locator('td').last().innerText(), /^Due \d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T$/);

    // The reporter reads the participants, not the vendors' answers.
    const reporter = await pages.signedIn(labMember, password);
    await reporter.goto(`${base}/cases/${caseId}`);
    await reporter.getByRole('heading', { level: 1, name: reportTitle }).waitFor();
    assert.equal(await participantRow(reporter, 'XML Toolkit Project').locator('td').last().innerText(), "The vendor's answer is for the coordinators.");
    assert.equal(await reporter.getByRole('group', { name: 'Next states' }).count(), 0);
  });

  it('renders a message’s script and event-handler payloads inert, and keeps an AMBER+STRICT note from the vendor', async () => {
    const page = await pages.signedIn(analyst, password);
    await page.goto(`${base}/cases/${caseId}`);
    const form = page.getByRole('form', { name: 'Post a message' });
    await form.getByLabel('Message').fill(hostileMessage);
    assert.equal(await form.getByLabel('Marking').inputValue(), 'AMBER');
    await form.getByRole('button', { name: 'Post message' }).click();
    const thread = page.getByRole('region', { name: 'Messages' });
    const hostile = thread.locator('li.message', { hasText: 'push parser' });
    await hostile.waitFor();
    await assertInert(page, hostile.locator('.message-body'), 'the analyst’s thread');
    assert.equal(await hostile.locator('.badge-tlp').innerText(), 'TLP:AMBER');

    await form.getByLabel('Message').fill(strictNote);
    await form.getByLabel('Marking').selectOption('AMBER+STRICT');
    assert.equal(await form.locator('#message-tlp-hint').innerText(), 'TLP:AMBER+STRICT reaches your organization only.');
    await form.getByRole('button', { name: 'Post message' }).click();
    const strict = thread.locator('li.message', { hasText: strictNote });
    await strict.waitFor();
    assert.equal(await strict.locator('.badge-tlp').innerText(), 'TLP:AMBER+STRICT');
    assert.equal(await form.getByLabel('Message').inputValue(), '');

    const vendorPage = await pages.signedIn(vendorMember, password);
    await vendorPage.goto(`${base}/cases/${caseId}`);
    const vendorThread = vendorPage.getByRole('region', { name: 'Messages' });
    await vendorThread.getByText('1 message you may read.').waitFor();
    await assertInert(vendorPage, vendorThread.locator('li.message .message-body'), 'the vendor’s thread');
    assert.equal(await vendorThread.getByText(strictNote).count(), 0);
    // The vendor reads its own part of the case, and answers from its page too.
    assert.equal(await fact(vendorPage, 'Your status').innerText(), 'Affected');
  });

  /** The message as rendered: Markdown kept, quoted payload visible, no handler, script or image, and nothing ran. */
  async function assertInert(page: Page, body: Locator, where: string): Promise<void> {
    await body.locator('strong', { hasText: 'push parser' }).waitFor();
    const rendered = await body.evaluate((root) => ({
      handlers: [...root.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.toLowerCase().startsWith('on')).map((a) => `${e.tagName} ${a.name}`)),
      active: [...root.querySelectorAll('script, img, iframe, object, embed, svg, form')].map((e) => e.tagName),
      text: (root as HTMLElement).innerText,
    }));
    assert.deepEqual(rendered.handlers, [], `${where}: event-handler attributes`);
    assert.deepEqual(rendered.active, [], `${where}: active elements`);
    assert.ok(rendered.text.includes('Quoted: <script>window.__pwned=2</script>'), `${where}: the quoted payload is not shown in ${JSON.stringify(rendered.text)}`);
    await body.getByText('click me').click();
    assert.equal(await pwned(page), undefined, `${where}: a payload ran`);
  }

  it('extends the embargo to a date in the analyst’s zone, with the reason the server requires', async () => {
    const page = await pages.signedIn(analyst, password);
    await page.goto(`${base}/cases/${caseId}`);
    const before = await caseAs(page);
    const form = page.getByRole('form', { name: 'Extend the embargo' });
    const [date, time] = berlinTime(before.embargoUntil!).split(' ') as [string, string];
    assert.equal(await form.getByLabel('New embargo end').inputValue(), date);
    assert.equal(await form.getByLabel('Time').inputValue(), time);

    const later = berlinTime(addDays(new Date(before.embargoUntil!), 10).toISOString()).split(' ')[0]!;
    await form.getByLabel('New embargo end').fill(later);
    await form.getByRole('button', { name: 'Extend the embargo' }).click();
    await form.locator('#embargo-reason-error').waitFor();
    assert.equal(await form.locator('#embargo-reason-error').innerText(), 'an embargo extension needs a reason');

    await form.getByLabel('Reason').fill('the fix needs a backport to 2.11');
    await form.getByRole('button', { name: 'Extend the embargo' }).click();
    await page.getByRole('status').filter({ hasText: 'The embargo is extended.' }).waitFor();
    const extended = await caseAs(page);
    // The wall time typed in Berlin is the instant stored, across any change of daylight saving time.
    assert.equal(berlinTime(extended.embargoUntil!).slice(0, 16), `${later} ${time}`);
    assert.equal(await fact(page, 'Embargo until').locator('time').innerText(), berlinTime(extended.embargoUntil!));
    assert.match(await page.getByRole('region', { name: 'History' }).locator('li[data-kind="embargo_extended"]').innerText(), /: the fix needs a backport to 2\.11 \(you\)$/);
  });

  it('shows the case on the embargo calendar on its embargo date, and the acknowledgement deadlines, each linking to the case', async () => {
    const page = await pages.signedIn(analyst, password);
    const current = await caseAs(page);
    const embargoDate = berlinTime(current.embargoUntil!).slice(0, 10);
    const secondDue = current.participants.find((p) => p.orgId === orgIds['Second Vendor'])!.vendor!.acknowledgementDue!;

    await page.getByRole('navigation', { name: 'Coordination' }).getByRole('link', { name: 'Calendar' }).click();
    await page.waitForURL(`${base}/cases/calendar`);
    await page.getByRole('heading', { level: 1, name: 'Embargo calendar' }).waitFor();
    const months = page.getByRole('navigation', { name: 'Months' });
    for (let i = 0; i < 6 && !page.url().endsWith(`month=${embargoDate.slice(0, 7)}`); i++) {
      const from = page.url();
      await months.getByRole('link', { name: 'Next month' }).click();
      await page.waitForURL((url) => url.href !== from);
    }
    assert.equal(new URL(page.url()).searchParams.get('month'), embargoDate.slice(0, 7));
    const day = page.locator(`table.calendar td[data-date="${embargoDate}"]`);
    const entry = day.locator('li.deadline-embargo');
    await entry.waitFor();
    assert.equal((await entry.innerText()).replace(/\s+/g, ' '), `Embargo ends ${berlinTime(current.embargoUntil!)} ${caseId}`);
    assert.equal(await page.locator('table.calendar li.deadline-embargo').count(), 1);

    await page.goto(`${base}/cases/calendar?month=${berlinTime(secondDue).slice(0, 7)}`);
    const ack = page.locator(`table.calendar td[data-date="${berlinTime(secondDue).slice(0, 10)}"] li.deadline-acknowledgement`, { hasText: 'Second Vendor' });
    await ack.waitFor();
    assert.equal((await ack.innerText()).replace(/\s+/g, ' '), `Acknowledgement from Second Vendor ${berlinTime(secondDue)} ${caseId}`);
    await ack.getByRole('link', { name: caseId }).click();
    await page.waitForURL(`${base}/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: reportTitle }).waitFor();

    // The vendor's calendar, in UTC (it chose no zone), shows its case too.
    const vendorPage = await pages.signedIn(vendorMember, password);
    const utcDate = current.embargoUntil!.slice(0, 10);
    await vendorPage.goto(`${base}/cases/calendar?month=${utcDate.slice(0, 7)}`);
    await vendorPage.locator(`table.calendar td[data-date="${utcDate}"] li.deadline-embargo`).getByRole('link', { name: caseId }).waitFor();
  });

  it('groups cases by state on the board, filters and sorts through the URL, and marks an overdue acknowledgement', async () => {
    // A second report, a second cluster: its case stays in triage.
    const other = await ch.intake.submit(labPrincipal, {
      document: JSON.stringify({ title: 'Use after free in xmlFreeNode', description: 'A freed node is read again.', affected: [{ purl: 'pkg:generic/libxml2@2.11.0' }] }),
      source: { kind: 'person', name: 'Dee Bugger' },
    });
    assert.notEqual(other.clusterId, clusterId);
    const page = await pages.signedIn(analyst, password);
    await page.goto(`${base}/cases/new`);
    const openForm = page.getByRole('form', { name: 'Open a case' });
    await openForm.getByLabel('Cluster').fill(clusterId);
    await openForm.getByRole('button', { name: 'Open the case' }).click();
    await openForm.locator('#case-cluster-error').waitFor();
    assert.equal(await openForm.locator('#case-cluster-error').innerText(), `cluster ${clusterId} already has case ${caseId}`);
    await openForm.getByLabel('Cluster').fill(other.clusterId);
    await openForm.getByRole('button', { name: 'Open the case' }).click();
    await page.getByRole('heading', { level: 1, name: 'Use after free in xmlFreeNode' }).waitFor();

    // The second vendor's acknowledgement date passes without an acknowledgement.
    await ch.store.db
      .updateTable('case_participants')
      .set({ acknowledgement_due: addDays(new Date(), -1).toISOString() })
      .where('case_id', '=', caseId)
      .where('org_id', '=', orgIds['Second Vendor']!)
      .execute();

    await page.goto(`${base}/cases`);
    await page.getByText('2 cases, most recently updated first.').waitFor();
    const column = (key: string) => page.locator(`.board-column[data-column="${key}"]`);
    assert.deepEqual(await page.locator('.board-column h3').allInnerTexts(), ['Triage (1)', 'Vendor notified (0)', 'Acknowledged (1)', 'Fix in progress (0)', 'Fixed (0)', 'Published (0)', 'Closed (0)']);
    const card = column('acknowledged').locator(`li.case-card[data-case="${caseId}"]`);
    assert.equal(await card.locator('.case-title').innerText(), reportTitle);
    assert.equal(await card.locator('.case-embargo time').innerText(), berlinTime((await caseAs(page)).embargoUntil!));
    await card.getByText('Acknowledgement overdue').waitFor();
    assert.equal(await column('triage').getByText('Acknowledgement overdue').count(), 0);

    await page.getByLabel('State', { exact: true }).selectOption('acknowledged');
    await page.waitForURL(`${base}/cases?state=acknowledged`);
    await page.getByText('1 case acknowledged, most recently updated first.').waitFor();
    assert.deepEqual(await page.locator('.board-column h3').allInnerTexts(), ['Acknowledged (1)']);
    await page.getByLabel('Sort by').selectOption('embargo');
    await page.waitForURL(`${base}/cases?state=acknowledged&sort=embargo`);
    await page.getByText('1 case acknowledged, soonest embargo end first.').waitFor();
    await page.reload();
    await page.getByText('1 case acknowledged, soonest embargo end first.').waitFor();
    assert.equal(await page.getByLabel('State', { exact: true }).inputValue(), 'acknowledged');

    await card.locator('.case-title').click();
    await page.waitForURL(`${base}/cases/${caseId}`);
    await participantRow(page, 'Second Vendor').getByText('Overdue').waitFor();
    assert.equal(await participantRow(page, 'XML Toolkit Project').getByText('Overdue').count(), 0);
  });

  it('records a CVE id another CNA assigned, and flags the case as AI-enabled crime with its referral package, which participants never see', async () => {
    const page = await pages.signedIn(analyst, password);
    await page.goto(`${base}/cases/${caseId}`);
    const record = page.getByRole('form', { name: 'Record a CVE id assigned elsewhere' });
    await record.getByLabel('CVE id another CNA assigned').fill('CVE-26-1');
    await record.getByLabel('Assigned by').fill('MITRE');
    await record.getByRole('button', { name: 'Record the CVE id' }).click();
    await record.locator('#cve-record-id-error').waitFor();
    assert.equal(await record.getByLabel('CVE id another CNA assigned').getAttribute('aria-invalid'), 'true');
    await record.getByLabel('CVE id another CNA assigned').fill('CVE-2026-40001');
    await record.getByRole('button', { name: 'Record the CVE id' }).click();
    await page.getByRole('status').filter({ hasText: 'The CVE id is recorded.' }).waitFor();
    assert.equal(await fact(page, 'CVE').innerText(), 'CVE-2026-40001 (assigned elsewhere, by MITRE)');
    assert.equal(await page.getByRole('region', { name: 'CVE id' }).count(), 0, 'nothing more to do with an id assigned elsewhere');

    const flag = page.getByRole('form', { name: 'Flag as AI-enabled crime' });
    await flag.getByRole('button', { name: 'Flag as AI-enabled crime' }).click();
    await flag.locator('#ai-crime-reason-error').waitFor();
    await flag.getByLabel('Reason').fill('the overflow was found and exploited by an agent against hosted parsers');
    await flag.getByRole('button', { name: 'Flag as AI-enabled crime' }).click();
    await page.getByRole('status').filter({ hasText: 'Flagged as AI-enabled crime.' }).waitFor();
    const section = page.getByRole('region', { name: 'AI-enabled crime' });
    const referral = section.getByRole('link', { name: 'Download the referral package' });
    assert.equal(await referral.getAttribute('href'), `/v1/cases/${caseId}/referral`);
    const manifest = await page.request.get(`${base}/v1/cases/${caseId}/referral`);
    assert.equal(manifest.status(), 200);
    assert.equal(((await manifest.json()) as { case: { id: string } }).case.id, caseId);
    assert.equal(await section.getByRole('form', { name: 'Remove the AI-enabled crime flag' }).count(), 1);

    const vendorPage = await pages.signedIn(vendorMember, password);
    await vendorPage.goto(`${base}/cases/${caseId}`);
    await vendorPage.getByRole('heading', { level: 1, name: reportTitle }).waitFor();
    await vendorPage.getByRole('region', { name: 'Messages' }).waitFor();
    assert.equal(await vendorPage.getByRole('region', { name: 'AI-enabled crime' }).count(), 0);
    assert.equal(await fact(vendorPage, 'CVE').innerText(), 'CVE-2026-40001 (assigned elsewhere, by MITRE)');
  });
});
