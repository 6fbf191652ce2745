/*
 * Where a new report goes: into the candidate cluster it links to most strongly,
 * or a new cluster. Analysts' splits are honoured: a report an analyst split away
 * from a cluster never serves as the link into it, and a report is never placed in
 * a cluster it was split out of.
 */

import { compareSubjects, type DedupSubject, type LinkReason } from './cluster-keys.js';

export interface ClusterMember {
  readonly reportId: string;
  readonly subject: DedupSubject;
}

/** A cluster storage found by shared index keys, members oldest first. */
export interface CandidateCluster {
  readonly clusterId: string;
  readonly members: readonly ClusterMember[];
  /** Report ids an analyst split away from this cluster. */
  readonly separated: ReadonlySet<string>;
}

/** A cluster the report links to, through which member, and why. */
export interface ClusterMatch {
  readonly clusterId: string;
  readonly reason: LinkReason;
  readonly viaReportId: string;
}

export type Placement =
  | { readonly kind: 'new' }
  | {
      readonly kind: 'join';
      readonly clusterId: string;
      readonly reason: LinkReason;
      readonly viaReportId: string;
      /** Every other cluster the report links to, strongest first, for the analyst to merge or move. */
      readonly alternatives: readonly ClusterMatch[];
    };

/** The strongest link from `subject` into `cluster`; ties go to the older member. */
function bestMatch(subject: DedupSubject, cluster: CandidateCluster): ClusterMatch | undefined {
  let best: ClusterMatch | undefined;
  for (const member of cluster.members) {
    if (cluster.separated.has(member.reportId)) continue;
    const reason = compareSubjects(subject, member.subject);
    if (reason && (!best || reason.score > best.reason.score)) {
      best = { clusterId: cluster.clusterId, reason, viaReportId: member.reportId };
    }
  }
  return best;
}

/**
 * Places a report among candidate clusters (oldest first): the best score wins,
 * ties go to the older cluster, and every other linked cluster is offered as an
 * alternative. `excludedClusters` are clusters an analyst split this report out of;
 * it stays out of them.
 */
export function placeReport(
  subject: DedupSubject,
  candidates: readonly CandidateCluster[],
  excludedClusters: ReadonlySet<string> = new Set(),
): Placement {
  const seen = new Set<string>();
  const matches: ClusterMatch[] = [];
  for (const cluster of candidates) {
    if (excludedClusters.has(cluster.clusterId) || seen.has(cluster.clusterId)) continue;
    seen.add(cluster.clusterId);
    const match = bestMatch(subject, cluster);
    if (match) matches.push(match);
  }
  // Array.prototype.sort is stable: among equal scores, the older cluster stays first.
  const [chosen, ...alternatives] = matches.sort((a, b) => b.reason.score - a.reason.score);
  if (!chosen) return { kind: 'new' };
  return { kind: 'join', ...chosen, alternatives };
}
