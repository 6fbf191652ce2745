import type { Principal } from '../../domain/access/access-policy.js';
import { isCaseState, transition, type CaseState } from '../../domain/coordination/case-state.js';
import { embargoOnExploitation, extendEmbargo } from '../../domain/coordination/embargo-policy.js';
import { INITIAL_VENDOR_STATUS, PARTICIPANT_ROLES, isParticipantRole } from '../../domain/coordination/participant-status.js';
import type { VendorMatch } from '../../domain/coordination/vendor-match.js';
import { CASE_SORTS, type CaseRow, type CaseSort, type CaseWriter, type ParticipantWithOrg } from '../../store/case-repository.js';
import { ServiceError } from '../service-error.js';
import { NOTIFIED_STATES, type CaseSupport } from './case-support.js';
import { caseView, localOf, type CaseView } from './case-view.js';
import { notifyVendors } from './vendor-notification.js';
import { publishableCase } from './case-publication.js';
import type { PublicationService } from '../publication/publication-service.js';

export { CASE_SORTS, type CaseSort };

/** A case as lists show it. */
export interface CaseSummary {
  readonly id: string;
  readonly clusterId: string;
  readonly title: string;
  readonly state: string;
  readonly tlp: string;
  readonly cveId: string | null;
  readonly exploited: boolean;
  readonly openedAt: string;
  readonly openedAtLocal: string;
  readonly updatedAt: string;
  readonly updatedAtLocal: string;
  readonly embargoUntil: string | null;
  readonly embargoUntilLocal: string | null;
}

/** A vendor's acknowledgement deadline, as a case list shows it to the case's coordinators. */
export interface VendorAcknowledgement {
  readonly vendorOrgId: string;
  readonly vendorName: string;
  readonly due: string;
  readonly dueLocal: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedAtLocal: string | null;
}

/** A case in the coordinators' list: its summary and, for those who see the whole case, the vendors' deadlines. */
export interface CaseListItem extends CaseSummary {
  readonly acknowledgements: VendorAcknowledgement[];
}

export interface CaseListPage {
  readonly offset: number;
  readonly limit: number;
  readonly sort: CaseSort;
  readonly state?: string | undefined;
}

/** The most characters a reason (for an extension, a flag, a dismissal) may hold. */
export const MAX_REASON_LENGTH = 2000;

/**
 * Coordinated-disclosure cases as the clearinghouse's coordinators work them: opened from a
 * cluster, vendors offered by their registered products and added with one call, moved
 * through the states of case-state.ts (refusals say why), vendors told through the outbox, the
 * embargo set, extended with a reason or shortened on exploitation. Every change writes its
 * history in the same transaction. Reads go through the access layer: a case is a record of
 * the coordinating organization, TLP:AMBER, shared with each participant organization.
 */
export class CaseService {
  readonly #support: CaseSupport;
  readonly #publications: PublicationService;

  constructor(support: CaseSupport, publications: PublicationService) {
    this.#support = support;
    this.#publications = publications;
  }

  /**
   * Opens the case of a cluster: its title from the canonical finding, the analyst's
   * organization as coordinator, the organization that submitted the canonical report as
   * reporter. Matching vendors are offered, not added: a case in triage may prove invalid,
   * and a vendor added now would read it before anyone decided to tell it.
   */
  async open(principal: Principal | undefined, clusterId: string, field = '/clusterId'): Promise<CaseView> {
    const analyst = await this.#support.access.requireCoordinator(principal, 'write');
    const cluster = await this.#support.intake.cluster(clusterId);
    if (!cluster) throw new ServiceError(field === '/' ? 'not_found' : 'invalid', `no cluster ${clusterId}`, field);
    if (cluster.merged_into !== null) throw new ServiceError('invalid', `cluster ${clusterId} was merged into ${cluster.merged_into}; open the case there`, field);
    const existing = await this.#support.cases.caseOfCluster(clusterId);
    if (existing) throw new ServiceError('conflict', `cluster ${clusterId} already has case ${existing.id}`, field);
    const canonical = (await this.#support.intake.finding(cluster.canonical_finding_id))!;
    const report = (await this.#support.intake.report(canonical.report_id))!;
    const offers = await this.#support.offersForCluster(clusterId, new Set());
    const now = this.#support.now();
    const at = now.toISOString();
    const year = now.getUTCFullYear();
    let id: string;
    try {
      id = await this.#support.cases.transaction(async (writer) => {
        const caseId = `CH-${year}-${String(await writer.nextCaseNumber(year)).padStart(4, '0')}`;
        await writer.insertCase({
          id: caseId,
          cluster_id: clusterId,
          owner_org_id: analyst.orgId,
          tlp: 'AMBER',
          title: canonical.title,
          state: 'triage',
          duplicate_of: null,
          exploited: 0,
          exploited_reason: null,
          ai_enabled_crime: 0,
          ai_enabled_crime_reason: null,
          vendor_notified_at: null,
          embargo_until: null,
          cve_id: null,
          cve_assigned_by: null,
          published_at: null,
          opened_by: analyst.userId,
          opened_at: at,
          updated_at: at,
        });
        const participant = { status: null, statement: null, affected_versions: null, fixed_versions: null, matched: null, notified_at: null, acknowledgement_due: null, acknowledged_at: null, added_by: analyst.userId, added_at: at, updated_at: at };
        await writer.addParticipant({ ...participant, case_id: caseId, org_id: analyst.orgId, role: 'coordinator' });
        await writer.addParticipant({ ...participant, case_id: caseId, org_id: report.owner_org_id, role: 'reporter' });
        if (report.owner_org_id !== analyst.orgId) await writer.shareCase(caseId, report.owner_org_id);
        await writer.event({ caseId, at, actorUserId: analyst.userId, orgId: null, kind: 'opened', detail: { clusterId, title: canonical.title, reporterOrgId: report.owner_org_id, canonicalReportId: report.id } });
        if (offers.length > 0) {
          await writer.event({ caseId, at, actorUserId: analyst.userId, orgId: analyst.orgId, kind: 'vendors_offered', detail: { offers: offers.map((o) => ({ orgId: o.orgId, matches: o.matches })) } });
        }
        return caseId;
      });
    } catch (error) {
      // Another analyst opened the cluster's case at the same moment: the unique cluster_id refused this one.
      const raced = await this.#support.cases.caseOfCluster(clusterId);
      if (raced) throw new ServiceError('conflict', `cluster ${clusterId} already has case ${raced.id}`, field);
      throw error;
    }
    return caseView(this.#support, analyst, (await this.#support.cases.case(id))!);
  }

  async get(principal: Principal | undefined, id: string): Promise<CaseView> {
    const { row, principal: reader } = await this.#support.readable(principal, id);
    return caseView(this.#support, reader, row);
  }

  /** Cases the principal may read, a page at a time. */
  async list(principal: Principal | undefined, page: CaseListPage): Promise<{ items: CaseListItem[]; total: number }> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    if (page.state !== undefined && !isCaseState(page.state)) throw new ServiceError('invalid', `"${page.state}" is not a case state`, '/querystring/state');
    const zone = await this.#support.zoneOf(principal);
    const found = await this.#support.cases.list(this.#support.access.listFilter('cases', principal), page);
    const participants = new Map<string, ParticipantWithOrg[]>();
    for (const p of await this.#support.cases.participantsOfCases(found.items.map((row) => row.id))) participants.set(p.case_id, [...(participants.get(p.case_id) ?? []), p]);
    const items = found.items.map((row): CaseListItem => {
      const ofCase = participants.get(row.id) ?? [];
      const whole = this.#support.seesWholeCase(principal, row, ofCase);
      return { ...caseSummary(row, zone), acknowledgements: whole ? acknowledgementsOf(ofCase, zone) : [] };
    });
    return { items, total: found.total };
  }

  /** Moves the case to `state` when its rules allow; the refusal says why. */
  async changeState(principal: Principal | undefined, id: string, input: { state: string; duplicateOf?: string | undefined; reason?: string | undefined }): Promise<CaseView> {
    const { row, analyst } = await this.#support.coordinated(principal, id);
    if (!isCaseState(input.state)) throw new ServiceError('invalid', `"${input.state}" is not a case state`, '/state');
    const to: CaseState = input.state;
    const from = this.#support.stateOf(row);
    const participants = await this.#support.cases.participants(id);
    const vendors = participants.filter((p) => p.role === 'vendor');
    const duplicateOf = input.duplicateOf?.trim() || undefined;
    if (duplicateOf !== undefined && to !== 'closed_duplicate') throw new ServiceError('invalid', "duplicateOf is given only when closing as 'closed_duplicate'", '/duplicateOf');
    if (duplicateOf !== undefined && (duplicateOf === id || !(await this.#support.cases.case(duplicateOf)))) {
      throw new ServiceError('invalid', `${duplicateOf} is not another case`, '/duplicateOf');
    }
    const allowed = transition(from, to, { vendorCount: vendors.length, acknowledgedVendorCount: vendors.filter((v) => v.acknowledged_at !== null).length, duplicateOf });
    if (!allowed.ok) {
      if (to === 'closed_duplicate' && duplicateOf === undefined) throw new ServiceError('invalid', allowed.reason, '/duplicateOf');
      throw new ServiceError('conflict', allowed.reason, '/state');
    }
    const exploitation = to === 'vendor_notified' ? await this.#support.exploitation(row) : undefined;
    if (to === 'published') await this.#publish(analyst, id);
    const at = this.#support.now().toISOString();
    await this.#support.cases.transaction(async (writer) => {
      const change = { state: to, updated_at: at, duplicate_of: to === 'closed_duplicate' ? duplicateOf! : to === 'triage' ? null : row.duplicate_of, ...(to === 'published' ? { published_at: at } : {}) };
      if (!(await writer.updateCase(id, change, from))) throw new ServiceError('conflict', `case ${id} changed meanwhile; read it again`, '/state');
      await writer.event({ caseId: id, at, actorUserId: analyst.userId, orgId: null, kind: 'state_changed', detail: { from, to, ...(duplicateOf ? { duplicateOf } : {}), ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}) } });
      if (exploitation) {
        const pending = vendors.filter((v) => v.notified_at === null);
        await notifyVendors(writer, { row: { ...row, ...change }, vendors: pending, exploitation, at, actorUserId: analyst.userId });
      }
      if (to === 'published' && (await this.#support.cveIds.publishForCase(writer.transaction, id, at))) {
        await writer.event({ caseId: id, at, actorUserId: analyst.userId, orgId: null, kind: 'cve_published', detail: { cveId: row.cve_id } });
      }
    });
    return this.get(analyst, id);
  }

  /**
   * Publishes the case's OSV, CVE and CSAF documents before the state says so: each is
   * validated before any is stored, so a case that cannot be published stays fixed, with the
   * reason. Publication replaces a case's documents whole, so a retry after a failed state
   * change writes the same again.
   */
  async #publish(analyst: Principal, id: string): Promise<void> {
    const view = await this.get(analyst, id);
    if (!view.publication) throw new ServiceError('forbidden', 'only coordinators publish a case');
    const coordinator = view.participants.find((p) => p.role === 'coordinator')?.orgName ?? 'Clearinghouse';
    await this.#publications.publish(publishableCase(view, view.publication, coordinator, this.#support.now()));
  }

  /** Adds a participant by hand; a vendor added once vendors were told is told at once. */
  async addParticipant(principal: Principal | undefined, id: string, input: { orgId: string; role: string }): Promise<CaseView> {
    const { row, analyst } = await this.#support.coordinated(principal, id);
    this.#support.requireOpen(row, '/');
    if (!isParticipantRole(input.role)) throw new ServiceError('invalid', `"${input.role}" is not a participant role; expected one of ${PARTICIPANT_ROLES.join(', ')}`, '/role');
    const [org] = await this.#support.cases.organizations([input.orgId]);
    if (!org) throw new ServiceError('invalid', `no organization ${input.orgId}`, '/orgId');
    if (input.role === 'vendor' && org.type !== 'vendor') throw new ServiceError('invalid', `${org.name} is a ${org.type} organization, not a vendor`, '/orgId');
    const participants = await this.#support.cases.participants(id);
    if (participants.some((p) => p.org_id === org.id && p.role === input.role)) throw new ServiceError('conflict', `${org.name} already takes part as ${input.role}`, '/orgId');
    const matches = input.role === 'vendor' ? await this.#support.matchesOf(org.id, this.#support.affectedPurls(await this.#support.clusterFindings(row.cluster_id))) : [];
    await this.#addVendorsOrParticipant(row, analyst, [{ orgId: org.id, role: input.role, matches, offered: false }]);
    return this.get(analyst, id);
  }

  /** Adds offered vendors (all of them, or those named) as participants, 'not_assessed'. */
  async confirmOffers(principal: Principal | undefined, id: string, orgIds?: readonly string[]): Promise<CaseView> {
    const { row, analyst } = await this.#support.coordinated(principal, id);
    this.#support.requireOpen(row, '/');
    const offers = await this.#support.offers(row, await this.#support.cases.participants(id));
    const chosen =
      orgIds === undefined
        ? offers
        : orgIds.map((orgId, index) => {
            const offer = offers.find((o) => o.orgId === orgId);
            if (!offer) throw new ServiceError('invalid', `${orgId} is not offered on case ${id}`, `/orgIds/${index}`);
            return offer;
          });
    if (chosen.length === 0) throw new ServiceError('invalid', `case ${id} has no vendor offered to confirm`, '/orgIds');
    await this.#addVendorsOrParticipant(
      row,
      analyst,
      chosen.map((o) => ({ orgId: o.orgId, role: 'vendor', matches: o.matches, offered: true })),
    );
    return this.get(analyst, id);
  }

  /** Declines an offered vendor, with the reason; it is offered no more on this case. */
  async dismissOffer(principal: Principal | undefined, id: string, input: { orgId: string; reason: string }): Promise<CaseView> {
    const { row, analyst } = await this.#support.coordinated(principal, id);
    const offers = await this.#support.offers(row, await this.#support.cases.participants(id));
    if (!offers.some((o) => o.orgId === input.orgId)) throw new ServiceError('invalid', `${input.orgId} is not offered on case ${id}`, '/orgId');
    const reason = requireReason(input.reason);
    const at = this.#support.now().toISOString();
    await this.#support.cases.transaction(async (writer) => {
      await writer.dismissOffer({ case_id: id, org_id: input.orgId, reason, dismissed_by: analyst.userId, dismissed_at: at });
      await writer.event({ caseId: id, at, actorUserId: analyst.userId, orgId: row.owner_org_id, kind: 'offer_dismissed', detail: { orgId: input.orgId, reason } });
    });
    return this.get(analyst, id);
  }

  /** Moves the embargo end later, with a reason (embargo-policy.ts: at most 45 days at a time). */
  async extendEmbargo(principal: Principal | undefined, id: string, input: { until: string; reason?: string | undefined }): Promise<CaseView> {
    const { row, analyst } = await this.#support.coordinated(principal, id);
    this.#support.requireOpen(row, '/until');
    if (row.embargo_until === null) throw new ServiceError('conflict', `case ${id} has no embargo yet: it is set when vendors are notified`, '/until');
    const now = this.#support.now();
    const result = extendEmbargo({ until: new Date(row.embargo_until) }, { until: new Date(input.until), reason: input.reason ?? '', now });
    if (!result.ok) throw new ServiceError('invalid', result.error.message, `/${result.error.field}`);
    const { extension } = result;
    const at = now.toISOString();
    await this.#support.cases.transaction(async (writer) => {
      if (!(await writer.updateCase(id, { embargo_until: extension.until.toISOString(), updated_at: at }, row.state))) throw new ServiceError('conflict', `case ${id} changed meanwhile; read it again`, '/until');
      await writer.event({ caseId: id, at, actorUserId: analyst.userId, orgId: null, kind: 'embargo_extended', detail: { from: extension.from.toISOString(), until: extension.until.toISOString(), reason: extension.reason } });
    });
    return this.get(analyst, id);
  }

  /** Records that the vulnerability is exploited: the embargo then ends within 7 days (or is 7 days once vendors are told). */
  async flagExploited(principal: Principal | undefined, id: string, input: { reason: string }): Promise<CaseView> {
    const { row, analyst } = await this.#support.coordinated(principal, id);
    this.#support.requireOpen(row, '/');
    if (row.exploited === 1) throw new ServiceError('conflict', `case ${id} is already flagged exploited`, '/');
    const reason = requireReason(input.reason);
    const now = this.#support.now();
    const at = now.toISOString();
    const until = row.embargo_until === null ? null : embargoOnExploitation({ until: new Date(row.embargo_until) }, now).toISOString();
    await this.#support.cases.transaction(async (writer) => {
      await writer.updateCase(id, { exploited: 1, exploited_reason: reason, embargo_until: until, updated_at: at });
      await writer.event({ caseId: id, at, actorUserId: analyst.userId, orgId: null, kind: 'exploited', detail: { reason, embargo: until === row.embargo_until ? null : { from: row.embargo_until, until } } });
    });
    return this.get(analyst, id);
  }

  /** Flags (or unflags) the case as AI-enabled crime, which makes its referral package available. */
  async flagAiEnabledCrime(principal: Principal | undefined, id: string, input: { flag: boolean; reason: string }): Promise<CaseView> {
    const { row, analyst } = await this.#support.coordinated(principal, id);
    const reason = requireReason(input.reason);
    if ((row.ai_enabled_crime === 1) === input.flag) throw new ServiceError('conflict', `case ${id} is ${input.flag ? 'already' : 'not'} flagged as AI-enabled crime`, '/flag');
    const at = this.#support.now().toISOString();
    await this.#support.cases.transaction(async (writer) => {
      await writer.updateCase(id, { ai_enabled_crime: input.flag ? 1 : 0, ai_enabled_crime_reason: input.flag ? reason : null, updated_at: at });
      // The flag is the coordinators' own business until they refer the case: participants do not see it.
      await writer.event({ caseId: id, at, actorUserId: analyst.userId, orgId: row.owner_org_id, kind: 'ai_enabled_crime', detail: { flag: input.flag, reason } });
    });
    return this.get(analyst, id);
  }

  async #addVendorsOrParticipant(row: CaseRow, analyst: Principal, added: readonly { orgId: string; role: string; matches: readonly VendorMatch[]; offered: boolean }[]): Promise<void> {
    const at = this.#support.now().toISOString();
    const notifyNow = NOTIFIED_STATES.includes(this.#support.stateOf(row));
    const exploitation = notifyNow && added.some((a) => a.role === 'vendor') ? await this.#support.exploitation(row) : undefined;
    await this.#support.cases.transaction(async (writer: CaseWriter) => {
      if (!(await writer.updateCase(row.id, { updated_at: at }, row.state))) throw new ServiceError('conflict', `case ${row.id} changed meanwhile; read it again`, '/');
      for (const a of added) {
        await writer.addParticipant({
          case_id: row.id,
          org_id: a.orgId,
          role: a.role,
          status: a.role === 'vendor' ? INITIAL_VENDOR_STATUS : null,
          statement: null,
          affected_versions: null,
          fixed_versions: null,
          matched: a.matches.length > 0 ? JSON.stringify(a.matches) : null,
          notified_at: null,
          acknowledgement_due: null,
          acknowledged_at: null,
          added_by: analyst.userId,
          added_at: at,
          updated_at: at,
        });
        // Reporters and coordinators read the case from the start; vendors once they are told.
        if (a.role !== 'vendor' && a.orgId !== row.owner_org_id) await writer.shareCase(row.id, a.orgId);
        await writer.event({ caseId: row.id, at, actorUserId: analyst.userId, orgId: null, kind: 'participant_added', detail: { orgId: a.orgId, role: a.role, offered: a.offered } });
      }
      if (exploitation) {
        await notifyVendors(writer, { row, vendors: added.filter((a) => a.role === 'vendor').map((a) => ({ org_id: a.orgId })), exploitation, at, actorUserId: analyst.userId });
      }
    });
  }
}

function requireReason(text: string | undefined): string {
  const reason = (text ?? '').trim();
  if (reason === '') throw new ServiceError('invalid', 'give the reason', '/reason');
  if (reason.length > MAX_REASON_LENGTH) throw new ServiceError('invalid', `a reason may hold at most ${MAX_REASON_LENGTH} characters; this one has ${reason.length}`, '/reason');
  return reason;
}

function acknowledgementsOf(participants: readonly ParticipantWithOrg[], zone: string): VendorAcknowledgement[] {
  return participants.flatMap((p) =>
    p.role === 'vendor' && p.acknowledgement_due !== null
      ? [{ vendorOrgId: p.org_id, vendorName: p.org_name, due: p.acknowledgement_due, dueLocal: localOf(p.acknowledgement_due, zone)!, acknowledgedAt: p.acknowledged_at, acknowledgedAtLocal: localOf(p.acknowledged_at, zone) }]
      : [],
  );
}

export function caseSummary(row: CaseRow, zone: string): CaseSummary {
  return {
    id: row.id,
    clusterId: row.cluster_id,
    title: row.title,
    state: row.state,
    tlp: row.tlp,
    cveId: row.cve_id,
    exploited: row.exploited === 1,
    openedAt: row.opened_at,
    openedAtLocal: localOf(row.opened_at, zone)!,
    updatedAt: row.updated_at,
    updatedAtLocal: localOf(row.updated_at, zone)!,
    embargoUntil: row.embargo_until,
    embargoUntilLocal: localOf(row.embargo_until, zone),
  };
}
