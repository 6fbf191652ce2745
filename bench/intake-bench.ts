// Benchmark 6: intake of reports built from the real advisories (intake-corpus.ts), each
// submitted through IntakeService.submit with clustering on, as production does. Each phase
// runs in its own child process, so each peak memory is its own; every phase streams the same
// deterministic reports. Baselines in the same run:
// (a) parse-only: readReport over the same documents, nothing stored (the reading floor);
// (b) storage floor: the report row alone, one plain Kysely insert in one transaction each;
// (c) intake's own writes: the rows submit writes for the report (report, cluster, findings with
//     their keys, shares), through IntakeRepository.insertReport, without the candidate lookups
//     and placement. Intake minus (a) minus (c) is what deduplication costs (the finding's
//     subject and keys, the candidate lookups, parsing and comparing the candidates).
// Usage: node --import tsx bench/intake-bench.ts [--reports 100000] [--db PATH|postgres://…] [--json]
// Without --db each phase gets a fresh SQLite file in a temp folder. A PostgreSQL database
// or SQLite store given by --db must hold no reports: the floors delete their rows after
// measuring, and the intake phase's reports are left there.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Principal } from '../src/domain/access/access-policy.js';
import { canonicalJson } from '../src/domain/canonical-json.js';
import { indexKeys } from '../src/domain/dedup/cluster-keys.js';
import { findingSubject } from '../src/domain/intake/finding-subject.js';
import { openClearinghouse, type Clearinghouse } from '../src/services/clearinghouse.js';
import { readReport } from '../src/services/intake/read-report.js';
import { ServiceError } from '../src/services/service-error.js';
import { isPostgresUrl } from '../src/store/database.js';
import { IntakeRepository, type ReportWrite } from '../src/store/intake-repository.js';
import { inChild, percentile } from './corpus.js';
import { intakeCorpus, type IntakeCorpusReport, type VariantKind } from './intake-corpus.js';

const PHASES = ['parse', 'floor-report', 'floor-rows', 'intake'] as const;
type Phase = (typeof PHASES)[number];

/** What every phase measures: time spent in the measured call only (not in generating reports). */
export interface PhaseResult {
  readonly phase: Phase;
  readonly reports: number;
  readonly rejected: number;
  readonly busySeconds: number;
  readonly wallSeconds: number;
  readonly perSecond: number;
  readonly firstTenthPerSecond: number;
  readonly lastTenthPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** Largest process.memoryUsage() seen, sampled every 100 reports. */
  readonly peakRssMiB: number;
  readonly peakHeapMiB: number;
  /** heapUsed after a full collection at the end: what the phase keeps, apart from garbage not yet collected. */
  readonly retainedHeapMiB: number;
  /** The kernel's peak resident set of the whole process (getrusage). */
  readonly maxRssMiB: number;
}

export interface IntakeOutcome extends PhaseResult {
  readonly bases: number;
  readonly clusters: number;
  /** Base bugs whose reports went to more than one cluster. */
  readonly splitBases: number;
  /** Clusters holding reports of more than one base bug. */
  readonly mixedClusters: number;
  /** Findings placed in an existing cluster, by the rule that linked them. */
  readonly joins: Readonly<Record<string, number>>;
  readonly kinds: Readonly<Record<VariantKind, number>>;
  readonly withStackTrace: number;
  readonly averageBytes: number;
  readonly firstErrors: readonly string[];
  /** SQLite only: the store's file size after intake (database plus WAL). */
  readonly storeMiB?: number;
}

export interface IntakeBenchResult {
  readonly store: string;
  readonly parse: PhaseResult;
  readonly floorReport: PhaseResult;
  readonly floorRows: PhaseResult;
  readonly intake: IntakeOutcome;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const row = (label: string, value: string, baseline: string): string => `${label.padEnd(44)} ${value.padStart(22)}   ${baseline}`;
const ms = (x: number): string => `${x < 10 ? x.toFixed(2) : Math.round(x)} ms`;

export function intakeReportLines(r: IntakeBenchResult): string[] {
  const { intake, parse, floorReport, floorRows } = r;
  const k = intake.kinds;
  const joins = Object.entries(intake.joins)
    .sort((a, b) => b[1] - a[1])
    .map(([rule, count]) => `${rule} ${n(count)}`)
    .join(', ');
  const slowdown = intake.lastTenthPerSecond / intake.firstTenthPerSecond;
  return [
    '',
    `6. Intake of ${n(intake.reports)} reports built from ${n(intake.bases)} real OSV advisories (${r.store}, clustering on)`,
    `   ${n(k.report)} free-form (${n(intake.withStackTrace)} with an ASan report), ${n(k.osv)} OSV + ${n(k['osv-again'])} resubmitted, ${n(k.sarif)} SARIF; ${n(intake.averageBytes)} bytes on average`,
    row('reports/s (time in submit)', `${n(intake.perSecond)}/s`, `parse-only baseline (readReport): ${n(parse.perSecond)}/s, intake is ${(parse.perSecond / intake.perSecond).toFixed(1)}× slower`),
    row('   first 10% → last 10% of the run', `${n(intake.firstTenthPerSecond)} → ${n(intake.lastTenthPerSecond)}/s`, `${slowdown < 1 ? `${((1 - slowdown) * 100).toFixed(0)}% slower` : 'no slowdown'} as the store grows; parse-only ${n(parse.firstTenthPerSecond)} → ${n(parse.lastTenthPerSecond)}/s`),
    row('   storage floor: report row, 1 tx each', `${n(floorReport.perSecond)}/s`, `${n(floorReport.firstTenthPerSecond)} → ${n(floorReport.lastTenthPerSecond)}/s; p50 ${ms(floorReport.p50Ms)}`),
    row("   intake's own rows, no lookups", `${n(floorRows.perSecond)}/s`, `IntakeRepository.insertReport alone; ${n(floorRows.firstTenthPerSecond)} → ${n(floorRows.lastTenthPerSecond)}/s; p50 ${ms(floorRows.p50Ms)}`),
    row('   where a report\'s time goes (mean)', ms((intake.busySeconds * 1000) / intake.reports), `read ${ms((parse.busySeconds * 1000) / parse.reports)} + write ${ms((floorRows.busySeconds * 1000) / floorRows.reports)} + the rest (subject, lookups, placement) ${ms(((intake.busySeconds - parse.busySeconds - floorRows.busySeconds) * 1000) / intake.reports)}`),
    row('latency per report p50 / p95', `${ms(intake.p50Ms)} / ${ms(intake.p95Ms)}`, `p99 ${ms(intake.p99Ms)}; parse-only ${ms(parse.p50Ms)} / ${ms(parse.p95Ms)}; intake's rows ${ms(floorRows.p50Ms)} / ${ms(floorRows.p95Ms)}`),
    row('peak RSS (sampled; kernel peak)', `${n(intake.peakRssMiB)} MiB; ${n(intake.maxRssMiB)} MiB`, `parse-only baseline: ${n(parse.peakRssMiB)}; ${n(parse.maxRssMiB)} MiB; intake's rows: ${n(floorRows.peakRssMiB)}; ${n(floorRows.maxRssMiB)} MiB`),
    row('peak heapUsed (sampled); after a full GC', `${n(intake.peakHeapMiB)}; ${n(intake.retainedHeapMiB)} MiB`, `parse-only baseline: ${n(parse.peakHeapMiB)}; ${n(parse.retainedHeapMiB)} MiB; intake's rows: ${n(floorRows.peakHeapMiB)}; ${n(floorRows.retainedHeapMiB)} MiB`),
    row('clusters formed', n(intake.clusters), `base bugs: ${n(intake.bases)}; ${n(intake.splitBases)} bases over more than one cluster, ${n(intake.mixedClusters)} clusters mixing bases`),
    row('   reports joined to a cluster, by rule', n(Object.values(intake.joins).reduce((a, b) => a + b, 0)), joins),
    row('rejected reports', n(intake.rejected), intake.firstErrors.length > 0 ? `first: ${intake.firstErrors.join(' | ')}` : `parse-only rejected ${n(parse.rejected)}`),
    row('wall time (incl. generating the reports)', `${intake.wallSeconds.toFixed(0)} s`, `parse-only ${parse.wallSeconds.toFixed(0)} s${intake.storeMiB === undefined ? '' : `; store ${n(intake.storeMiB)} MiB after intake`}`),
  ];
}

/** For run.ts: every phase in child processes, then the figures. */
export async function runIntakeBench(inChild: <T>(script: string, args?: string[]) => Promise<T>, reports: number): Promise<void> {
  const result = await inChild<IntakeBenchResult>(fileURLToPath(import.meta.url), ['--reports', String(reports), '--json']);
  for (const line of intakeReportLines(result)) console.log(line);
}

const note = (text: string): void => void process.stderr.write(`${text}\n`);
const mib = (bytes: number): number => Math.round(bytes / 1048576);

/** Streams the reports through `measure` (which returns the milliseconds it measured), keeping latencies and memory peaks. */
async function measurePhase(phase: Phase, count: number, measure: (report: IntakeCorpusReport, index: number) => Promise<number>, rejected: () => number): Promise<PhaseResult> {
  const latencies = new Float64Array(count);
  let peakRss = 0;
  let peakHeap = 0;
  const started = performance.now();
  let index = 0;
  for await (const report of intakeCorpus({ reports: count })) {
    latencies[index] = await measure(report, index);
    index += 1;
    if (index % 100 === 0 || index === count) {
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed);
    }
    if (process.stderr.isTTY && (index % 500 === 0 || index === count)) {
      const elapsed = (performance.now() - started) / 1000;
      process.stderr.write(`\r${phase}: ${n(index)}/${n(count)} reports, ${n(index / elapsed)}/s, ${n(elapsed)} s, ETA ${n((elapsed / index) * (count - index))} s   `);
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const wallSeconds = (performance.now() - started) / 1000;
  const tenth = Math.max(1, Math.floor(count / 10));
  const rate = (from: number, to: number): number => (to - from) / (latencies.subarray(from, to).reduce((a, b) => a + b, 0) / 1000);
  const busySeconds = latencies.reduce((a, b) => a + b, 0) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  // inChild runs phases with --expose-gc.
  (globalThis as { gc?: () => void }).gc?.();
  return {
    phase,
    reports: count,
    rejected: rejected(),
    busySeconds,
    wallSeconds,
    perSecond: count / busySeconds,
    firstTenthPerSecond: rate(0, tenth),
    lastTenthPerSecond: rate(count - tenth, count),
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    peakRssMiB: mib(peakRss),
    peakHeapMiB: mib(peakHeap),
    retainedHeapMiB: mib(process.memoryUsage().heapUsed),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** A fresh organization of the type and a member with create rights; names unique per run, so a PostgreSQL store can hold several. */
async function benchPrincipal(ch: Clearinghouse, type: 'researcher' | 'clearinghouse' | 'agency', label: string): Promise<Principal> {
  const name = `Intake bench ${label} ${randomUUID().slice(0, 8)}`;
  await ch.accounts.createOrganization({ name, type });
  const user = await ch.accounts.createUser({ orgName: name, email: `${label}-${randomUUID().slice(0, 8)}@intake-bench.invalid`, role: 'member' });
  return { userId: user.id, orgId: user.org_id, role: 'member' };
}

async function parsePhase(count: number): Promise<PhaseResult> {
  let rejected = 0;
  return measurePhase(
    'parse',
    count,
    async (report) => {
      const start = performance.now();
      const read = await readReport(report.submission.document, report.submission.format === undefined ? {} : { format: report.submission.format });
      const elapsed = performance.now() - start;
      if (!read.ok) rejected += 1;
      return elapsed;
    },
    () => rejected,
  );
}

/** The report row as intake fills it, from what is known without reading the document. */
function reportRow(report: IntakeCorpusReport, principal: Principal, title: string, format: string): ReportWrite['report'] {
  const source = report.submission.source;
  return {
    id: randomUUID(),
    owner_org_id: principal.orgId,
    tlp: report.submission.tlp ?? 'AMBER',
    format,
    title,
    source_kind: source.kind,
    source_name: source.kind === 'person' ? source.name : source.kind === 'scanner' ? source.tool : source.model,
    source_detail: JSON.stringify(source),
    document_sha256: createHash('sha256').update(report.submission.document).digest('hex'),
    document: report.submission.document,
    idempotency_key: null,
    submitted_by: principal.userId,
    submitted_at: new Date().toISOString(),
    validation_status: 'unvalidated',
  };
}

async function floorReportPhase(ch: Clearinghouse, count: number, given: boolean): Promise<PhaseResult> {
  const principal = await benchPrincipal(ch, 'researcher', 'floor');
  const result = await measurePhase(
    'floor-report',
    count,
    async (report) => {
      const values = reportRow(report, principal, 'storage floor', 'report');
      const start = performance.now();
      await ch.store.db.transaction().execute((tx) => tx.insertInto('reports').values(values).execute());
      return performance.now() - start;
    },
    () => 0,
  );
  if (given) await deleteReportsOf(ch, principal.orgId);
  return result;
}

/**
 * The rows submit writes, prepared as submit prepares them (outside the timing), each finding in
 * a cluster of its own (no lookups), written by the repository submit uses.
 */
async function floorRowsPhase(ch: Clearinghouse, count: number, given: boolean): Promise<PhaseResult> {
  const principal = await benchPrincipal(ch, 'researcher', 'rows');
  // Shared as intake shares with the clearinghouse; an agency here, so a later intake into the same store does not share with it too.
  const sharedWithOrgIds = [(await benchPrincipal(ch, 'agency', 'rows-share')).orgId];
  const repository = new IntakeRepository(ch.store);
  let rejected = 0;
  const result = await measurePhase(
    'floor-rows',
    count,
    async (report) => {
      const read = await readReport(report.submission.document);
      if (!read.ok) {
        rejected += 1;
        return 0;
      }
      const row = reportRow(report, principal, read.draft.findings[0]!.title, read.draft.format);
      const now = row.submitted_at;
      const findings = read.draft.findings.map((finding, ordinal) => {
        const subject = findingSubject(finding, createHash('sha256').update(canonicalJson(finding)).digest('hex'));
        return {
          id: randomUUID(),
          report_id: row.id,
          ordinal,
          title: finding.title,
          body: JSON.stringify(finding),
          subject: JSON.stringify(subject),
          cluster_id: randomUUID(),
          link_rule: null,
          link_score: null,
          link_detail: null,
          linked_via: null,
          linked_by: null,
          linked_at: now,
          keys: indexKeys(subject),
        };
      });
      const clusters = findings.map((f) => ({ id: f.cluster_id, canonical_finding_id: f.id, created_at: now, updated_at: now }));
      const start = performance.now();
      await repository.insertReport({ report: row, clusters, findings, attachments: [], sharedWithOrgIds });
      return performance.now() - start;
    },
    () => rejected,
  );
  if (given) await deleteReportsOf(ch, principal.orgId);
  return result;
}

async function intakePhase(ch: Clearinghouse, count: number, location: string): Promise<IntakeOutcome> {
  await benchPrincipal(ch, 'clearinghouse', 'clearinghouse');
  const principal = await benchPrincipal(ch, 'researcher', 'reporter');
  const baseIndex = new Map<string, number>();
  const clusterIndex = new Map<string, number>();
  const baseOfReport = new Int32Array(count).fill(-1);
  const clusterOfReport = new Int32Array(count).fill(-1);
  const joins: Record<string, number> = {};
  const kinds: Record<VariantKind, number> = { osv: 0, 'osv-again': 0, report: 0, sarif: 0 };
  const firstErrors: string[] = [];
  let rejected = 0;
  let bytes = 0;
  let withStackTrace = 0;
  const result = await measurePhase(
    'intake',
    count,
    async (report, index) => {
      kinds[report.kind] += 1;
      bytes += report.submission.document.length;
      if (report.kind === 'report' && report.submission.document.includes('"stackTrace"')) withStackTrace += 1;
      const start = performance.now();
      try {
        const submitted = await ch.intake.submit(principal, report.submission);
        const elapsed = performance.now() - start;
        // Every generated report holds one finding; its cluster is the report's.
        const finding = submitted.findings[0]!;
        if (finding.rule !== null) joins[finding.rule] = (joins[finding.rule] ?? 0) + 1;
        if (!baseIndex.has(report.baseId)) baseIndex.set(report.baseId, baseIndex.size);
        if (!clusterIndex.has(finding.clusterId)) clusterIndex.set(finding.clusterId, clusterIndex.size);
        baseOfReport[index] = baseIndex.get(report.baseId)!;
        clusterOfReport[index] = clusterIndex.get(finding.clusterId)!;
        return elapsed;
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        rejected += 1;
        if (firstErrors.length < 3) firstErrors.push(`${report.baseId} (${report.kind}): ${error.message}`.slice(0, 160));
        return performance.now() - start;
      }
    },
    () => rejected,
  );
  const clustersOfBase = new Map<number, Set<number>>();
  const basesOfCluster = new Map<number, Set<number>>();
  for (let i = 0; i < count; i++) {
    const base = baseOfReport[i]!;
    const cluster = clusterOfReport[i]!;
    if (base < 0) continue;
    clustersOfBase.set(base, (clustersOfBase.get(base) ?? new Set()).add(cluster));
    basesOfCluster.set(cluster, (basesOfCluster.get(cluster) ?? new Set()).add(base));
  }
  const sqliteBytes = isPostgresUrl(location) ? undefined : statSync(location).size + (statSync(`${location}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  return {
    ...result,
    bases: baseIndex.size,
    clusters: clusterIndex.size,
    splitBases: [...clustersOfBase.values()].filter((s) => s.size > 1).length,
    mixedClusters: [...basesOfCluster.values()].filter((s) => s.size > 1).length,
    joins,
    kinds,
    withStackTrace,
    averageBytes: bytes / count,
    firstErrors,
    ...(sqliteBytes === undefined ? {} : { storeMiB: mib(sqliteBytes) }),
  };
}

/** Removes a floor's rows from a store given by --db, so the intake phase starts from no reports. */
async function deleteReportsOf(ch: Clearinghouse, orgId: string): Promise<void> {
  await ch.store.db.transaction().execute(async (tx) => {
    const reports = tx.selectFrom('reports').select('id').where('owner_org_id', '=', orgId);
    const findings = tx.selectFrom('findings').select('id').where('report_id', 'in', reports);
    await tx.deleteFrom('finding_keys').where('finding_id', 'in', findings).execute();
    await tx.deleteFrom('findings').where('report_id', 'in', reports).execute();
    // The store held no reports before the floor, so every cluster left without findings is the floor's.
    await tx.deleteFrom('clusters').where((eb) => eb.not(eb.exists(eb.selectFrom('findings').select('findings.id').whereRef('findings.cluster_id', '=', 'clusters.id')))).execute();
    await tx.deleteFrom('record_shares').where('record_id', 'in', reports).execute();
    await tx.deleteFrom('record_recipients').where('record_id', 'in', reports).execute();
    await tx.deleteFrom('reports').where('owner_org_id', '=', orgId).execute();
  });
}

/** Runs one phase against a store: the given PostgreSQL database, or a fresh SQLite file. */
async function runPhase(phase: Phase, count: number, db: string | undefined): Promise<PhaseResult> {
  if (phase === 'parse') return parsePhase(count);
  const dir = db === undefined ? mkdtempSync(join(tmpdir(), 'ch-intake-')) : undefined;
  const location = db ?? join(dir!, 'intake.db');
  const ch = await openClearinghouse({ db: location, loadIndex: false });
  try {
    if (phase === 'floor-report') return await floorReportPhase(ch, count, db !== undefined);
    if (phase === 'floor-rows') return await floorRowsPhase(ch, count, db !== undefined);
    return await intakePhase(ch, count, location);
  } finally {
    await ch.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** Refuses a given store that already holds reports: new reports would join their clusters. */
async function checkEmpty(db: string): Promise<void> {
  const ch = await openClearinghouse({ db, loadIndex: false });
  try {
    const { count } = await ch.store.db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    if (Number(count) > 0) {
      note(`--db: ${ch.store.description} already holds ${count} reports; give an empty database`);
      process.exit(2);
    }
  } finally {
    await ch.close();
  }
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { reports: { type: 'string', default: '100000' }, db: { type: 'string' }, json: { type: 'boolean', default: false }, phase: { type: 'string' } } });
  const count = Number(args.reports);
  if (!Number.isInteger(count) || count < 10) {
    note(`--reports must be a whole number of at least 10, not "${args.reports}"`);
    process.exit(2);
  }
  if (args.phase !== undefined) {
    const phase = PHASES.find((p) => p === args.phase);
    if (phase === undefined) {
      note(`--phase must be one of ${PHASES.join(', ')}`);
      process.exit(2);
    }
    console.log(JSON.stringify(await runPhase(phase, count, args.db)));
    return;
  }
  if (args.db !== undefined) await checkEmpty(args.db);
  const script = fileURLToPath(import.meta.url);
  const phase = <T>(name: Phase): Promise<T> => inChild<T>(script, ['--phase', name, '--reports', String(count), ...(args.db === undefined ? [] : ['--db', args.db])]);
  const result: IntakeBenchResult = {
    store: args.db === undefined ? 'SQLite' : isPostgresUrl(args.db) ? 'PostgreSQL' : 'SQLite',
    parse: await phase<PhaseResult>('parse'),
    floorReport: await phase<PhaseResult>('floor-report'),
    floorRows: await phase<PhaseResult>('floor-rows'),
    intake: await phase<IntakeOutcome>('intake'),
  };
  if (args.json) console.log(JSON.stringify(result));
  else for (const line of intakeReportLines(result)) console.log(line);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
