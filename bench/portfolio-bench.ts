// Benchmark 5: a portfolio of SBOMs (default 10,000 of about 500 components: about 5 M
// component rows) in a SQLite store, loaded through the real path (createAsset + uploadSbom).
// Each figure beside a baseline from the same run:
// 1. one new advisory, imported as a user would (a file through the importer), until its
//    exposures are written; beside a full re-scan of the portfolio (portfolio-rescan.ts);
// 2. the full portfolio match, components/s and RSS; beside the RSS before matching and a
//    naive per-record evaluation of a sample;
// 3. a 5,000-component SBOM read and uploaded into the full store; beside parse-only and the
//    same upload into an empty inventory.
// Usage: node --import tsx bench/portfolio-bench.ts [--sboms N] [--reupload N] [--json] [--profile DIR] [--keep-store]
// --reupload: how many assets the re-upload baseline re-scans (default all; fewer is
// extrapolated, and said so). --profile writes CPU profiles of figures 1 and 3 only.
// --keep-store leaves the SQLite store in its temp folder for a closer look.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Principal } from '../src/domain/access/access-policy.js';
import { compileRange, isInIntervals } from '../src/domain/matching/affected-intervals.js';
import type { OsvRecord } from '../src/domain/osv/osv-record.js';
import { resolveEcosystem } from '../src/domain/versioning/ecosystems.js';
import { versionSchemes } from '../src/domain/versioning/registry.js';
import { openClearinghouse, type Clearinghouse } from '../src/services/clearinghouse.js';
import type { UploadedComponent } from '../src/services/inventory/inventory-service.js';
import { readSbom } from '../src/services/sbom/read-sbom.js';
import type { ComponentRow } from '../src/store/inventory-repository.js';
import { readJsonLines } from '../src/testing/shared-data.js';
import { osvCorpusFiles, peakRssMiB } from './corpus.js';
import { PortfolioGenerator, type Holding } from './portfolio-generator.js';
import { matchPortfolio, rescanByReupload } from './portfolio-rescan.js';
import { median, portfolioReport, type AdvisoryTiming, type PortfolioResult, type RealAdvisoryTiming, type UploadTiming } from './portfolio-report.js';
import { readPackagePool, readRealSboms, seededRandom } from './portfolio-sources.js';

const { values: args } = parseArgs({
  options: {
    sboms: { type: 'string', default: '10000' },
    reupload: { type: 'string' },
    json: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'keep-store': { type: 'boolean', default: false },
  },
});
const sbomCount = wholeNumber('--sboms', args.sboms);
const reuploadLimit = args.reupload === undefined ? Number.MAX_SAFE_INTEGER : wholeNumber('--reupload', args.reupload);

function wholeNumber(option: string, text: string): number {
  const value = Number(text);
  if (Number.isInteger(value) && value >= 1) return value;
  console.error(`${option} must be a positive whole number, not "${text}"`);
  process.exit(2);
}
const BIG_SBOM_COMPONENTS = 5000;
const ADVISORY_RUNS = 7;
const REAL_ADVISORIES = 30;
const FLOOR_RUNS = 3;
const UPLOAD_RUNS = 5;
const MATCH_SAMPLE = 20000;

const note = (text: string): void => void process.stderr.write(`${text}\n`);
const seconds = (since: number): number => (performance.now() - since) / 1000;

const dir = mkdtempSync(join(tmpdir(), 'ch-portfolio-'));
const dbPath = join(dir, 'portfolio.db');
const ch = await openClearinghouse({ db: dbPath, loadIndex: true });
const profiler = args.profile === undefined ? undefined : new Session();
try {
  const result = await run(ch);
  if (args.json) console.log(JSON.stringify(result));
  else for (const line of portfolioReport(result)) console.log(line);
} finally {
  await ch.close();
  if (args['keep-store']) note(`store kept: ${dbPath}`);
  else rmSync(dir, { recursive: true, force: true });
}

async function run(ch: Clearinghouse): Promise<PortfolioResult> {
  let t = performance.now();
  note('importing the OSV corpus ...');
  await ch.importer.importPaths(osvCorpusFiles());
  const corpusImportSeconds = seconds(t);
  note(`imported in ${corpusImportSeconds.toFixed(0)} s; reading the real SBOMs and the package pool ...`);
  const bases = await readRealSboms();
  const pool = await readPackagePool();
  const generator = new PortfolioGenerator(bases, pool, seededRandom(20260701));
  const principal = await operator(ch);

  const bigComponents = bigSbomComponents(bases, generator);
  const bigDocument = cycloneDxDocument('portfolio-bench-5000', bigComponents);
  note(`${bases.length} real SBOMs, ${pool.length} pool packages; uploading the ${bigComponents.length}-component SBOM into the empty inventory ...`);
  const emptyInventory = await timeUploads(ch, principal, bigDocument, 'empty');

  t = performance.now();
  let uploadSeconds = 0;
  let components = 0;
  let exposures = 0;
  let unmatched = 0;
  for (let i = 0; i < sbomCount; i++) {
    const sbom = generator.next();
    const asset = await ch.inventory.createAsset(principal, { name: `asset ${String(i).padStart(5, '0')}`, criticality: 'high', systemExposure: 'controlled', missionImpact: 'mef_failure' });
    const u = performance.now();
    const uploaded = await ch.inventory.uploadSbom(principal, asset.id, { format: 'CycloneDX', specVersion: '1.6', encoding: 'json', name: sbom.source, components: sbom.components }, JSON.stringify(sbom.components));
    uploadSeconds += seconds(u);
    components += sbom.components.length;
    exposures += uploaded.exposures;
    unmatched += uploaded.unmatched;
    if ((i + 1) % 100 === 0 || i + 1 === sbomCount) {
      const elapsed = seconds(t);
      process.stderr.write(
        `\rloading: ${i + 1}/${sbomCount} SBOMs, ${components.toLocaleString('en-US')} components, ${Math.round(components / elapsed).toLocaleString('en-US')} components/s, ${exposures.toLocaleString('en-US')} exposures, ${Math.round(elapsed)} s, ETA ${Math.round((elapsed / (i + 1)) * (sbomCount - i - 1))} s   `,
      );
    }
  }
  const loadSeconds = seconds(t);
  note('');
  const dbMiB = Math.round((statSync(dbPath).size + (statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 1048576);

  const holdings = generator.holdings();
  const topHolding = holdings[0]!;
  const typicalHolding = holdings.find((h) => h.holders <= Math.max(1, Math.round(sbomCount / 100))) ?? holdings[holdings.length - 1]!;
  note(`figure 1: new advisories for ${topHolding.pkg.ecosystem} ${topHolding.pkg.name} (${topHolding.holders} holders) and ${typicalHolding.pkg.ecosystem} ${typicalHolding.pkg.name} (${typicalHolding.holders}) ...`);
  let advisorySerial = 0;
  const advise = (h: Holding, runs: number, profile?: string) => timeAdvisories(ch, h, runs, () => ++advisorySerial, profile);
  // One untimed advisory first: the first import of a single file compiles what the corpus import did not use.
  await advise(typicalHolding, 1);
  const typical = await advise(typicalHolding, ADVISORY_RUNS);
  const top = await advise(topHolding, ADVISORY_RUNS, 'advisory');
  note(`figure 1: ${REAL_ADVISORIES} real advisories re-published under new ids, and the storage floor ...`);
  const real = await timeRealAdvisories(ch, holdings, () => ++advisorySerial);
  const floorMs = await storageFloorMs(ch, topHolding);

  note('figure 2 and the lower-bound re-scan: reading and matching every current component ...');
  const matchPass = await matchPortfolio(ch);
  note(`${matchPass.totalSeconds.toFixed(1)} s; figure 2's sample against the naive baseline ...`);
  const match = await matchSample(ch);
  const exposuresBefore = await exposureCount(ch);
  note('baseline: re-scan by re-uploading the SBOMs ...');
  t = performance.now();
  const reupload = await rescanByReupload(ch, principal, reuploadLimit, (done, total) => process.stderr.write(`\rre-scan: ${done}/${total} assets, ${Math.round(seconds(t))} s   `));
  note('');
  const exposuresAfter = await exposureCount(ch);

  note('figure 3: uploading the 5,000-component SBOM into the full store ...');
  const fullStore = await timeUploads(ch, principal, bigDocument, 'full', 'upload');

  return {
    store: `SQLite (better-sqlite3, WAL) in ${tmpdir()}`,
    sboms: sbomCount,
    components,
    realSources: bases.length,
    poolPackages: pool.length,
    corpusImportSeconds,
    load: { seconds: loadSeconds, uploadSeconds, exposures, unmatched, dbMiB },
    advisory: { top, typical, real, floorMs },
    matchPass,
    reupload,
    exposuresBefore,
    exposuresAfter,
    match,
    upload: { components: bigComponents.length, emptyInventory, fullStore },
    peakRssMiB: peakRssMiB(),
  };
}

/** An operator organization and its admin, as the uploads' principal. */
async function operator(ch: Clearinghouse): Promise<Principal> {
  await ch.accounts.createOrganization({ name: 'Portfolio Operator', type: 'operator', sector: 'energy' });
  const user = await ch.accounts.createUser({ orgName: 'Portfolio Operator', email: 'admin@portfolio.example', role: 'admin', password: 'portfolio bench password' });
  return { userId: user.id, orgId: user.org_id, role: 'admin' };
}

/** Every distinct real component that has a purl, topped up with pool packages to 5,000. */
function bigSbomComponents(bases: readonly { components: readonly UploadedComponent[] }[], generator: PortfolioGenerator): UploadedComponent[] {
  const byPurl = new Map<string, UploadedComponent>();
  for (const base of bases) for (const c of base.components) if (c.purl !== undefined && c.version !== undefined && !byPurl.has(c.purl)) byPurl.set(c.purl, c);
  const real = [...byPurl.values()].slice(0, BIG_SBOM_COMPONENTS);
  const pooled = generator.poolComponents(BIG_SBOM_COMPONENTS - real.length).filter((c) => !byPurl.has(c.purl!));
  return [...real, ...pooled];
}

/** A CycloneDX 1.6 JSON document listing the components, as an operator's tool would upload it. */
function cycloneDxDocument(name: string, components: readonly UploadedComponent[]): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: { component: { type: 'application', 'bom-ref': 'root', name } },
    components: components.map((c, i) => ({ type: 'library', 'bom-ref': `component-${i}`, name: c.name, version: c.version, purl: c.purl })),
  });
}

/** Reads and uploads the document into new assets, timing each step; the first run warms up (schema compilation) and is not counted. */
async function timeUploads(ch: Clearinghouse, principal: Principal, document: string, label: string, profile?: string): Promise<UploadTiming> {
  const readMs: number[] = [];
  const uploadMs: number[] = [];
  let exposures = 0;
  for (let i = 0; i <= UPLOAD_RUNS + extraProfiledRun(profile); i++) {
    const warmUp = i === 0;
    const profiled = i === UPLOAD_RUNS + 1;
    const asset = await ch.inventory.createAsset(principal, { name: `upload ${label} ${i}`, criticality: 'critical', systemExposure: 'open', missionImpact: 'mission_failure' });
    if (profiled) await startProfile();
    let t = performance.now();
    const read = await readSbom(document);
    const readTime = seconds(t) * 1000;
    if (!read.ok) throw new Error(`the generated SBOM does not read: ${JSON.stringify(read.errors.slice(0, 3))}`);
    t = performance.now();
    const uploaded = await ch.inventory.uploadSbom(principal, asset.id, read.sbom, document);
    const uploadTime = seconds(t) * 1000;
    if (profiled) {
      await stopProfile(profile!);
    } else if (!warmUp) {
      readMs.push(readTime);
      uploadMs.push(uploadTime);
    }
    exposures = uploaded.exposures;
  }
  return { readMs, uploadMs, exposures };
}

/**
 * New advisories for a held package, imported one file each through the importer: a real
 * record of the package with a new id, whose range covers every held version.
 */
async function timeAdvisories(ch: Clearinghouse, holding: Holding, runs: number, serial: () => number, profile?: string): Promise<AdvisoryTiming> {
  const { pkg } = holding;
  const resolved = resolveEcosystem(pkg.ecosystem);
  if (!resolved.ok) throw new Error(resolved.error);
  const scheme = versionSchemes.get(resolved.value.definition.schemeId)!;
  const newest = [...holding.versions]
    .map((text) => ({ text, parsed: scheme.parse(text) }))
    .filter((v) => v.parsed.ok)
    .reduce((a, b) => (scheme.compare((a.parsed as { value: unknown }).value, (b.parsed as { value: unknown }).value) >= 0 ? a : b)).text;
  const [example] = await ch.vulnerabilities.getMany([pkg.exampleId]);
  const shape = JSON.parse(example!.record) as OsvRecord;
  const heldComponents = await heldComponentCount(ch, holding);
  const holders = await holderCount(ch, holding);
  const runsMs: number[] = [];
  let exposures = 0;
  for (let i = 0; i < runs + extraProfiledRun(profile); i++) {
    const profiled = i === runs;
    const id = `OSV-BENCH-${String(serial()).padStart(4, '0')}`;
    const now = new Date().toISOString();
    const record: OsvRecord = {
      ...shape,
      id,
      modified: now,
      published: now,
      aliases: [],
      related: [],
      affected: [{ package: { ecosystem: pkg.ecosystem, name: pkg.name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: newest }] }] }],
    };
    delete record.upstream;
    delete record.withdrawn;
    const file = join(dir, `${id}.json`);
    writeFileSync(file, JSON.stringify(record));
    if (profiled) await startProfile();
    const t = performance.now();
    const summary = await ch.importer.importPaths([file]);
    if (profiled) await stopProfile(profile!);
    else runsMs.push(seconds(t) * 1000);
    if (summary.added !== 1) throw new Error(`advisory ${id} was not added: ${JSON.stringify(summary.rejections)}`);
    exposures = Number((await ch.store.db.selectFrom('exposures').select((eb) => eb.fn.countAll().as('n')).where('vuln_id', '=', id).executeTakeFirstOrThrow()).n);
  }
  return { ecosystem: pkg.ecosystem, name: pkg.name, holders, exposures, heldComponents, runsMs };
}

/**
 * What "one new advisory" usually is: real records of held packages (a seeded sample of the
 * held packages, each with its own record and its real ranges), imported again under a new id.
 */
async function timeRealAdvisories(ch: Clearinghouse, holdings: readonly Holding[], serial: () => number): Promise<RealAdvisoryTiming[]> {
  const random = seededRandom(20261123);
  const pool = [...holdings];
  const picked: Holding[] = [];
  while (picked.length < REAL_ADVISORIES && pool.length > 0) picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  const timings: RealAdvisoryTiming[] = [];
  for (const holding of picked) {
    const [stored] = await ch.vulnerabilities.getMany([holding.pkg.exampleId]);
    const id = `OSV-BENCH-${String(serial()).padStart(4, '0')}`;
    const now = new Date().toISOString();
    const record: OsvRecord = { ...(JSON.parse(stored!.record) as OsvRecord), id, modified: now, published: now };
    delete record.withdrawn;
    const file = join(dir, `${id}.json`);
    writeFileSync(file, JSON.stringify(record));
    const t = performance.now();
    const summary = await ch.importer.importPaths([file]);
    const ms = seconds(t) * 1000;
    if (summary.added !== 1) throw new Error(`advisory ${id} was not added: ${JSON.stringify(summary.rejections)}`);
    const exposures = Number((await ch.store.db.selectFrom('exposures').select((eb) => eb.fn.countAll().as('n')).where('vuln_id', '=', id).executeTakeFirstOrThrow()).n);
    timings.push({ sourceId: holding.pkg.exampleId, holders: await holderCount(ch, holding), exposures, ms });
  }
  return timings;
}

/**
 * The storage floor for the widest advisory: one INSERT … SELECT that writes an exposure row
 * (no priority, fix, remediation or notification) for every held component, committed, then
 * removed. No path that writes those rows can be faster on this store.
 */
async function storageFloorMs(ch: Clearinghouse, holding: Holding): Promise<number> {
  const runs: number[] = [];
  const vulnId = 'OSV-BENCH-FLOOR';
  for (let i = 0; i < FLOOR_RUNS; i++) {
    const now = new Date().toISOString();
    const t = performance.now();
    await ch.store.db
      .insertInto('exposures')
      .columns(['asset_id', 'component_id', 'vuln_id', 'first_seen', 'updated_at'])
      .expression(heldComponents(ch, holding).select((eb) => ['assets.id', 'components.id', eb.val(vulnId).as('vuln_id'), eb.val(now).as('first_seen'), eb.val(now).as('updated_at')]))
      .execute();
    runs.push(seconds(t) * 1000);
    await ch.store.db.deleteFrom('exposures').where('vuln_id', '=', vulnId).execute();
  }
  return median(runs);
}

/** Current components naming the package at the advisory's stream (what the store holds, not what was generated). */
async function heldComponentCount(ch: Clearinghouse, holding: Holding): Promise<number> {
  const rows = await heldComponents(ch, holding).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(rows.n);
}

async function holderCount(ch: Clearinghouse, holding: Holding): Promise<number> {
  const rows = await heldComponents(ch, holding).select((eb) => eb.fn.count('components.asset_id').distinct().as('n')).executeTakeFirstOrThrow();
  return Number(rows.n);
}

function heldComponents(ch: Clearinghouse, { pkg }: Holding) {
  const resolved = resolveEcosystem(pkg.ecosystem);
  if (!resolved.ok) throw new Error(resolved.error);
  const { definition } = resolved.value;
  return ch.store.db
    .selectFrom('components')
    .innerJoin('assets', (join) => join.onRef('assets.current_sbom_id', '=', 'components.sbom_id'))
    .where('components.ecosystem', '=', definition.base)
    .where('components.package_name', '=', definition.normalizeName(pkg.name))
    .where('components.query_ecosystem', '=', pkg.ecosystem);
}

async function exposureCount(ch: Clearinghouse): Promise<number> {
  return Number((await ch.store.db.selectFrom('exposures').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/**
 * Figure 2's like-for-like pair on a sample of stored components: the index, and the naive
 * per-record evaluation (every range of every record of the package re-compiled per component,
 * as in match-bench.ts).
 */
async function matchSample(ch: Clearinghouse): Promise<PortfolioResult['match']> {
  const rows = await ch.store.db
    .selectFrom('components')
    .innerJoin('assets', (join) => join.onRef('assets.current_sbom_id', '=', 'components.sbom_id'))
    .selectAll('components')
    .where('components.query_ecosystem', 'is not', null)
    .where('components.version', 'is not', null)
    .orderBy('components.id')
    .limit(MATCH_SAMPLE)
    .execute();
  const keyOf = (ecosystem: string, name: string): string => `${ecosystem}\u0000${name}`;
  const wanted = new Set(rows.map((c) => keyOf(c.query_ecosystem!, c.package_name!)));
  const byPackage = new Map<string, OsvRecord[]>();
  for (const file of osvCorpusFiles()) {
    for await (const record of readJsonLines<OsvRecord>(file)) {
      if (record.withdrawn) continue;
      for (const a of record.affected ?? []) {
        if (!a.package) continue;
        const resolved = resolveEcosystem(a.package.ecosystem);
        if (!resolved.ok) continue;
        const key = keyOf(a.package.ecosystem, resolved.value.definition.normalizeName(a.package.name));
        if (!wanted.has(key)) continue;
        const list = byPackage.get(key) ?? [];
        if (!list.includes(record)) list.push(record);
        byPackage.set(key, list);
      }
    }
  }
  const ours = perSecond(rows, (c) => {
    const answer = ch.knowledgeBase.index.match({ ecosystem: c.query_ecosystem!, name: c.package_name!, version: c.version! });
    return answer.ok ? answer.ids.length : 0;
  });
  const naive = perSecond(rows, (c) => {
    const resolved = resolveEcosystem(c.query_ecosystem!);
    if (!resolved.ok) return 0;
    const { definition } = resolved.value;
    const scheme = versionSchemes.get(definition.schemeId)!;
    const parsed = scheme.parse(c.version!);
    if (!parsed.ok) return 0;
    let hits = 0;
    for (const r of byPackage.get(keyOf(c.query_ecosystem!, c.package_name!)) ?? []) {
      const affected = (r.affected ?? []).some(
        (a) =>
          a.package !== undefined &&
          definition.normalizeName(a.package.name) === c.package_name &&
          ((a.ranges ?? []).some((g) => {
            if (g.type === 'GIT') return false;
            const compiled = compileRange(scheme, g);
            return compiled.ok && isInIntervals(scheme, compiled.intervals, parsed.value);
          }) ||
            (a.versions ?? []).some((v) => {
              const p = scheme.parse(v);
              return p.ok && scheme.compare(p.value, parsed.value) === 0;
            })),
      );
      if (affected) hits++;
    }
    return hits;
  });
  return { sample: rows.length, oursPerSecond: ours.perSecond, naivePerSecond: naive.perSecond, oursHits: ours.hits, naiveHits: naive.hits };
}

/** Components per second of `check` (which returns the ids found) over the rows, repeated for at least two seconds. */
function perSecond(rows: readonly ComponentRow[], check: (c: ComponentRow) => number): { perSecond: number; hits: number } {
  let done = 0;
  let hits = 0;
  const start = performance.now();
  while (seconds(start) < 2) {
    hits = 0;
    for (const c of rows) hits += check(c);
    done += rows.length;
  }
  return { perSecond: Math.round(done / seconds(start)), hits };
}

/** With --profile, one more run after the timed ones is profiled (the profiler's overhead stays out of the figures). */
function extraProfiledRun(name: string | undefined): number {
  return name !== undefined && profiler !== undefined ? 1 : 0;
}

async function startProfile(): Promise<void> {
  profiler!.connect();
  await profiler!.post('Profiler.enable');
  await profiler!.post('Profiler.setSamplingInterval', { interval: 100 });
  await profiler!.post('Profiler.start');
}

async function stopProfile(name: string): Promise<void> {
  const { profile } = await profiler!.post('Profiler.stop');
  profiler!.disconnect();
  mkdirSync(args.profile!, { recursive: true });
  writeFileSync(join(args.profile!, `${name}.cpuprofile`), JSON.stringify(profile));
}
