// Benchmark 3: POST /v1/querybatch with 1,000 queries over loopback, against the store
// the import benchmark filled (path in argv). Baseline in the same run: GET /healthz,
// the framework's own round trip.
import { join } from 'node:path';
import { buildApp } from '../src/http/app.js';
import { openClearinghouse } from '../src/services/clearinghouse.js';
import { repoRoot } from '../src/testing/shared-data.js';
import { loadOsvCorpus, peakRssMiB, percentile } from './corpus.js';

const location = process.argv[2]!;
const ch = await openClearinghouse({ db: location, loadIndex: true });
const app = await buildApp({ knowledgeBase: ch.knowledgeBase, queries: ch.queries, webRoot: join(repoRoot, 'web/dist'), logger: false });
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const records = await loadOsvCorpus();
const queries: unknown[] = [];
for (const r of records) {
  for (const a of r.affected ?? []) {
    const fixed = (a.ranges ?? []).flatMap((g) => (g.type === 'GIT' ? [] : g.events)).map((e) => Object.values(e)[0] as string).find((v) => v !== '0');
    if (a.package && fixed && !a.package.ecosystem.includes(':')) queries.push({ package: { name: a.package.name, ecosystem: a.package.ecosystem }, version: fixed });
  }
  if (queries.length >= 1000) break;
}
const body = JSON.stringify({ queries: queries.slice(0, 1000) });

async function timed(request: () => Promise<Response>, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const res = await request();
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

const post = () => fetch(`${base}/v1/querybatch`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
await timed(post, 5);
const batch = await timed(post, 60);
const health = await timed(() => fetch(`${base}/healthz`), 200);
const sample = await (await post()).json() as { results: { vulns?: unknown[] }[] };
await app.close();
await ch.close();
console.log(
  JSON.stringify({
    queries: 1000,
    resultsWithVulns: sample.results.filter((r) => r.vulns?.length).length,
    p50ms: +percentile(batch, 50).toFixed(2),
    p99ms: +percentile(batch, 99).toFixed(2),
    baselineHealthP50ms: +percentile(health, 50).toFixed(2),
    baselineHealthP99ms: +percentile(health, 99).toFixed(2),
    peakRssMiB: peakRssMiB(),
  }),
);
