// `npm run bench`: every benchmark, each figure printed beside its baseline from the same run.
// Reads the corpus from CLEARINGHOUSE_DATA (default ../shared/data). Not part of CI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inChild } from './corpus.js';

const here = (f: string): string => new URL(f, import.meta.url).pathname;
const row = (label: string, value: string, baseline: string): void => console.log(`${label.padEnd(44)} ${value.padStart(22)}   ${baseline}`);
const n = (x: number): string => x.toLocaleString('en-US');
const only = process.argv.slice(2);
const want = (name: string): boolean => only.length === 0 || only.includes(name);

const dir = mkdtempSync(join(tmpdir(), 'ch-bench-'));
const db = join(dir, 'bench.db');
try {
  if (want('import') || want('querybatch')) {
    const base = await inChild<{ records: number; recordsPerSecond: number; peakRssMiB: number }>(here('import-bench.ts'), ['baseline']);
    const ours = await inChild<{ records: number; rejected: number; warnings: number; seconds: number; recordsPerSecond: number; peakRssMiB: number }>(here('import-bench.ts'), ['ours', db]);
    console.log(`\n1. Import of every OSV record in the corpus (${n(ours.records)} records, SQLite)`);
    row('import records/s', n(ours.recordsPerSecond), `baseline (gunzip + JSON.parse only): ${n(base.recordsPerSecond)}/s`);
    row('import peak RSS', `${ours.peakRssMiB} MiB`, `baseline: ${base.peakRssMiB} MiB`);
    row('import wall time', `${ours.seconds.toFixed(1)} s`, `rejected ${ours.rejected}, warnings ${ours.warnings}`);
  }
  if (want('match')) {
    const m = await inChild<{ records: number; checks: number; indexBuildSeconds: number; indexHeapMiB: number; ours: number; naive: number; ceiling: number }>(here('match-bench.ts'));
    console.log(`\n2. Matching, one core, ${n(m.records)} records indexed (${m.indexBuildSeconds.toFixed(1)} s, ~${m.indexHeapMiB} MiB heap), ${n(m.checks)} distinct checks`);
    row('checks/s (ours, parse + lookup)', n(m.ours), `naive baseline: ${n(m.naive)}/s (${(m.ours / m.naive).toFixed(0)}×)`);
    row('ceiling (Map lookup + numeric search)', n(m.ceiling), `ours is ${(m.ceiling / m.ours).toFixed(1)}× below the ceiling`);
  }
  if (want('querybatch')) {
    const q = await inChild<{ p50ms: number; p99ms: number; baselineHealthP50ms: number; baselineHealthP99ms: number; resultsWithVulns: number }>(here('querybatch-bench.ts'), [db]);
    console.log('\n3. POST /v1/querybatch, 1,000 queries, loopback');
    row('p50 latency', `${q.p50ms} ms`, `baseline GET /healthz p50: ${q.baselineHealthP50ms} ms`);
    row('p99 latency', `${q.p99ms} ms`, `baseline GET /healthz p99: ${q.baselineHealthP99ms} ms`);
    row('queries with at least one vulnerability', n(q.resultsWithVulns), 'of 1,000');
  }
  if (want('osv-offline')) {
    type Side = { records: number; loadSeconds: number; heapMiB: number; peakRssMiB: number; lookupsPerSecond: number };
    const { peer, ours } = await inChild<{ peer: Side; ours: Side }>(here('osv-offline-bench.ts'));
    console.log(`\n4. Beside @renovatebot/osv-offline-db 1.8 (${n(peer.records)} records in its ecosystems)`);
    row('load time', `${ours.loadSeconds.toFixed(2)} s`, `osv-offline-db: ${peer.loadSeconds.toFixed(2)} s`);
    row('heap after load', `${ours.heapMiB} MiB`, `osv-offline-db: ${peer.heapMiB} MiB`);
    row('peak RSS', `${ours.peakRssMiB} MiB`, `osv-offline-db: ${peer.peakRssMiB} MiB`);
    row('lookups/s (ours with version evaluation)', n(ours.lookupsPerSecond), `osv-offline-db: ${n(peer.lookupsPerSecond)}/s (${(ours.lookupsPerSecond / peer.lookupsPerSecond).toFixed(0)}×)`);
  }
  if (want('portfolio')) await (await import('./portfolio-report.js')).runPortfolioBench(inChild);
  if (want('dedup')) {
    type Scores = { precision: number; recall: number; predictedPairs: number; truePositives: number; clusters: number };
    const d = await inChild<{ records: number; truePairs: number; asPublished: Scores & { seconds: number }; identifierBlind: Scores; baselineIdentifier: Scores; baselineExactText: Scores }>(here('dedup-bench.ts'), ['--json']);
    const pr = (s: Scores): string => `P ${(s.precision * 100).toFixed(1)}% R ${(s.recall * 100).toFixed(1)}%`;
    console.log(`\n5. Dedup on the alias-labeled corpus (${n(d.records)} OSV records, ${n(d.truePairs)} same-vulnerability pairs)`);
    row('precision / recall, as published', pr(d.asPublished), `baseline (shared identifier only): ${pr(d.baselineIdentifier)}`);
    row('precision / recall, identifier-blind', pr(d.identifierBlind), `baseline (identical text): ${pr(d.baselineExactText)}`);
  }
  if (want('scan')) await (await import('./scan-memory-bench.js')).scanMemoryBench(dir, row);
  // 20,000 reports keep `npm run bench` to minutes; the 100,000 figure: node --import tsx bench/intake-bench.ts
  if (want('intake')) await (await import('./intake-bench.js')).runIntakeBench(inChild, 20000);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
