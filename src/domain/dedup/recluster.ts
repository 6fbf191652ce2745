/*
 * Replays every finding, oldest first, through the current rules: what an upgrade of
 * the rules does to clusters already formed. Analysts' decisions outlive the replay: a
 * finding an analyst placed stays where it was put, and a finding split out of a
 * cluster is never placed back into it.
 */

import { indexKeys, type DedupSubject, type LinkReason } from './cluster-keys.js';
import { placeReport, type CandidateCluster, type ClusterMember } from './clusters.js';

export interface ReclusterInput {
  readonly id: string;
  /** Its cluster before the replay. */
  readonly clusterId: string;
  readonly subject: DedupSubject;
  /** Placed by an analyst (a merge or a split): it stays in `clusterId`. */
  readonly analystPlaced: boolean;
  /** Clusters an analyst split it out of. */
  readonly excludedFrom: ReadonlySet<string>;
}

export interface ReclusterPlacement {
  readonly id: string;
  readonly clusterId: string;
  /** Why the rules put it there; undefined when it starts its cluster or an analyst placed it. */
  readonly reason?: LinkReason;
  readonly viaFindingId?: string;
  /** Its index keys under the current rules. */
  readonly keys: readonly string[];
}

/**
 * Where each finding goes under the current rules. A finding that starts a cluster keeps
 * its old cluster's id when no earlier finding took it, so clusters that did not change
 * keep their ids; otherwise `newId` names the new cluster.
 */
export function recluster(findings: readonly ReclusterInput[], newId: () => string): ReclusterPlacement[] {
  const members = new Map<string, ClusterMember[]>();
  const clustersByKey = new Map<string, string[]>();
  const placements: ReclusterPlacement[] = [];
  const position = new Map<string, number>();
  const add = (clusterId: string, finding: ReclusterInput, keys: readonly string[]): void => {
    let list = members.get(clusterId);
    if (!list) {
      list = [];
      members.set(clusterId, list);
      position.set(clusterId, position.size);
    }
    list.push({ reportId: finding.id, subject: finding.subject });
    for (const key of keys) {
      const clusters = clustersByKey.get(key);
      if (!clusters) clustersByKey.set(key, [clusterId]);
      else if (clusters.at(-1) !== clusterId && !clusters.includes(clusterId)) clusters.push(clusterId);
    }
  };
  for (const finding of findings) {
    const keys = indexKeys(finding.subject);
    if (finding.analystPlaced) {
      add(finding.clusterId, finding, keys);
      placements.push({ id: finding.id, clusterId: finding.clusterId, keys });
      continue;
    }
    // Oldest cluster first, as storage returns them.
    const found = [...new Set(keys.flatMap((key) => clustersByKey.get(key) ?? []))].sort((a, b) => position.get(a)! - position.get(b)!);
    const candidates: CandidateCluster[] = found.map((clusterId) => ({ clusterId, members: members.get(clusterId) ?? [], separated: new Set<string>() }));
    const placement = placeReport(finding.subject, candidates, finding.excludedFrom);
    if (placement.kind === 'join') {
      add(placement.clusterId, finding, keys);
      placements.push({ id: finding.id, clusterId: placement.clusterId, reason: placement.reason, viaFindingId: placement.viaReportId, keys });
    } else {
      const clusterId = members.has(finding.clusterId) || finding.excludedFrom.has(finding.clusterId) ? newId() : finding.clusterId;
      add(clusterId, finding, keys);
      placements.push({ id: finding.id, clusterId, keys });
    }
  }
  return placements;
}
