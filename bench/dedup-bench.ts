/*
 * Benchmark 2 of issue 4: deduplication precision and recall on an alias-labeled corpus.
 * Every vulnerability record of the shared OSV corpus is one report. Two records are the same
 * vulnerability when they name each other (one's id among the other's aliases) or share
 * an alias: the same bug told by different databases. Precision and recall are over
 * pairs: a pair is predicted when both land in one cluster.
 *
 * Two runs: as published (each record with its own id and aliases, as reports arrive),
 * and identifier-blind (ids, aliases and id mentions in the text removed), which shows what
 * the content rules (packages, weaknesses, crash signatures, wording) find on their own.
 * Baselines in the same run: clustering by shared identifier alone (union-find), and by
 * identical text.
 *
 *   node --import tsx bench/dedup-bench.ts [--json]
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../src/domain/canonical-json.js';
import { recluster } from '../src/domain/dedup/recluster.js';
import { findingSubject } from '../src/domain/intake/finding-subject.js';
import { osvFinding } from '../src/domain/intake/osv-findings.js';
import type { Finding } from '../src/domain/intake/report-draft.js';
import type { OsvRecord } from '../src/domain/osv/osv-record.js';
import { loadOsvCorpus } from './corpus.js';

/** Identifiers as advisories write them in prose. */
const ID_MENTION = /\b(?:CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|[A-Z][A-Z0-9]*-(?:[A-Za-z0-9_.]+-)*(?:19|20)\d{2}[-:][A-Za-z0-9_.:-]+)\b/gi;

interface Scores {
  readonly predictedPairs: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: number;
  readonly clusters: number;
}

const fingerprint = (finding: Finding): string => createHash('sha256').update(canonicalJson(finding)).digest('hex');

/** True pairs: records sharing an identifier (own id or alias), as `i,j` with i < j. */
function truePairs(ids: readonly (readonly string[])[]): Set<number> {
  const byId = new Map<string, number[]>();
  ids.forEach((list, i) => {
    for (const id of list) byId.set(id, [...(byId.get(id) ?? []), i]);
  });
  const pairs = new Set<number>();
  for (const members of byId.values()) {
    for (let a = 0; a < members.length; a += 1) for (let b = a + 1; b < members.length; b += 1) pairs.add(pairKey(members[a]!, members[b]!, ids.length));
  }
  return pairs;
}

const pairKey = (i: number, j: number, n: number): number => Math.min(i, j) * n + Math.max(i, j);

/** Pairwise precision and recall of a clustering (record index → cluster id). */
function score(clusterOf: readonly string[], truth: ReadonlySet<number>): Scores {
  const members = new Map<string, number[]>();
  clusterOf.forEach((clusterId, i) => members.set(clusterId, [...(members.get(clusterId) ?? []), i]));
  let predicted = 0;
  let hits = 0;
  for (const list of members.values()) {
    for (let a = 0; a < list.length; a += 1) {
      for (let b = a + 1; b < list.length; b += 1) {
        predicted += 1;
        if (truth.has(pairKey(list[a]!, list[b]!, clusterOf.length))) hits += 1;
      }
    }
  }
  return { predictedPairs: predicted, truePositives: hits, precision: predicted === 0 ? 1 : hits / predicted, recall: truth.size === 0 ? 1 : hits / truth.size, clusters: members.size };
}

/** The system's clustering: each record placed in turn, oldest first, as intake does. */
function ours(findings: readonly Finding[]): { clusterOf: string[]; joins: Map<string, number>; seconds: number } {
  const started = performance.now();
  let next = 0;
  const placements = recluster(
    findings.map((finding, i) => ({ id: String(i), clusterId: `c${i}`, subject: findingSubject(finding, fingerprint(finding)), analystPlaced: false, excludedFrom: new Set<string>() })),
    () => `n${(next += 1)}`,
  );
  const joins = new Map<string, number>();
  for (const p of placements) if (p.reason) joins.set(p.reason.rule, (joins.get(p.reason.rule) ?? 0) + 1);
  return { clusterOf: placements.map((p) => p.clusterId), joins, seconds: (performance.now() - started) / 1000 };
}

/** Baseline: union-find over shared identifiers, the dedup every vulnerability database does. */
function byIdentifier(ids: readonly (readonly string[])[]): string[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const list of ids) for (const id of list.slice(1)) parent.set(find(id), find(list[0]!));
  return ids.map((list) => find(list[0]!));
}

/** Baseline: identical title and description. */
function byText(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.title}\n${f.description}`.trim() || String(Math.random()));
}

function blind(finding: Finding): Finding {
  const strip = (text: string): string => text.replace(ID_MENTION, '');
  return { ...finding, title: strip(finding.title), description: strip(finding.description), identifiers: [] };
}

// AlmaLinux's bug-fix (ALBA) and enhancement (ALEA) advisories report no vulnerability:
// they are not reports the clearinghouse would take in.
const NOT_VULNERABILITIES = /^AL[BE]A-/;
const records: OsvRecord[] = (await loadOsvCorpus()).filter((r) => r.withdrawn === undefined && !NOT_VULNERABILITIES.test(r.id));
const ids = records.map((r) => [...new Set([r.id, ...(r.aliases ?? [])])]);
const truth = truePairs(ids);
const published = records.map((r) => osvFinding(r));
const anonymous = published.map(blind);

const asPublished = ours(published);
const identifierBlind = ours(anonymous);
const result = {
  records: records.length,
  truePairs: truth.size,
  asPublished: { ...score(asPublished.clusterOf, truth), joins: Object.fromEntries(asPublished.joins), seconds: asPublished.seconds },
  identifierBlind: { ...score(identifierBlind.clusterOf, truth), joins: Object.fromEntries(identifierBlind.joins), seconds: identifierBlind.seconds },
  baselineIdentifier: score(byIdentifier(ids), truth),
  baselineExactText: score(byText(anonymous), truth),
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result));
} else {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const line = (label: string, s: Scores, extra = ''): void =>
    console.log(`${label.padEnd(34)} precision ${pct(s.precision).padStart(6)}  recall ${pct(s.recall).padStart(6)}  (${s.truePositives.toLocaleString('en-US')} of ${s.predictedPairs.toLocaleString('en-US')} predicted pairs; ${s.clusters.toLocaleString('en-US')} clusters)${extra}`);
  console.log(`${result.records.toLocaleString('en-US')} OSV records, ${result.truePairs.toLocaleString('en-US')} same-vulnerability pairs (shared id or alias)`);
  line('ours, as published', result.asPublished, ` ${result.asPublished.seconds.toFixed(1)} s`);
  line('  baseline: shared identifier only', result.baselineIdentifier);
  line('ours, identifier-blind', result.identifierBlind, ` ${result.identifierBlind.seconds.toFixed(1)} s`);
  line('  baseline: identical text', result.baselineExactText);
  console.log(`joins by rule, as published: ${JSON.stringify(result.asPublished.joins)}`);
  console.log(`joins by rule, identifier-blind: ${JSON.stringify(result.identifierBlind.joins)}`);
}
