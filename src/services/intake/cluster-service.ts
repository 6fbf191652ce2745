import { randomUUID } from 'node:crypto';
import type { Principal } from '../../domain/access/access-policy.js';
import type { DedupSubject } from '../../domain/dedup/cluster-keys.js';
import { recluster } from '../../domain/dedup/recluster.js';
import { ClusterRepository, type ClusterFindingRow, type ClusterSort, type ClusterSummaryRow, type FindingPlacementWrite } from '../../store/cluster-repository.js';
import type { Store } from '../../store/database.js';
import { IntakeRepository, type ClusterRow } from '../../store/intake-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import { ServiceError } from '../service-error.js';
import { alternativesOf, type AlternativeCluster } from './intake-service.js';

export { CLUSTER_SORTS, type ClusterSort } from '../../store/cluster-repository.js';

/** A finding as the intake queue shows it: where it came from, and why it is in its cluster. */
export interface ClusterFinding {
  readonly id: string;
  readonly reportId: string;
  readonly title: string;
  readonly format: string;
  readonly tlp: string;
  readonly source: { readonly kind: string; readonly name: string };
  readonly submittedAt: string;
  /** How it joined: null for the finding that started the cluster. */
  readonly link: { readonly rule: string; readonly score: number | null; readonly detail: string | null; readonly viaFindingId: string | null; readonly byUserId: string | null } | null;
  readonly linkedAt: string;
  readonly alternatives: readonly AlternativeCluster[];
}

export interface ClusterView {
  readonly id: string;
  readonly canonicalFindingId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set when an analyst merged this cluster away: it holds nothing since. */
  readonly mergedInto: string | null;
  readonly findings: readonly ClusterFinding[];
  /** Findings an analyst split out of this cluster: the rules never put them back. */
  readonly excluded: readonly { readonly findingId: string; readonly byUserId: string; readonly at: string }[];
}

/**
 * The analysts' side of deduplication: the intake queue, a cluster with the reason for
 * each link, and the corrections (merge, split, canonical finding) that reclustering
 * under new rules keeps.
 */
export class ClusterService {
  readonly #clusters: ClusterRepository;
  readonly #intake: IntakeRepository;
  readonly #access: AccessLayer;
  readonly #now: () => Date;

  constructor(store: Store, access: AccessLayer, now: () => Date = () => new Date()) {
    this.#clusters = new ClusterRepository(store);
    this.#intake = new IntakeRepository(store);
    this.#access = access;
    this.#now = now;
  }

  /** The intake queue: clusters with findings the principal may read, most recently changed first. */
  async list(principal: Principal | undefined, page: { offset: number; limit: number; sort: ClusterSort }): Promise<{ items: ClusterSummaryRow[]; total: number }> {
    const staff = await this.#access.requireCoordinator(principal, 'read');
    return this.#clusters.list(this.#access.listFilter('reports', staff), page);
  }

  async get(principal: Principal | undefined, id: string): Promise<ClusterView> {
    const staff = await this.#access.requireCoordinator(principal, 'read');
    const cluster = await this.#existing(id);
    const [findings, excluded] = await Promise.all([this.#clusters.findings(id, this.#access.listFilter('reports', staff)), this.#clusters.excludedFrom(id)]);
    return {
      id: cluster.id,
      canonicalFindingId: cluster.canonical_finding_id,
      createdAt: cluster.created_at,
      updatedAt: cluster.updated_at,
      mergedInto: cluster.merged_into,
      findings: findings.map(findingView),
      excluded: excluded.map((e) => ({ findingId: e.finding_id, byUserId: e.excluded_by, at: e.excluded_at })),
    };
  }

  /**
   * Splits a finding out of its cluster: into a new cluster, or into `into`. It stays out
   * of the cluster it left, whatever the rules say later.
   */
  async split(principal: Principal | undefined, findingId: string, into?: string): Promise<{ clusterId: string }> {
    const analyst = await this.#access.requireCoordinator(principal, 'write');
    const finding = await this.#intake.finding(findingId);
    if (!finding) throw new ServiceError('not_found', `no finding ${findingId}`);
    if (into === finding.cluster_id) throw new ServiceError('invalid', 'the finding is already in that cluster', '/into');
    if (into !== undefined) await this.#open(into, '/into');
    const at = this.#now().toISOString();
    const clusterId = into ?? randomUUID();
    await this.#intake.moveFinding({
      findingId,
      fromClusterId: finding.cluster_id,
      toClusterId: clusterId,
      ...(into === undefined ? { newCluster: { id: clusterId, canonical_finding_id: findingId, created_at: at, updated_at: at } } : {}),
      excludeFrom: finding.cluster_id,
      by: analyst.userId,
      at,
      detail: `split out of cluster ${finding.cluster_id} by an analyst`,
    });
    return { clusterId };
  }

  /** Merges cluster `id` into `into`: every finding moves, and `id` points at `into` from now on. */
  async merge(principal: Principal | undefined, id: string, into: string): Promise<{ clusterId: string; moved: number }> {
    const analyst = await this.#access.requireCoordinator(principal, 'write');
    if (id === into) throw new ServiceError('invalid', 'a cluster cannot be merged into itself', '/into');
    await this.#open(id, '/');
    await this.#open(into, '/into');
    const moved = (await this.#intake.findingsOfCluster(id)).length;
    await this.#clusters.merge({ from: id, into, by: analyst.userId, at: this.#now().toISOString(), detail: `merged from cluster ${id} by an analyst` });
    return { clusterId: into, moved };
  }

  /** Names the finding that stands for the cluster (its title heads the queue row). */
  async setCanonical(principal: Principal | undefined, id: string, findingId: string): Promise<void> {
    await this.#access.requireCoordinator(principal, 'write');
    await this.#open(id, '/');
    const finding = await this.#intake.finding(findingId);
    if (!finding || finding.cluster_id !== id) throw new ServiceError('invalid', `finding ${findingId} is not in cluster ${id}`, '/findingId');
    await this.#clusters.setCanonical(id, findingId, this.#now().toISOString());
  }

  /**
   * Replays every finding through the current rules (after an upgrade changes them),
   * keeping analysts' placements and splits; returns how many findings moved.
   */
  async recluster(principal: Principal | undefined): Promise<{ findings: number; moved: number; newClusters: number }> {
    await this.#access.requireCoordinator(principal, 'write');
    const [findings, exclusions, clusters] = await Promise.all([this.#clusters.allFindings(), this.#clusters.allExclusions(), this.#clusters.allClusters()]);
    const excludedFrom = new Map<string, Set<string>>();
    for (const e of exclusions) excludedFrom.set(e.finding_id, (excludedFrom.get(e.finding_id) ?? new Set()).add(e.cluster_id));
    const before = new Map(findings.map((f) => [f.id, f]));
    const placements = recluster(
      findings.map((f) => ({ id: f.id, clusterId: f.cluster_id, subject: JSON.parse(f.subject) as DedupSubject, analystPlaced: f.linked_by !== null, excludedFrom: excludedFrom.get(f.id) ?? new Set() })),
      randomUUID,
    );
    const at = this.#now().toISOString();
    const moved: FindingPlacementWrite[] = [];
    const membersOf = new Map<string, string[]>();
    for (const p of placements) {
      membersOf.set(p.clusterId, [...(membersOf.get(p.clusterId) ?? []), p.id]);
      const old = before.get(p.id)!;
      if (old.linked_by !== null) continue;
      const write: FindingPlacementWrite = {
        id: p.id,
        cluster_id: p.clusterId,
        link_rule: p.reason?.rule ?? null,
        link_score: p.reason?.score ?? null,
        link_detail: p.reason?.detail ?? null,
        linked_via: p.viaFindingId ?? null,
      };
      if (old.cluster_id !== write.cluster_id || old.link_rule !== write.link_rule || old.link_score !== write.link_score || old.linked_via !== write.linked_via) moved.push(write);
    }
    const clusterOf = new Map(placements.map((p) => [p.id, p.clusterId]));
    const canonicalBefore = new Map(clusters.map((c) => [c.id, c.canonical_finding_id]));
    const canonical = new Map<string, string>();
    for (const [clusterId, members] of membersOf) {
      const previous = canonicalBefore.get(clusterId);
      canonical.set(clusterId, previous !== undefined && members.includes(previous) ? previous : members[0]!);
    }
    const emptied = new Map<string, string>();
    for (const c of clusters) {
      if (!membersOf.has(c.id) && c.merged_into === null) emptied.set(c.id, clusterOf.get(c.canonical_finding_id) ?? c.id);
    }
    const newClusters = [...membersOf.keys()].filter((id) => !canonicalBefore.has(id)).map((id) => ({ id, canonical_finding_id: canonical.get(id)!, created_at: at, updated_at: at }));
    await this.#clusters.applyReclustering({ newClusters, moved, keys: new Map(placements.map((p) => [p.id, p.keys])), canonical, emptied, at });
    return { findings: findings.length, moved: moved.filter((m) => before.get(m.id)?.cluster_id !== m.cluster_id).length, newClusters: newClusters.length };
  }

  async #existing(id: string): Promise<ClusterRow> {
    const cluster = await this.#intake.cluster(id);
    if (!cluster) throw new ServiceError('not_found', `no cluster ${id}`);
    return cluster;
  }

  /** A cluster that still holds findings: a merged-away one takes no more. */
  async #open(id: string, field: string): Promise<ClusterRow> {
    const cluster = await this.#intake.cluster(id);
    if (!cluster) throw new ServiceError(field === '/' ? 'not_found' : 'invalid', `no cluster ${id}`, field);
    if (cluster.merged_into !== null) throw new ServiceError('invalid', `cluster ${id} was merged into ${cluster.merged_into}`, field);
    return cluster;
  }
}

function findingView(f: ClusterFindingRow): ClusterFinding {
  return {
    id: f.id,
    reportId: f.report_id,
    title: f.title,
    format: f.format,
    tlp: f.tlp,
    source: { kind: f.source_kind, name: f.source_name },
    submittedAt: f.submitted_at,
    link: f.link_rule === null ? null : { rule: f.link_rule, score: f.link_score, detail: f.link_detail, viaFindingId: f.linked_via, byUserId: f.linked_by },
    linkedAt: f.linked_at,
    alternatives: alternativesOf(f),
  };
}
