import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DedupSubject } from './cluster-keys.js';
import { recluster, type ReclusterInput } from './recluster.js';

function subject(parts: Partial<DedupSubject> = {}): DedupSubject {
  return { fingerprint: '', partialFingerprints: {}, packages: [], cwes: [], locations: [], text: '', identifiers: [], ...parts };
}

const cve = (id: string): DedupSubject => subject({ identifiers: [id] });

function finding(id: string, clusterId: string, s: DedupSubject, analyst: { placed?: boolean; excludedFrom?: string[] } = {}): ReclusterInput {
  return { id, clusterId, subject: s, analystPlaced: analyst.placed ?? false, excludedFrom: new Set(analyst.excludedFrom ?? []) };
}

function ids(): () => string {
  let n = 0;
  return () => `new-${(n += 1)}`;
}

const clusterOf = (placements: ReturnType<typeof recluster>): Record<string, string> => Object.fromEntries(placements.map((p) => [p.id, p.clusterId]));

describe('recluster', () => {
  it('leaves clusters the rules formed as they were, ids included', () => {
    const placements = recluster([finding('a', 'x', cve('CVE-2026-1')), finding('b', 'x', cve('CVE-2026-1')), finding('c', 'y', cve('CVE-2026-2'))], ids());
    assert.deepEqual(clusterOf(placements), { a: 'x', b: 'x', c: 'y' });
    assert.equal(placements[1]?.reason?.rule, 'identifier');
    assert.equal(placements[1]?.viaFindingId, 'a');
    assert.deepEqual(placements[0]?.keys, ['id:CVE-2026-1']);
  });

  it("keeps an analyst's split: the finding stays where it was put, though the rules would join it", () => {
    const placements = recluster(
      [finding('a', 'x', cve('CVE-2026-1')), finding('b', 'y', cve('CVE-2026-1'), { placed: true, excludedFrom: ['x'] }), finding('c', 'x', cve('CVE-2026-1'))],
      ids(),
    );
    assert.deepEqual(clusterOf(placements), { a: 'x', b: 'y', c: 'x' });
  });

  it('never places a finding back into a cluster it was split out of, even when the rules placed it since', () => {
    const placements = recluster([finding('a', 'x', cve('CVE-2026-1')), finding('b', 'x', cve('CVE-2026-1'), { excludedFrom: ['x'] })], ids());
    assert.deepEqual(clusterOf(placements), { a: 'x', b: 'new-1' });
  });

  it("keeps an analyst's merge of findings the rules would not link", () => {
    const placements = recluster([finding('a', 'x', cve('CVE-2026-1')), finding('b', 'x', cve('CVE-2026-9'), { placed: true })], ids());
    assert.deepEqual(clusterOf(placements), { a: 'x', b: 'x' });
  });

  it('moves a finding the current rules no longer link into a new cluster, and one they now link into its match', () => {
    const placements = recluster(
      [finding('a', 'x', cve('CVE-2026-1')), finding('b', 'x', cve('CVE-2026-2')), finding('c', 'z', cve('CVE-2026-1'))],
      ids(),
    );
    assert.deepEqual(clusterOf(placements), { a: 'x', b: 'new-1', c: 'x' });
  });
});
