import { createHash } from 'node:crypto';
import type { Principal } from '../../domain/access/access-policy.js';
import { ServiceError } from '../service-error.js';
import type { CaseMessages, MessageView } from './case-messages.js';
import type { CaseSupport } from './case-support.js';
import { eventView, type CaseEventView } from './case-view.js';

/** One file of the case in the manifest; the SHA-256 is recomputed from the stored bytes. */
export interface ReferralAttachment {
  readonly name: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly size: number;
  /** The report it came with; null for a file attached to the case (a vendor's advisory). */
  readonly reportId: string | null;
  /** The organization that attached a case file; null for a report's. */
  readonly orgId: string | null;
}

/** The referral package of a case flagged as AI-enabled crime. */
export interface ReferralManifest {
  readonly manifestVersion: 1;
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly case: {
    readonly id: string;
    readonly title: string;
    readonly state: string;
    readonly clusterId: string;
    readonly cveId: string | null;
    readonly aiEnabledCrimeReason: string | null;
    readonly openedAt: string;
    readonly vendorNotifiedAt: string | null;
    readonly embargoUntil: string | null;
    readonly publishedAt: string | null;
  };
  /** The reports in the case's cluster, each with the SHA-256 of its document as submitted. */
  readonly reports: { readonly id: string; readonly ownerOrgId: string; readonly submittedAt: string; readonly source: unknown; readonly documentSha256: string }[];
  readonly attachments: ReferralAttachment[];
  /** The whole case history, oldest first. */
  readonly history: CaseEventView[];
  /** The messages the caller may read (their TLP still binds whoever receives the package). */
  readonly messages: MessageView[];
}

/** Messages fetched per page when the manifest collects them all. */
const MESSAGE_PAGE = 500;

/**
 * The referral of a case flagged as AI-enabled crime: a JSON manifest with the SHA-256 of
 * every attachment, recomputed from the bytes stored (a mismatch is a damaged store, and
 * fails the export rather than vouching for the wrong bytes), and the case's whole history.
 * Coordinators only; each export is recorded in the history.
 */
export class Referrals {
  readonly #support: CaseSupport;
  readonly #messages: CaseMessages;

  constructor(support: CaseSupport, messages: CaseMessages) {
    this.#support = support;
    this.#messages = messages;
  }

  async manifest(principal: Principal | undefined, caseId: string): Promise<ReferralManifest> {
    const { row, analyst } = await this.#support.coordinated(principal, caseId);
    if (row.ai_enabled_crime !== 1) throw new ServiceError('conflict', `case ${caseId} is not flagged as AI-enabled crime: flag it first`, '/');
    const cluster = await this.#support.currentCluster(row.cluster_id);
    const findings = await this.#support.intake.findingsOfCluster(cluster.id);
    const reports = await Promise.all([...new Set(findings.map((f) => f.report_id))].map(async (id) => (await this.#support.intake.report(id))!));
    const [reportFiles, caseFiles, events] = await Promise.all([
      this.#support.cases.reportAttachmentsOfCluster(cluster.id),
      this.#support.cases.attachments(caseId),
      this.#support.cases.events(caseId, { all: true }),
    ]);
    const attachments: ReferralAttachment[] = [];
    for (const file of reportFiles) attachments.push({ name: file.name, mediaType: file.media_type, ...(await this.#verified(file.sha256)), reportId: file.report_id, orgId: null });
    for (const file of caseFiles) attachments.push({ name: file.name, mediaType: file.media_type, ...(await this.#verified(file.sha256)), reportId: null, orgId: file.org_id });
    const messages: MessageView[] = [];
    for (let offset = 0; ; offset += MESSAGE_PAGE) {
      const page = await this.#messages.list(analyst, caseId, { offset, limit: MESSAGE_PAGE });
      messages.push(...page.items);
      if (offset + MESSAGE_PAGE >= page.total) break;
    }
    const generatedAt = this.#support.now().toISOString();
    await this.#support.cases.transaction((writer) =>
      writer.event({ caseId, at: generatedAt, actorUserId: analyst.userId, orgId: row.owner_org_id, kind: 'referral_exported', detail: { attachments: attachments.length, events: events.length, messages: messages.length } }),
    );
    return {
      manifestVersion: 1,
      generatedAt,
      generatedBy: analyst.userId,
      case: {
        id: row.id,
        title: row.title,
        state: row.state,
        clusterId: row.cluster_id,
        cveId: row.cve_id,
        aiEnabledCrimeReason: row.ai_enabled_crime_reason,
        openedAt: row.opened_at,
        vendorNotifiedAt: row.vendor_notified_at,
        embargoUntil: row.embargo_until,
        publishedAt: row.published_at,
      },
      reports: reports
        .sort((a, b) => (a.submitted_at < b.submitted_at ? -1 : a.submitted_at > b.submitted_at ? 1 : a.id < b.id ? -1 : 1))
        .map((r) => ({ id: r.id, ownerOrgId: r.owner_org_id, submittedAt: r.submitted_at, source: r.source_detail === null ? null : (JSON.parse(r.source_detail) as unknown), documentSha256: r.document_sha256 })),
      attachments,
      history: events.map((e) => eventView(e, 'UTC')),
      messages,
    };
  }

  /** The SHA-256 and size of the stored bytes, which must be those the attachment is keyed by. */
  async #verified(sha256: string): Promise<{ sha256: string; size: number }> {
    const content = await this.#support.cases.attachmentContent(sha256);
    if (content === undefined) throw new Error(`attachment ${sha256} has no stored bytes`);
    const computed = createHash('sha256').update(content).digest('hex');
    if (computed !== sha256) throw new Error(`attachment stored as ${sha256} hashes to ${computed}: the store is damaged`);
    return { sha256: computed, size: content.byteLength };
  }
}
