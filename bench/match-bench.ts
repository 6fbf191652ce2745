// Benchmark 2: component checks per second on one core with the whole corpus indexed.
// Each check parses the queried version. Beside it, in the same run:
// - naive baseline: re-parse and evaluate every range of every record of the package per check;
// - ceiling: a bare loop of Map lookups and a binary search over numbers for the same package keys.
import { compileRange, isInIntervals } from '../src/domain/matching/affected-intervals.js';
import { MatchIndex } from '../src/domain/matching/match-index.js';
import type { OsvRecord } from '../src/domain/osv/osv-record.js';
import { resolveEcosystem } from '../src/domain/versioning/ecosystems.js';
import { versionSchemes } from '../src/domain/versioning/registry.js';
import { loadOsvCorpus, peakRssMiB } from './corpus.js';

interface Check {
  ecosystem: string;
  name: string;
  version: string;
}

const records = await loadOsvCorpus();
const heapBefore = process.memoryUsage().heapUsed;
const buildStart = performance.now();
const index = new MatchIndex(versionSchemes);
for (const r of records) index.upsert(r);
const buildSeconds = (performance.now() - buildStart) / 1000;

// Checks: the versions the records themselves name, for every package, shuffled.
const checks: Check[] = [];
const seen = new Set<string>();
for (const r of records) {
  for (const a of r.affected ?? []) {
    if (!a.package || !resolveEcosystem(a.package.ecosystem).ok) continue;
    const versions = [
      ...(a.ranges ?? []).filter((g) => g.type !== 'GIT').flatMap((g) => g.events.map((e) => Object.values(e)[0] as string)),
      ...(a.versions ?? []).slice(0, 5),
    ].filter((v) => v !== '0');
    for (const version of versions) {
      const key = `${a.package.ecosystem}\u0000${a.package.name}\u0000${version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      checks.push({ ecosystem: a.package.ecosystem, name: a.package.name, version });
    }
  }
}
let seed = 42;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let i = checks.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [checks[i], checks[j]] = [checks[j]!, checks[i]!];
}
for (const c of checks) index.match(c); // compile every package once, outside the timing
const heapAfter = process.memoryUsage().heapUsed;

function timeLoop(label: string, minSeconds: number, body: () => number): { checksPerSecond: number; hits: number } {
  let done = 0;
  let hits = 0;
  const start = performance.now();
  while ((performance.now() - start) / 1000 < minSeconds) {
    hits += body();
    done++;
  }
  const seconds = (performance.now() - start) / 1000;
  void label;
  return { checksPerSecond: Math.round((done * checksPerRound) / seconds), hits };
}

let checksPerRound = checks.length;
const ours = timeLoop('ours', 3, () => {
  let hits = 0;
  for (const c of checks) {
    const a = index.match(c);
    if (a.ok) hits += a.ids.length;
  }
  return hits;
});

// Naive baseline: records grouped by package, everything re-parsed on every check.
const byPackage = new Map<string, OsvRecord[]>();
for (const r of records) {
  if (r.withdrawn) continue;
  for (const a of r.affected ?? []) {
    if (!a.package) continue;
    const key = `${a.package.ecosystem}\u0000${a.package.name}`;
    const list = byPackage.get(key) ?? [];
    if (!list.includes(r)) list.push(r);
    byPackage.set(key, list);
  }
}
const naiveChecks = checks.slice(0, 20000);
checksPerRound = naiveChecks.length;
const naive = timeLoop('naive', 3, () => {
  let hits = 0;
  for (const c of naiveChecks) {
    const resolved = resolveEcosystem(c.ecosystem);
    if (!resolved.ok) continue;
    const scheme = versionSchemes.get(resolved.value.definition.schemeId)!;
    const parsed = scheme.parse(c.version);
    if (!parsed.ok) continue;
    for (const r of byPackage.get(`${c.ecosystem}\u0000${c.name}`) ?? []) {
      const affected = (r.affected ?? []).some(
        (a) =>
          a.package?.name === c.name &&
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
  }
  return hits;
});

// Ceiling: Map lookups and numeric binary searches over the same package keys.
const numeric = new Map<string, Float64Array>();
for (const key of byPackage.keys()) {
  const n = 2 + Math.floor(random() * 14);
  numeric.set(key, Float64Array.from({ length: n }, () => random()).sort());
}
const keys = checks.map((c) => `${c.ecosystem}\u0000${c.name}`);
const values = checks.map(() => random());
checksPerRound = checks.length;
const ceiling = timeLoop('ceiling', 3, () => {
  let hits = 0;
  for (let i = 0; i < keys.length; i++) {
    const arr = numeric.get(keys[i]!);
    if (!arr) continue;
    const v = values[i]!;
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (arr[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    hits += lo & 1;
  }
  return hits;
});

console.log(
  JSON.stringify({
    records: records.length,
    checks: checks.length,
    indexBuildSeconds: buildSeconds,
    indexHeapMiB: Math.round((heapAfter - heapBefore) / 1048576),
    ours: ours.checksPerSecond,
    naive: naive.checksPerSecond,
    ceiling: ceiling.checksPerSecond,
    peakRssMiB: peakRssMiB(),
  }),
);
