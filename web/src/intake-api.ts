/** Typed access to the intake API: vulnerability reports, and the clusters deduplication puts their findings in. */
import { request } from './operator-api.js';

/*
 * The values the API's schemas accept (see /openapi.json), listed here because the web app
 * may not import the server's modules; intake.test.ts checks them against the served
 * description. The attachment limit is the server's MAX_ATTACHMENT_BYTES, checked there too.
 */
export const REPORT_TLPS = ['CLEAR', 'GREEN', 'AMBER'] as const;
export const CLUSTER_SORTS = ['updated', 'created', 'size'] as const;
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;

/** Who or what found the vulnerability. */
export type ReportSource = { kind: 'person'; name: string } | { kind: 'scanner'; tool: string; version?: string } | { kind: 'model'; model: string; engagementId?: string };

export interface AffectedProduct {
  purl?: string;
  cpe?: string;
  /** The product as a source names it, where there is neither purl nor CPE. */
  name?: string;
  versions: string[];
}

/** The free-form report the form writes (the server's FreeFormReport). */
export interface FreeFormReport {
  title: string;
  /** Markdown. */
  description: string;
  affected: { purl?: string; cpe?: string; versions?: string[] }[];
  cwe?: string | string[];
  cvss?: string;
  identifiers?: string[];
  stackTrace?: string;
}

export interface Attachment {
  name: string;
  mediaType: string;
  /** The bytes, base64. */
  content: string;
}

export interface NewReport {
  source: ReportSource;
  tlp: string;
  document: FreeFormReport;
  attachments: Attachment[];
}

/** Another cluster a finding also matched: a candidate for a merge or a move. */
export interface AlternativeCluster {
  clusterId: string;
  rule: string;
  score: number;
  detail: string;
}

/** Where a submitted report's findings went, and by which rule. */
export interface SubmittedReport {
  reportId: string;
  clusterId: string;
  /** True when the Idempotency-Key named an earlier submission, which came back instead. */
  replayed: boolean;
  findings: { findingId: string; clusterId: string; rule: string | null; score: number | null; detail: string | null; alternatives: AlternativeCluster[] }[];
}

/** A finding as intake read it from the report (whatever the report's format). */
export interface Finding {
  title: string;
  /** Markdown from the submitter: render only through components/Markdown. */
  description: string;
  affected: AffectedProduct[];
  cwes: string[];
  cvssVectors: string[];
  identifiers: string[];
  locations: { uri: string; startLine?: number; endLine?: number; symbol?: string }[];
  stackTrace?: string;
}

export interface Report {
  report: {
    id: string;
    ownerOrgId: string;
    tlp: string;
    format: string;
    title: string;
    /** As submitted; null for a report stored without one. */
    source: ReportSource | null;
    documentSha256: string;
    submittedAt: string;
    validationStatus: string;
  };
  findings: { id: string; title: string; clusterId: string; rule: string | null; score: number | null; detail: string | null; finding: Finding }[];
}

export interface ClusterSummary {
  id: string;
  canonicalFindingId: string;
  title: string;
  findings: number;
  reports: number;
  createdAt: string;
  updatedAt: string;
}

export interface ClusterPage {
  items: ClusterSummary[];
  total: number;
  offset: number;
  limit: number;
}

/** Why a finding is in its cluster: the rule (or "analyst") and its evidence. */
export interface ClusterLink {
  rule: string;
  score: number | null;
  detail: string | null;
  viaFindingId: string | null;
  byUserId: string | null;
}

export interface ClusterFinding {
  id: string;
  reportId: string;
  title: string;
  format: string;
  tlp: string;
  source: { kind: string; name: string };
  submittedAt: string;
  /** Null for the finding that started the cluster. */
  link: ClusterLink | null;
  linkedAt: string;
  alternatives: AlternativeCluster[];
}

export interface Cluster {
  id: string;
  canonicalFindingId: string;
  createdAt: string;
  updatedAt: string;
  /** Set when an analyst merged this cluster away; it holds nothing since. */
  mergedInto: string | null;
  findings: ClusterFinding[];
  excluded: { findingId: string; byUserId: string; at: string }[];
}


const id = encodeURIComponent;

/** POST /v1/reports; the same key sent twice stores one report and returns it both times. */
export function submitReport(report: NewReport, idempotencyKey: string): Promise<SubmittedReport> {
  return request<SubmittedReport>('/v1/reports', { method: 'POST', json: report, headers: { 'idempotency-key': idempotencyKey } });
}

export function getReport(reportId: string, signal?: AbortSignal): Promise<Report> {
  return request<Report>(`/v1/reports/${id(reportId)}`, { signal });
}

/** The intake queue, one page (clearinghouse staff only: 403 for anyone else). */
export function listClusters(query: { sort: string; offset: number; limit: number }, signal?: AbortSignal): Promise<ClusterPage> {
  const params = new URLSearchParams({ sort: query.sort, offset: String(query.offset), limit: String(query.limit) });
  return request<ClusterPage>(`/v1/clusters?${params.toString()}`, { signal });
}

export function getCluster(clusterId: string, signal?: AbortSignal): Promise<Cluster> {
  return request<Cluster>(`/v1/clusters/${id(clusterId)}`, { signal });
}

/** Moves every finding of `clusterId` into `into` (analysts only). */
export function mergeCluster(clusterId: string, into: string): Promise<{ clusterId: string; moved: number }> {
  return request(`/v1/clusters/${id(clusterId)}/merge`, { method: 'POST', json: { into } });
}

/** Moves a finding out of its cluster: into `into`, or a new cluster when it is undefined (analysts only). */
export function splitFinding(findingId: string, into?: string): Promise<{ clusterId: string }> {
  return request(`/v1/findings/${id(findingId)}/split`, { method: 'POST', json: into === undefined ? {} : { into } });
}

export function setCanonicalFinding(clusterId: string, findingId: string): Promise<void> {
  return request<void>(`/v1/clusters/${id(clusterId)}/canonical`, { method: 'PUT', json: { findingId } });
}

/** The clearinghouse's staff work the intake queue; analysts (and admins) change clusters. */
export function isIntakeStaff(organizationType: string): boolean {
  return organizationType === 'clearinghouse';
}

export function isAnalyst(role: string): boolean {
  return role === 'analyst' || role === 'admin';
}
