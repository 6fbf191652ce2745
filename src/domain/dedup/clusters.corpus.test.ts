import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OsvRecord } from '../osv/osv-record.js';
import { purlForPackage } from '../purl/ecosystem-map.js';
import { formatPurl } from '../purl/purl.js';
import { readJsonLines, sharedDataPath } from '../../testing/shared-data.js';
import { compareSubjects, indexKeys, SIMHASH_MAX_DISTANCE, type DedupSubject } from './cluster-keys.js';
import { placeReport, type CandidateCluster, type ClusterMember } from './clusters.js';
import { hammingDistance, simhash } from './simhash.js';

// Corpus-wide: the PyPA, Bitnami and Go advisory databases in ../shared/data (13,404 OSV
// records). 906 CVEs are published by two of them, each in its own words: real duplicates.
const SOURCES = ['pypi.jsonl.gz', 'bitnami.jsonl.gz', 'go.jsonl.gz'];

interface Advisory {
  readonly source: string;
  readonly record: OsvRecord;
  readonly subject: DedupSubject;
}

function subjectOf(record: OsvRecord): DedupSubject {
  const packages = new Set<string>();
  for (const affected of record.affected ?? []) {
    if (!affected.package) continue;
    const purl = purlForPackage(affected.package.ecosystem, affected.package.name);
    if (purl.ok) packages.add(formatPurl(purl.purl));
  }
  const cwes = record.database_specific?.['cwe_ids'];
  return {
    fingerprint: '',
    partialFingerprints: {},
    packages: [...packages],
    cwes: Array.isArray(cwes) ? cwes.filter((cwe): cwe is string => typeof cwe === 'string') : [],
    locations: [],
    text: `${record.summary ?? ''}\n\n${record.details ?? ''}`,
    identifiers: [record.id, ...(record.aliases ?? [])],
  };
}

let advisoriesRead: Promise<Advisory[]> | undefined;

/** The corpus, read once for all tests. */
function readAdvisories(): Promise<Advisory[]> {
  advisoriesRead ??= readAllAdvisories();
  return advisoriesRead;
}

async function readAllAdvisories(): Promise<Advisory[]> {
  const advisories: Advisory[] = [];
  for (const source of SOURCES) {
    for await (const record of readJsonLines<OsvRecord>(sharedDataPath('osv', source))) {
      advisories.push({ source, record, subject: subjectOf(record) });
    }
  }
  return advisories;
}

const cvesOf = (subject: DedupSubject): string[] => subject.identifiers.filter((id) => id.startsWith('CVE-'));

/** One pair of advisories from different databases for each CVE two of them publish. */
function crossSourcePairs(advisories: readonly Advisory[]): [Advisory, Advisory][] {
  const byCve = new Map<string, Advisory[]>();
  for (const advisory of advisories) {
    for (const cve of cvesOf(advisory.subject)) byCve.set(cve, [...(byCve.get(cve) ?? []), advisory]);
  }
  const pairs: [Advisory, Advisory][] = [];
  for (const group of byCve.values()) {
    const first = group[0];
    const other = group.find((advisory) => advisory.source !== first?.source);
    if (first && other) pairs.push([first, other]);
  }
  return pairs;
}

describe('deduplication over real advisories', () => {
  it('SimHash threshold: near for a share of same-CVE texts from different databases, almost never for different CVEs', async (t) => {
    const pairs = crossSourcePairs(await readAdvisories());
    const near = pairs.filter(([a, b]) => hammingDistance(simhash(a.subject.text), simhash(b.subject.text)) <= SIMHASH_MAX_DISTANCE);
    const hashes = pairs.map(([a]) => simhash(a.subject.text));
    let distinctPairs = 0;
    let distinctNear = 0;
    for (let i = 0; i < hashes.length; i += 1) {
      for (let j = i + 1; j < hashes.length; j += 1) {
        distinctPairs += 1;
        if (hammingDistance(hashes[i] ?? '', hashes[j] ?? '') <= SIMHASH_MAX_DISTANCE) distinctNear += 1;
      }
    }
    t.diagnostic(`same CVE: ${near.length} of ${pairs.length} pairs within ${SIMHASH_MAX_DISTANCE} bits`);
    t.diagnostic(`different CVEs: ${distinctNear} of ${distinctPairs} pairs within ${SIMHASH_MAX_DISTANCE} bits`);
    assert.equal(pairs.length, 906);
    assert.ok(near.length / pairs.length >= 0.25);
    assert.ok(distinctNear / distinctPairs <= 1e-4);
  });

  it('every same-CVE pair from different databases is linked and shares an index key', async () => {
    for (const [a, b] of crossSourcePairs(await readAdvisories())) {
      const reason = compareSubjects(a.subject, b.subject);
      assert.equal(reason?.rule, 'identifier', `${a.record.id} ~ ${b.record.id}`);
      const keys = new Set(indexKeys(a.subject));
      assert.ok(indexKeys(b.subject).some((key) => keys.has(key)), `${a.record.id} ~ ${b.record.id}`);
    }
  });

  it('without identifiers, wording links few advisories of different CVEs in one package', async (t) => {
    const byPackage = new Map<string, Advisory[]>();
    for (const advisory of await readAdvisories()) {
      const pkg = advisory.subject.packages[0];
      if (pkg !== undefined && cvesOf(advisory.subject).length > 0) byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), advisory]);
    }
    let pairs = 0;
    let linked = 0;
    for (const group of byPackage.values()) {
      const anonymous = group.map((a) => ({ cves: cvesOf(a.subject), subject: { ...a.subject, identifiers: [], packages: a.subject.packages.slice(0, 1) } }));
      for (let i = 0; i < anonymous.length; i += 1) {
        for (let j = i + 1; j < anonymous.length; j += 1) {
          const [a, b] = [anonymous[i], anonymous[j]];
          if (!a || !b || a.cves.some((cve) => b.cves.includes(cve))) continue;
          pairs += 1;
          if (compareSubjects(a.subject, b.subject)) linked += 1;
        }
      }
    }
    t.diagnostic(`${linked} of ${pairs} same-package pairs of different CVEs linked by text`);
    assert.ok(pairs > 1_000_000);
    assert.ok(linked / pairs <= 5e-4);
  });

  it('placing every advisory through a key index keeps each CVE in one cluster', async (t) => {
    const advisories = await readAdvisories();
    // What storage does: clusters by index key, candidates found by key equality, oldest first.
    const clustersByKey = new Map<string, Set<string>>();
    const members = new Map<string, ClusterMember[]>();
    const joins = new Map<string, number>();
    for (const { record, subject } of advisories) {
      const keys = indexKeys(subject);
      const found = new Set(keys.flatMap((key) => [...(clustersByKey.get(key) ?? [])]));
      const candidates: CandidateCluster[] = [...members.keys()]
        .filter((clusterId) => found.has(clusterId))
        .map((clusterId) => ({ clusterId, members: members.get(clusterId) ?? [], separated: new Set<string>() }));
      const placement = placeReport(subject, candidates);
      const clusterId = placement.kind === 'join' ? placement.clusterId : `cluster-${members.size}`;
      if (placement.kind === 'join') joins.set(placement.reason.rule, (joins.get(placement.reason.rule) ?? 0) + 1);
      members.set(clusterId, [...(members.get(clusterId) ?? []), { reportId: record.id, subject }]);
      for (const key of keys) clustersByKey.set(key, (clustersByKey.get(key) ?? new Set()).add(clusterId));
    }
    const clustersOfCve = new Map<string, Set<string>>();
    for (const [clusterId, list] of members) {
      for (const member of list) {
        for (const cve of cvesOf(member.subject)) clustersOfCve.set(cve, (clustersOfCve.get(cve) ?? new Set()).add(clusterId));
      }
    }
    const split = [...clustersOfCve].filter(([, clusterIds]) => clusterIds.size > 1);
    t.diagnostic(`${advisories.length} advisories in ${members.size} clusters; joins by rule: ${[...joins].map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
    t.diagnostic(`CVEs in more than one cluster: ${split.map(([cve]) => cve).join(', ') || 'none'}`);
    assert.equal(advisories.length, 13_404);
    // A CVE spans clusters only through an advisory naming several CVEs, joined to the oldest one's cluster.
    for (const [cve, clusterIds] of split) {
      const bridging = [...clusterIds].flatMap((clusterId) => members.get(clusterId) ?? []).filter((m) => cvesOf(m.subject).length > 1);
      assert.ok(bridging.some((member) => cvesOf(member.subject).includes(cve)), cve);
    }
  });
});
