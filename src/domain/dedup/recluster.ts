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
  const order: string[] = [];
  const placements: ReclusterPlacement[] = [];
  const add = (clusterId: string, finding: ReclusterInput, keys: readonly string[]): void => {
    if (!members.has(clusterId)) order.push(clusterId);
    members.set(clusterId, [...(members.get(clusterId) ?? []), { reportId: finding.id, subject: finding.subject }]);
    for (const key of keys) {
      const list = clustersByKey.get(key) ?? [];
      if (!list.includes(clusterId)) list.push(clusterId);
      clustersByKey.set(key, list);
    }
  };
  for (const finding of findings) {
    const keys = indexKeys(finding.subject);
    if (finding.analystPlaced) {
      add(finding.clusterId, finding, keys);
      placements.push({ id: finding.id, clusterId: finding.clusterId, keys });
      continue;
    }
    const found = new Set(keys.flatMap((key) => clustersByKey.get(key) ?? []));
    const candidates: CandidateCluster[] = order
      .filter((clusterId) => found.has(clusterId))
      .map((clusterId) => ({ clusterId, members: members.get(clusterId) ?? [], separated: new Set<string>() }));
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
