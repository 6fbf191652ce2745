import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULE_SCORES, type DedupSubject } from './cluster-keys.js';
import { placeReport, type CandidateCluster } from './clusters.js';

function subject(parts: Partial<DedupSubject> = {}): DedupSubject {
  return { fingerprint: '', partialFingerprints: {}, packages: [], cwes: [], locations: [], text: '', identifiers: [], ...parts };
}

function cluster(clusterId: string, members: [string, DedupSubject][], separated: string[] = []): CandidateCluster {
  return { clusterId, members: members.map(([reportId, s]) => ({ reportId, subject: s })), separated: new Set(separated) };
}

const NEW_REPORT = subject({
  fingerprint: 'c'.repeat(64),
  identifiers: ['CVE-2024-12345'],
  partialFingerprints: { primaryLocationLineHash: 'aa:1' },
});
const SAME_CVE = subject({ identifiers: ['CVE-2024-12345'] });
const SAME_SARIF = subject({ partialFingerprints: { primaryLocationLineHash: 'aa:1' } });
const SAME_CONTENT = subject({ fingerprint: 'c'.repeat(64) });
const UNRELATED = subject({ identifiers: ['CVE-2023-99999'] });

describe('placeReport', () => {
  it('starts a new cluster when nothing links', () => {
    assert.deepEqual(placeReport(NEW_REPORT, []), { kind: 'new' });
    assert.deepEqual(placeReport(NEW_REPORT, [cluster('c1', [['r1', UNRELATED]])]), { kind: 'new' });
  });

  it('joins the best-scoring cluster and offers every other linked cluster, strongest first', () => {
    const placement = placeReport(NEW_REPORT, [
      cluster('by-cve', [['r1', SAME_CVE]]),
      cluster('unrelated', [['r2', UNRELATED]]),
      cluster('by-content', [['r3', UNRELATED], ['r4', SAME_CONTENT]]),
      cluster('by-sarif', [['r5', SAME_SARIF]]),
    ]);
    assert.equal(placement.kind, 'join');
    assert.ok(placement.kind === 'join');
    assert.equal(placement.clusterId, 'by-content');
    assert.equal(placement.viaReportId, 'r4');
    assert.equal(placement.reason.rule, 'exact-fingerprint');
    assert.deepEqual(
      placement.alternatives.map((a) => [a.clusterId, a.viaReportId, a.reason.rule, a.reason.score]),
      [
        ['by-sarif', 'r5', 'sarif-partial-fingerprint', RULE_SCORES['sarif-partial-fingerprint']],
        ['by-cve', 'r1', 'identifier', RULE_SCORES.identifier],
      ],
    );
  });

  it('gives a tie to the oldest cluster, and within a cluster to the oldest member', () => {
    const placement = placeReport(NEW_REPORT, [
      cluster('older', [['r1', UNRELATED], ['r2', SAME_CVE], ['r3', SAME_CVE]]),
      cluster('newer', [['r4', SAME_CVE]]),
    ]);
    assert.ok(placement.kind === 'join');
    assert.deepEqual([placement.clusterId, placement.viaReportId], ['older', 'r2']);
    assert.deepEqual(placement.alternatives.map((a) => a.clusterId), ['newer']);
  });

  it('never links through a report an analyst split away from the cluster', () => {
    const candidates = [cluster('c1', [['r1', SAME_CONTENT], ['r2', SAME_CVE]], ['r1'])];
    const placement = placeReport(NEW_REPORT, candidates);
    assert.ok(placement.kind === 'join');
    assert.deepEqual([placement.clusterId, placement.viaReportId, placement.reason.rule], ['c1', 'r2', 'identifier']);
    assert.deepEqual(placeReport(NEW_REPORT, [cluster('c1', [['r1', SAME_CONTENT]], ['r1'])]), { kind: 'new' });
  });

  it('keeps a report out of clusters it was split out of, joining the next best instead', () => {
    const candidates = [cluster('split-from', [['r1', SAME_CONTENT]]), cluster('other', [['r2', SAME_CVE]])];
    const placement = placeReport(NEW_REPORT, candidates, new Set(['split-from']));
    assert.ok(placement.kind === 'join');
    assert.equal(placement.clusterId, 'other');
    assert.deepEqual(placement.alternatives, []);
    assert.deepEqual(placeReport(NEW_REPORT, candidates, new Set(['split-from', 'other'])), { kind: 'new' });
  });

  it('considers a cluster listed twice once', () => {
    const twice = cluster('c1', [['r1', SAME_CVE]]);
    const placement = placeReport(NEW_REPORT, [twice, twice]);
    assert.ok(placement.kind === 'join');
    assert.deepEqual(placement.alternatives, []);
  });
});
