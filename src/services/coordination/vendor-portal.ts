import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../../domain/access/access-policy.js';
import { changeVendorStatus, isVendorStatus, VENDOR_STATUSES } from '../../domain/coordination/participant-status.js';
import { parseRegistration, type ProductRegistration } from '../../domain/coordination/vendor-match.js';
import type { CaseRow, ParticipantWithOrg } from '../../store/case-repository.js';
import { registrationKey, registrationOf, type VendorProductRow } from '../../store/vendor-product-repository.js';
import { MAX_ATTACHMENT_BYTES } from '../intake/intake-service.js';
import { ServiceError } from '../service-error.js';
import { FINAL_STATES, type CaseSupport } from './case-support.js';
import { caseSummary, type CaseListPage, type CaseSummary } from './case-service.js';
import { caseView, jsonList, localOf, type CaseView } from './case-view.js';

/** A case in the vendor portal: the case, and the vendor's own part in it. */
export interface VendorCaseSummary extends CaseSummary {
  readonly status: string;
  readonly acknowledgementDue: string | null;
  readonly acknowledgementDueLocal: string | null;
  readonly acknowledgedAt: string | null;
  readonly fixedVersions: string[];
}

/** A vendor's answer on a case, as its PUT carries it: it replaces the previous answer whole. */
export interface VendorAnswer {
  readonly status: string;
  readonly statement?: string | undefined;
  readonly affectedVersions?: readonly string[] | undefined;
  readonly fixedVersions?: readonly string[] | undefined;
}

export interface ProductView {
  readonly id: string;
  readonly registration: ProductRegistration;
  readonly createdAt: string;
}

/** The most versions one list holds, and the longest version string. */
const MAX_VERSIONS = 200;
const MAX_VERSION_LENGTH = 200;

/**
 * The vendor's side: the cases its organization takes part in as a vendor (readable once it
 * was notified), its acknowledgement, its answer (status, statement, affected and fixed
 * versions), its advisory; and the packages it registers so that cases naming them are
 * offered to it. Acting for a vendor takes a member of that organization.
 */
export class VendorPortal {
  readonly #support: CaseSupport;

  constructor(support: CaseSupport) {
    this.#support = support;
  }

  /** The cases the caller's organization is a vendor on, that it may read. */
  async cases(principal: Principal | undefined, page: CaseListPage): Promise<{ items: VendorCaseSummary[]; total: number }> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    const zone = await this.#support.zoneOf(principal);
    const found = await this.#support.cases.list(this.#support.access.listFilter('cases', principal), { ...page, vendorOrgId: principal.orgId });
    const mine = new Map(
      (await this.#support.cases.participantsOfCases(found.items.map((c) => c.id))).filter((p) => p.org_id === principal.orgId && p.role === 'vendor').map((p) => [p.case_id, p]),
    );
    return {
      total: found.total,
      items: found.items.map((row) => {
        const part = mine.get(row.id);
        return {
          ...caseSummary(row, zone),
          status: part?.status ?? 'not_assessed',
          acknowledgementDue: part?.acknowledgement_due ?? null,
          acknowledgementDueLocal: localOf(part?.acknowledgement_due ?? null, zone),
          acknowledgedAt: part?.acknowledged_at ?? null,
          fixedVersions: jsonList(part?.fixed_versions ?? null),
        };
      }),
    };
  }

  /**
   * The caller's organization acknowledges the notification. The first acknowledgement moves
   * a 'vendor_notified' case to 'acknowledged', as nothing else is needed for that state.
   * Acknowledging again changes nothing.
   */
  async acknowledge(principal: Principal | undefined, caseId: string): Promise<CaseView> {
    const { row, vendor, member } = await this.#vendorOnCase(principal, caseId, principal?.orgId ?? '');
    if (vendor.acknowledged_at !== null) return caseView(this.#support, member, row);
    if (vendor.notified_at === null) throw new ServiceError('conflict', `your organization has not been notified of case ${caseId} yet`, '/');
    const at = this.#support.now().toISOString();
    await this.#support.cases.transaction(async (writer) => {
      await writer.updateParticipant({ caseId, orgId: vendor.org_id, role: 'vendor' }, { acknowledged_at: at, updated_at: at });
      await writer.event({ caseId, at, actorUserId: member.userId, orgId: vendor.org_id, kind: 'acknowledged', detail: { orgId: vendor.org_id, due: vendor.acknowledgement_due, late: vendor.acknowledgement_due !== null && at > vendor.acknowledgement_due } });
      if (row.state === 'vendor_notified' && (await writer.updateCase(caseId, { state: 'acknowledged', updated_at: at }, 'vendor_notified'))) {
        await writer.event({ caseId, at, actorUserId: member.userId, orgId: null, kind: 'state_changed', detail: { from: 'vendor_notified', to: 'acknowledged', automatic: true } });
      } else {
        await writer.updateCase(caseId, { updated_at: at });
      }
    });
    return caseView(this.#support, member, (await this.#support.cases.case(caseId))!);
  }

  /** Records the vendor's answer. 'not_assessed' (no answer yet) is never taken for 'not_affected'. */
  async answer(principal: Principal | undefined, caseId: string, orgId: string, input: VendorAnswer): Promise<CaseView> {
    const { vendor, member } = await this.#vendorOnCase(principal, caseId, orgId);
    const status = input.status;
    if (!isVendorStatus(status)) throw new ServiceError('invalid', `"${status}" is not a vendor status; expected one of ${VENDOR_STATUSES.join(', ')}`, '/status');
    const affectedVersions = versionList(input.affectedVersions, '/affectedVersions');
    const fixedVersions = versionList(input.fixedVersions, '/fixedVersions');
    if (status === 'not_affected' && (affectedVersions.length > 0 || fixedVersions.length > 0)) {
      throw new ServiceError('invalid', "a vendor that is 'not_affected' names no affected or fixed versions", affectedVersions.length > 0 ? '/affectedVersions' : '/fixedVersions');
    }
    const current = isVendorStatus(vendor.status) ? vendor.status : 'not_assessed';
    const versionsChanged = JSON.stringify(affectedVersions) !== JSON.stringify(jsonList(vendor.affected_versions)) || JSON.stringify(fixedVersions) !== JSON.stringify(jsonList(vendor.fixed_versions));
    // Adding the fixed versions to an 'affected' answer is a change too, without a new statement.
    const checked = status === current && !input.statement?.trim() && versionsChanged ? { ok: true as const, change: { status: current } } : changeVendorStatus(current, { status, statement: input.statement });
    if (!checked.ok) throw new ServiceError('invalid', checked.error.message, `/${checked.error.field}`);
    const statement = 'statement' in checked.change ? checked.change.statement : null;
    const at = this.#support.now().toISOString();
    await this.#support.cases.transaction(async (writer) => {
      await writer.updateParticipant(
        { caseId, orgId, role: 'vendor' },
        { status: checked.change.status, statement, affected_versions: JSON.stringify(affectedVersions), fixed_versions: JSON.stringify(fixedVersions), updated_at: at },
      );
      await writer.updateCase(caseId, { updated_at: at });
      await writer.event({ caseId, at, actorUserId: member.userId, orgId, kind: 'vendor_status', detail: { orgId, from: current, to: checked.change.status, statement, affectedVersions, fixedVersions } });
    });
    return caseView(this.#support, member, (await this.#support.cases.case(caseId))!);
  }

  /** Attaches the vendor's advisory: stored once by SHA-256 with the intake's attachments; the name is shown, never used as a path. */
  async attachAdvisory(principal: Principal | undefined, caseId: string, input: { name: string; mediaType: string; content: Uint8Array }): Promise<CaseView> {
    const { vendor, member } = await this.#vendorOnCase(principal, caseId, principal?.orgId ?? '');
    if (input.content.byteLength === 0) throw new ServiceError('invalid', 'the advisory is empty', '/content');
    if (input.content.byteLength > MAX_ATTACHMENT_BYTES) throw new ServiceError('too_large', `the advisory is ${input.content.byteLength} bytes; the limit is ${MAX_ATTACHMENT_BYTES} bytes`, '/content');
    if (/[\u0000-\u001f\u007f]/.test(input.name)) throw new ServiceError('invalid', 'a file name holds no control characters', '/name');
    const sha256 = createHash('sha256').update(input.content).digest('hex');
    const at = this.#support.now().toISOString();
    await this.#support.cases.transaction(async (writer) => {
      await writer.attach({ case_id: caseId, sha256, org_id: vendor.org_id, kind: 'advisory', name: input.name, media_type: input.mediaType, attached_by: member.userId, attached_at: at }, input.content);
      await writer.updateCase(caseId, { updated_at: at });
      await writer.event({ caseId, at, actorUserId: member.userId, orgId: vendor.org_id, kind: 'advisory_attached', detail: { orgId: vendor.org_id, sha256, name: input.name, mediaType: input.mediaType, size: input.content.byteLength } });
    });
    return caseView(this.#support, member, (await this.#support.cases.case(caseId))!);
  }

  /** An attachment of the case: for the organization that attached it and the coordinators. */
  async attachment(principal: Principal | undefined, caseId: string, sha256: string): Promise<{ name: string; mediaType: string; content: Uint8Array }> {
    const { row, principal: reader } = await this.#support.readable(principal, caseId);
    const participants = await this.#support.cases.participants(caseId);
    const whole = this.#support.seesWholeCase(reader, row, participants);
    const found = (await this.#support.cases.attachments(caseId)).filter((a) => a.sha256 === sha256 && (whole || a.org_id === reader.orgId)).at(-1);
    if (!found) throw new ServiceError('not_found', `no attachment ${sha256} on case ${caseId}`);
    return { name: found.name, mediaType: found.media_type, content: (await this.#support.cases.attachmentContent(sha256))! };
  }

  /** Registers a package (by purl, without version) or a namespace the caller's vendor organization makes. */
  async registerProduct(principal: Principal | undefined, input: { purl: string } | { type: string; namespace: string }): Promise<ProductView> {
    const member = await this.#vendorMember(principal);
    const parsed = parseRegistration({ vendorId: member.orgId, ...input });
    if (!parsed.ok) throw new ServiceError('invalid', parsed.error.message, `/${parsed.error.field}`);
    const { registration } = parsed;
    const row: VendorProductRow = {
      id: randomUUID(),
      org_id: member.orgId,
      kind: registration.kind,
      purl: registration.kind === 'package' ? registration.purl : null,
      type: registration.kind === 'namespace' ? registration.type : null,
      namespace: registration.kind === 'namespace' ? registration.namespace : null,
      registration_key: registrationKey(registration),
      created_by: member.userId,
      created_at: this.#support.now().toISOString(),
    };
    if (!(await this.#support.products.insert(row))) throw new ServiceError('conflict', `your organization already registered ${registrationKey(registration)}`, 'purl' in input ? '/purl' : '/namespace');
    return productView(row);
  }

  async products(principal: Principal | undefined): Promise<ProductView[]> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    return (await this.#support.products.ofOrganization(principal.orgId)).map(productView);
  }

  async deleteProduct(principal: Principal | undefined, id: string): Promise<void> {
    const member = await this.#vendorMember(principal);
    if (!(await this.#support.products.delete(member.orgId, id))) throw new ServiceError('not_found', `no product registration ${id}`);
  }

  /**
   * The vendor participant `orgId` of a case the caller may read, acted for by a member of that
   * organization (member role, write scope). Another reader of the case is refused; a vendor
   * that may not read the case does not learn it exists.
   */
  async #vendorOnCase(principal: Principal | undefined, caseId: string, orgId: string): Promise<{ row: CaseRow; vendor: ParticipantWithOrg; member: Principal }> {
    const { row, principal: reader } = await this.#support.readable(principal, caseId);
    const vendor = (await this.#support.cases.participants(caseId)).find((p) => p.role === 'vendor' && p.org_id === orgId);
    if (!vendor) throw new ServiceError('not_found', `no vendor ${orgId} on case ${caseId}`);
    if (reader.orgId !== orgId) throw new ServiceError('forbidden', `only members of ${vendor.org_name} answer for it`);
    this.#support.access.requireCreate(reader, 'AMBER');
    if (FINAL_STATES.includes(this.#support.stateOf(row))) throw new ServiceError('conflict', `case ${caseId} is '${row.state}': it takes no more answers`, '/');
    return { row, vendor, member: reader };
  }

  /** A member (write scope) of a vendor organization. */
  async #vendorMember(principal: Principal | undefined): Promise<Principal> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    this.#support.access.requireCreate(principal, 'AMBER');
    const [org] = await this.#support.cases.organizations([principal.orgId]);
    if (org?.type !== 'vendor') throw new ServiceError('forbidden', `only vendor organizations register products; ${org?.name ?? 'yours'} is a ${org?.type ?? 'unknown'} organization`);
    return principal;
  }
}

function productView(row: VendorProductRow): ProductView {
  return { id: row.id, registration: registrationOf(row), createdAt: row.created_at };
}

/** Versions as the vendor writes them: trimmed, none blank, no repeats, within limits. */
function versionList(input: readonly string[] | undefined, field: string): string[] {
  const list = input ?? [];
  if (list.length > MAX_VERSIONS) throw new ServiceError('invalid', `at most ${MAX_VERSIONS} versions`, field);
  const versions: string[] = [];
  for (const [index, raw] of list.entries()) {
    const version = raw.trim();
    if (version === '') throw new ServiceError('invalid', 'a version is not blank', `${field}/${index}`);
    if (version.length > MAX_VERSION_LENGTH) throw new ServiceError('invalid', `a version holds at most ${MAX_VERSION_LENGTH} characters`, `${field}/${index}`);
    if (!versions.includes(version)) versions.push(version);
  }
  return versions;
}
