import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../../domain/access/access-policy.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { parseTlp, type Tlp } from '../../domain/access/tlp.js';
import { placeReport, type ClusterMatch, type Placement } from '../../domain/dedup/clusters.js';
import { indexKeys, type DedupSubject } from '../../domain/dedup/cluster-keys.js';
import { findingSubject } from '../../domain/intake/finding-subject.js';
import type { Finding, ReportFormat, ReportSource } from '../../domain/intake/report-draft.js';
import type { Store } from '../../store/database.js';
import { IntakeRepository, type FindingRow, type ReportRow } from '../../store/intake-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import { ServiceError } from '../service-error.js';
import { readReport } from './read-report.js';

/** The largest report document and the largest attachment intake stores. */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;

/** A report as submitted: the document (any of the five formats) and who found it. */
export interface ReportSubmission {
  readonly document: string;
  readonly format?: ReportFormat;
  readonly source: ReportSource;
  readonly tlp?: string;
  readonly idempotencyKey?: string;
  readonly attachments?: readonly { readonly name: string; readonly mediaType: string; readonly content: Uint8Array }[];
}

/** Where each finding of a submitted report went, and why. */
export interface SubmittedReport {
  readonly reportId: string;
  /** The first finding's cluster: the report's, for a report of one finding. */
  readonly clusterId: string;
  /** True when the Idempotency-Key named an earlier submission, which is returned instead. */
  readonly replayed: boolean;
  readonly findings: readonly { readonly findingId: string; readonly clusterId: string; readonly rule: string | null; readonly score: number | null; readonly detail: string | null; readonly alternatives: readonly AlternativeCluster[] }[];
}

// A report goes to the clearinghouse: a marking that keeps it from the clearinghouse's analysts makes no sense.
const REPORT_TLPS: readonly Tlp[] = ['CLEAR', 'GREEN', 'AMBER'];

/**
 * Intake: reads a report, places each finding in a cluster (deduplication), and stores it
 * all in one transaction, so an acknowledged report is whole and durable.
 */
export class IntakeService {
  readonly #repository: IntakeRepository;
  readonly #access: AccessLayer;
  readonly #now: () => Date;

  constructor(store: Store, access: AccessLayer, now: () => Date = () => new Date()) {
    this.#repository = new IntakeRepository(store);
    this.#access = access;
    this.#now = now;
  }

  async submit(principal: Principal | undefined, submission: ReportSubmission): Promise<SubmittedReport> {
    const tlp = reportTlp(submission.tlp);
    this.#access.requireCreate(principal, tlp);
    if (submission.idempotencyKey !== undefined) {
      const first = await this.#repository.reportByIdempotencyKey(principal.orgId, submission.idempotencyKey);
      if (first) return { ...(await this.#placed(first)), replayed: true };
    }
    checkSizes(submission);
    const read = await readReport(submission.document, submission.format === undefined ? {} : { format: submission.format });
    if (!read.ok) {
      // Paths inside the document, as fields of the submission (whose `document` it is).
      const errors = read.errors.map((e) => ({ field: `/document${e.path === '/' ? '' : e.path}`, message: e.message }));
      throw new ServiceError('invalid', `the report is not valid: ${errors[0]!.message}`, errors[0]!.field, errors);
    }
    if (read.draft.findings.length === 0) throw new ServiceError('invalid', 'the report holds no finding', '/');
    const now = this.#now().toISOString();
    const reportId = randomUUID();
    const clusters: { id: string; canonical_finding_id: string; created_at: string; updated_at: string }[] = [];
    const findings: (Parameters<IntakeRepository['insertReport']>[0]['findings'][number])[] = [];
    const placements: { findingId: string; clusterId: string; placement: Placement }[] = [];
    // Findings of this same report are candidates for its later findings too.
    const placedHere: { id: string; cluster_id: string; subject: DedupSubject; keys: readonly string[] }[] = [];
    for (const [ordinal, finding] of read.draft.findings.entries()) {
      const subject = findingSubject(finding, fingerprintOf(finding));
      const keys = indexKeys(subject);
      const stored = await this.#repository.findingsWithKeys(keys);
      const keySet = new Set(keys);
      const candidates = groupByCluster([
        ...stored.map((s) => ({ id: s.id, cluster_id: s.cluster_id, subject: JSON.parse(s.subject) as DedupSubject })),
        ...placedHere.filter((p) => p.keys.some((k) => keySet.has(k))),
      ]);
      const placement = placeReport(subject, candidates);
      const findingId = randomUUID();
      let clusterId: string;
      if (placement.kind === 'join') {
        clusterId = placement.clusterId;
      } else {
        clusterId = randomUUID();
        clusters.push({ id: clusterId, canonical_finding_id: findingId, created_at: now, updated_at: now });
      }
      findings.push({
        id: findingId,
        report_id: reportId,
        ordinal,
        title: finding.title,
        body: JSON.stringify(finding),
        subject: JSON.stringify(subject),
        cluster_id: clusterId,
        link_rule: placement.kind === 'join' ? placement.reason.rule : null,
        link_score: placement.kind === 'join' ? placement.reason.score : null,
        link_detail: placement.kind === 'join' ? placement.reason.detail : null,
        linked_via: placement.kind === 'join' ? placement.viaReportId : null,
        linked_by: null,
        link_alternatives: placement.kind === 'join' && placement.alternatives.length > 0 ? JSON.stringify(placement.alternatives.map(alternativeOf)) : null,
        linked_at: now,
        keys,
      });
      placements.push({ findingId, clusterId, placement });
      placedHere.push({ id: findingId, cluster_id: clusterId, subject, keys });
    }
    const attachments = (submission.attachments ?? []).map((a) => ({ ...a, sha256: createHash('sha256').update(a.content).digest('hex') }));
    const sourceName = submission.source.kind === 'person' ? submission.source.name : submission.source.kind === 'scanner' ? submission.source.tool : submission.source.model;
    const report: ReportRow = {
      id: reportId,
      owner_org_id: principal.orgId,
      tlp,
      format: read.draft.format,
      title: read.draft.findings[0]!.title,
      source_kind: submission.source.kind,
      source_name: sourceName,
      source_detail: JSON.stringify(submission.source),
      document_sha256: createHash('sha256').update(submission.document).digest('hex'),
      document: submission.document,
      idempotency_key: submission.idempotencyKey ?? null,
      submitted_by: principal.userId,
      submitted_at: now,
      validation_status: 'unvalidated',
    };
    try {
      await this.#repository.insertReport({ report, clusters, findings, attachments, sharedWithOrgIds: await this.#repository.organizationIdsOfType('clearinghouse') });
    } catch (error) {
      // Two submissions with one Idempotency-Key raced: the other one was stored first, return it.
      const first = submission.idempotencyKey === undefined ? undefined : await this.#repository.reportByIdempotencyKey(principal.orgId, submission.idempotencyKey);
      if (first) return { ...(await this.#placed(first)), replayed: true };
      throw error;
    }
    return {
      reportId,
      clusterId: placements[0]!.clusterId,
      replayed: false,
      findings: placements.map(({ findingId, clusterId, placement }) => ({
        findingId,
        clusterId,
        rule: placement.kind === 'join' ? placement.reason.rule : null,
        score: placement.kind === 'join' ? placement.reason.score : null,
        detail: placement.kind === 'join' ? placement.reason.detail : null,
        alternatives: placement.kind === 'join' ? placement.alternatives.map(alternativeOf) : [],
      })),
    };
  }

  /** A report the principal may read, with its findings and where each one is. */
  async report(principal: Principal | undefined, id: string): Promise<{ report: Omit<ReportRow, 'document'>; findings: FindingRow[]; attachments: { sha256: string; name: string; media_type: string; size: number }[] }> {
    await this.#access.require(principal, 'read', 'reports', id);
    const row = (await this.#repository.report(id))!;
    const { document: _document, ...report } = row;
    return { report, findings: await this.#repository.findingsOfReport(id), attachments: await this.#repository.attachmentsOf(id) };
  }

  async #placed(report: ReportRow): Promise<Omit<SubmittedReport, 'replayed'>> {
    const findings = await this.#repository.findingsOfReport(report.id);
    return {
      reportId: report.id,
      clusterId: findings[0]!.cluster_id,
      findings: findings.map((f) => ({ findingId: f.id, clusterId: f.cluster_id, rule: f.link_rule, score: f.link_score, detail: f.link_detail, alternatives: alternativesOf(f) })),
    };
  }
}

/** Another cluster a finding linked to: offered to the analyst to merge or move. */
export interface AlternativeCluster {
  readonly clusterId: string;
  readonly rule: string;
  readonly score: number;
  readonly detail: string;
}

function alternativeOf(match: ClusterMatch): AlternativeCluster {
  return { clusterId: match.clusterId, rule: match.reason.rule, score: match.reason.score, detail: match.reason.detail };
}

/** The alternatives stored with a finding. */
export function alternativesOf(finding: Pick<FindingRow, 'link_alternatives'>): AlternativeCluster[] {
  return finding.link_alternatives === null ? [] : (JSON.parse(finding.link_alternatives) as AlternativeCluster[]);
}

function reportTlp(text: string | undefined): Tlp {
  if (text === undefined) return 'AMBER';
  const tlp = parseTlp(text);
  if (!tlp.ok) throw new ServiceError('invalid', tlp.error, '/tlp');
  if (!REPORT_TLPS.includes(tlp.value)) throw new ServiceError('invalid', `a report goes to the clearinghouse, so it may be marked ${REPORT_TLPS.join(', ')}, not ${tlp.value}`, '/tlp');
  return tlp.value;
}

function checkSizes(submission: ReportSubmission): void {
  const bytes = Buffer.byteLength(submission.document);
  if (bytes > MAX_REPORT_BYTES) throw new ServiceError('too_large', `the report is ${bytes} bytes; the limit is ${MAX_REPORT_BYTES} bytes`, '/document');
  const attachments = submission.attachments ?? [];
  if (attachments.length > MAX_ATTACHMENTS) throw new ServiceError('invalid', `at most ${MAX_ATTACHMENTS} attachments`, '/attachments');
  for (const [i, a] of attachments.entries()) {
    if (a.content.byteLength > MAX_ATTACHMENT_BYTES) throw new ServiceError('too_large', `attachment "${a.name}" is ${a.content.byteLength} bytes; the limit is ${MAX_ATTACHMENT_BYTES} bytes`, `/attachments/${i}`);
  }
}

/** The exact fingerprint: the finding's content, with keys in a fixed order, hashed. */
function fingerprintOf(finding: Finding): string {
  return createHash('sha256').update(canonicalJson(finding)).digest('hex');
}

function groupByCluster(findings: readonly { id: string; cluster_id: string; subject: DedupSubject }[]): { clusterId: string; members: { reportId: string; subject: DedupSubject }[]; separated: ReadonlySet<string> }[] {
  const clusters = new Map<string, { reportId: string; subject: DedupSubject }[]>();
  for (const f of findings) {
    const members = clusters.get(f.cluster_id) ?? [];
    members.push({ reportId: f.id, subject: f.subject });
    clusters.set(f.cluster_id, members);
  }
  return [...clusters].map(([clusterId, members]) => ({ clusterId, members, separated: new Set<string>() }));
}
