import type { Marking, Principal } from '../../domain/access/access-policy.js';
import { isCaseState, type CaseState } from '../../domain/coordination/case-state.js';
import { vendorsToOffer, type ProductRegistration, type VendorMatch } from '../../domain/coordination/vendor-match.js';
import type { Finding } from '../../domain/intake/report-draft.js';
import { CaseRepository, type CaseRow, type ParticipantWithOrg } from '../../store/case-repository.js';
import { CveIdRepository } from '../../store/cve-id-repository.js';
import type { Store } from '../../store/database.js';
import { IntakeRepository, type ClusterRow, type FindingRow } from '../../store/intake-repository.js';
import type { KevRepository } from '../../store/kev-repository.js';
import { TimeZoneRepository } from '../../store/time-zone-repository.js';
import { VendorProductRepository, registrationOf } from '../../store/vendor-product-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import { ServiceError } from '../service-error.js';

/** A vendor whose registered products match the case, not yet a participant. */
export interface VendorOfferView {
  readonly orgId: string;
  readonly orgName: string;
  readonly matches: VendorMatch[];
}

/** The states in which vendors have been told and the case is still worked: a vendor added now is told at once, and dates are reminded of. */
export const NOTIFIED_STATES: readonly CaseState[] = ['vendor_notified', 'acknowledged', 'fix_in_progress', 'fixed'];

/** States in which a case takes no more participants, dates or answers. */
export const FINAL_STATES: readonly CaseState[] = ['published', 'closed_invalid', 'closed_duplicate', 'closed_wont_fix'];

/** The repositories and checks every coordination service shares. */
export class CaseSupport {
  readonly cases: CaseRepository;
  readonly intake: IntakeRepository;
  readonly products: VendorProductRepository;
  readonly cveIds: CveIdRepository;
  readonly timeZones: TimeZoneRepository;
  readonly kev: KevRepository;
  readonly access: AccessLayer;
  readonly now: () => Date;

  constructor(deps: { store: Store; access: AccessLayer; kev: KevRepository; now?: () => Date }) {
    this.cases = new CaseRepository(deps.store);
    this.intake = new IntakeRepository(deps.store);
    this.products = new VendorProductRepository(deps.store);
    this.cveIds = new CveIdRepository(deps.store);
    this.timeZones = new TimeZoneRepository(deps.store);
    this.kev = deps.kev;
    this.access = deps.access;
    this.now = deps.now ?? (() => new Date());
  }

  /** A case the principal may read (through the access layer: not found otherwise), with its marking. */
  async readable(principal: Principal | undefined, id: string): Promise<{ row: CaseRow; marking: Marking; principal: Principal }> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    const marking = await this.access.require(principal, 'read', 'cases', id);
    return { row: (await this.cases.case(id))!, marking, principal };
  }

  /** A case one of the clearinghouse's analysts changes: coordinators only, and a case they may read. */
  async coordinated(principal: Principal | undefined, id: string): Promise<{ row: CaseRow; analyst: Principal }> {
    const analyst = await this.access.requireCoordinator(principal, 'write');
    const { row } = await this.readable(analyst, id);
    return { row, analyst };
  }

  /** The case's state, read as a CaseState. */
  stateOf(row: CaseRow): CaseState {
    if (!isCaseState(row.state)) throw new Error(`case ${row.id} has an unknown state "${row.state}"`);
    return row.state;
  }

  /** Refuses a change to a case that is published or closed. */
  requireOpen(row: CaseRow, field: string): void {
    const state = this.stateOf(row);
    if (FINAL_STATES.includes(state)) throw new ServiceError('conflict', `case ${row.id} is '${state}': reopen it first (closed cases reopen to 'triage'; a published one is final)`, field);
  }

  /** The zone dates are shown to the principal in: theirs, or UTC. */
  async zoneOf(principal: Principal): Promise<string> {
    return (await this.timeZones.zoneOf(principal.userId)) ?? 'UTC';
  }

  /**
   * Whether the principal sees the whole case (every vendor's answer, the offers, the
   * coordinators' history): the staff of the organization that coordinates it, or of a
   * coordinator participant. Other participants see their own part and what concerns everyone.
   */
  seesWholeCase(principal: Principal, row: CaseRow, participants: readonly ParticipantWithOrg[]): boolean {
    return principal.orgId === row.owner_org_id || participants.some((p) => p.role === 'coordinator' && p.org_id === principal.orgId);
  }

  /**
   * The cluster that now holds the case's findings: its own, or the one an analyst merged it
   * into after the case was opened (a merge points every earlier cluster at the last one).
   */
  async currentCluster(clusterId: string): Promise<ClusterRow> {
    const cluster = (await this.intake.cluster(clusterId))!;
    return cluster.merged_into === null ? cluster : ((await this.intake.cluster(cluster.merged_into)) ?? cluster);
  }

  /** The findings of the case's cluster, each with its finding as read. */
  async clusterFindings(clusterId: string): Promise<{ row: FindingRow; finding: Finding }[]> {
    const cluster = await this.currentCluster(clusterId);
    return (await this.intake.findingsOfCluster(cluster.id)).map((row) => ({ row, finding: JSON.parse(row.body) as Finding }));
  }

  /** Every purl the cluster's findings name as affected, first seen first. */
  affectedPurls(findings: readonly { finding: Finding }[]): string[] {
    return [...new Set(findings.flatMap(({ finding }) => finding.affected.flatMap((a) => (a.purl === undefined ? [] : [a.purl]))))];
  }

  /**
   * Vendors to offer: those whose registrations match an affected purl of the cluster, less
   * those already taking part as vendors and those a coordinator dismissed. Computed when
   * asked, so a vendor that registers after the case was opened is offered too.
   */
  async offers(row: CaseRow, participants: readonly ParticipantWithOrg[]): Promise<VendorOfferView[]> {
    const dismissed = await this.cases.dismissedOffers(row.id);
    return this.offersForCluster(row.cluster_id, new Set([...participants.filter((p) => p.role === 'vendor').map((p) => p.org_id), ...dismissed.map((d) => d.org_id)]));
  }

  /** The vendors a cluster's affected purls match, less `excluded`. */
  async offersForCluster(clusterId: string, excluded: ReadonlySet<string>): Promise<VendorOfferView[]> {
    const [registrations, findings] = await Promise.all([this.products.all(), this.clusterFindings(clusterId)]);
    const { offers } = vendorsToOffer(registrations.map(registrationOf), this.affectedPurls(findings));
    const open = offers.filter((o) => !excluded.has(o.vendorId));
    const names = new Map((await this.cases.organizations(open.map((o) => o.vendorId))).map((o) => [o.id, o.name]));
    return open.map((o) => ({ orgId: o.vendorId, orgName: names.get(o.vendorId) ?? o.vendorId, matches: [...o.matches] }));
  }

  /** The registrations of one vendor matching the cluster's affected purls (for a vendor added by hand). */
  async matchesOf(orgId: string, affectedPurls: readonly string[]): Promise<readonly VendorMatch[]> {
    const registrations: ProductRegistration[] = (await this.products.ofOrganization(orgId)).map(registrationOf);
    const { offers } = vendorsToOffer(registrations, affectedPurls);
    return offers[0]?.matches ?? [];
  }

  /**
   * Whether the embargo is the exploited one: flagged by a coordinator, or the case's CVE or
   * any CVE the cluster's findings name is in CISA's KEV catalog.
   */
  async exploitation(row: CaseRow): Promise<{ exploited: boolean; kevCves: string[] }> {
    const identifiers = (await this.clusterFindings(row.cluster_id)).flatMap(({ finding }) => finding.identifiers);
    const cves = [...new Set([...(row.cve_id === null ? [] : [row.cve_id]), ...identifiers.map((id) => id.trim().toUpperCase())])].filter((id) => id.startsWith('CVE-'));
    const kevCves = (await this.kev.forCves(cves)).map((entry) => entry.cve_id).sort();
    return { exploited: row.exploited === 1 || kevCves.length > 0, kevCves };
  }
}
