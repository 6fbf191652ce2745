import type { Principal } from '../../domain/access/access-policy.js';
import { nextStates, type CaseState } from '../../domain/coordination/case-state.js';
import type { VendorMatch } from '../../domain/coordination/vendor-match.js';
import { formatInZone } from '../../domain/coordination/zoned-date.js';
import { readReportPurl, withoutVersion } from '../../domain/intake/report-purl.js';
import type { CaseAttachmentWithSize, CaseEventRow, CaseRow, ParticipantWithOrg } from '../../store/case-repository.js';
import type { CaseSupport, VendorOfferView } from './case-support.js';

/** An instant as ISO 8601, and as the caller reads it in their zone. */
export function localOf(iso: string | null, zone: string): string | null {
  return iso === null ? null : formatInZone(new Date(iso), zone);
}

export interface AttachmentView {
  readonly sha256: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  readonly attachedAt: string;
}

/** A vendor's part in a case: its answer and its dates. Shown to the vendor itself and to coordinators. */
export interface VendorAnswerView {
  /** 'not_assessed' until the vendor answers, never to be read as 'not_affected'. */
  readonly status: string;
  readonly statement: string | null;
  readonly affectedVersions: string[];
  readonly fixedVersions: string[];
  readonly advisory: AttachmentView | null;
  readonly notifiedAt: string | null;
  readonly notifiedAtLocal: string | null;
  readonly acknowledgementDue: string | null;
  readonly acknowledgementDueLocal: string | null;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedAtLocal: string | null;
  /** The registered products that matched, when the vendor came from an offer or matches one. */
  readonly matched: VendorMatch[];
}

export interface ParticipantView {
  readonly orgId: string;
  readonly orgName: string;
  readonly role: string;
  readonly addedAt: string;
  readonly addedAtLocal: string;
  /** Present for a vendor, when the caller may see its answer. */
  readonly vendor?: VendorAnswerView;
}

export interface CaseEventView {
  readonly id: number;
  readonly at: string;
  readonly atLocal: string;
  readonly actorUserId: string | null;
  readonly orgId: string | null;
  readonly kind: string;
  readonly detail: unknown;
}

/** What publication (OSV, CVE, CSAF) will need of a case, from its cluster and its vendors' answers. */
export interface PublicationView {
  readonly cveId: string | null;
  readonly title: string;
  readonly description: string;
  readonly cwes: string[];
  readonly cvssVectors: string[];
  readonly affected: {
    /** The package, without version. */
    readonly purl: string;
    /** Versions as the reports gave them. */
    readonly reportedVersions: string[];
    /** Each vendor participant whose registered products name it, with its answer. */
    readonly vendors: { readonly orgId: string; readonly orgName: string; readonly status: string; readonly affectedVersions: string[]; readonly fixedVersions: string[] }[];
  }[];
}

export interface CaseView {
  readonly id: string;
  readonly clusterId: string;
  readonly title: string;
  readonly state: CaseState;
  /** The states a coordinator may try next (each with its own rule); empty for other readers. */
  readonly nextStates: CaseState[];
  readonly tlp: string;
  readonly duplicateOf: string | null;
  readonly exploited: boolean;
  readonly exploitedReason: string | null;
  /** Coordinators only: null for other readers. */
  readonly aiEnabledCrime: { readonly flag: boolean; readonly reason: string | null } | null;
  /** The zone of the `…Local` fields: the caller's, or UTC when they have set none. */
  readonly timeZone: string;
  readonly openedAt: string;
  readonly openedAtLocal: string;
  readonly updatedAt: string;
  readonly updatedAtLocal: string;
  readonly vendorNotifiedAt: string | null;
  readonly vendorNotifiedAtLocal: string | null;
  readonly embargoUntil: string | null;
  readonly embargoUntilLocal: string | null;
  readonly publishedAt: string | null;
  readonly publishedAtLocal: string | null;
  readonly cve: { readonly id: string; readonly state: string; readonly assignedBy: string } | null;
  readonly participants: ParticipantView[];
  /** Coordinators only: vendors whose registered purls match, to add with one call. */
  readonly offers: VendorOfferView[];
  /** Coordinators only. */
  readonly publication: PublicationView | null;
  /** The history the caller may read, oldest first. */
  readonly history: CaseEventView[];
}

/** The name the clearinghouse's own CNA appears as, for ids of its block. */
const OWN_CNA = 'the clearinghouse (CNA block)';

/** The case as `principal` may see it. */
export async function caseView(support: CaseSupport, principal: Principal, row: CaseRow): Promise<CaseView> {
  const [zone, participants, attachments, cveRow] = await Promise.all([
    support.zoneOf(principal),
    support.cases.participants(row.id),
    support.cases.attachments(row.id),
    support.cveIds.ofCase(row.id),
  ]);
  const whole = support.seesWholeCase(principal, row, participants);
  const [events, offers, publication] = await Promise.all([
    support.cases.events(row.id, whole ? { all: true } : { orgId: principal.orgId }),
    whole ? support.offers(row, participants) : Promise.resolve([]),
    whole ? publicationOf(support, row, participants) : Promise.resolve(null),
  ]);
  const local = (iso: string | null) => localOf(iso, zone);
  const state = support.stateOf(row);
  return {
    id: row.id,
    clusterId: row.cluster_id,
    title: row.title,
    state,
    nextStates: whole ? [...nextStates(state)] : [],
    tlp: row.tlp,
    duplicateOf: row.duplicate_of,
    exploited: row.exploited === 1,
    exploitedReason: row.exploited_reason,
    aiEnabledCrime: whole ? { flag: row.ai_enabled_crime === 1, reason: row.ai_enabled_crime_reason } : null,
    timeZone: zone,
    openedAt: row.opened_at,
    openedAtLocal: local(row.opened_at)!,
    updatedAt: row.updated_at,
    updatedAtLocal: local(row.updated_at)!,
    vendorNotifiedAt: row.vendor_notified_at,
    vendorNotifiedAtLocal: local(row.vendor_notified_at),
    embargoUntil: row.embargo_until,
    embargoUntilLocal: local(row.embargo_until),
    publishedAt: row.published_at,
    publishedAtLocal: local(row.published_at),
    cve: row.cve_id === null ? null : { id: row.cve_id, state: cveRow?.state ?? 'assigned_elsewhere', assignedBy: row.cve_assigned_by ?? OWN_CNA },
    participants: participants.map((p) => participantView(p, attachments, zone, whole || p.org_id === principal.orgId)),
    offers,
    publication,
    history: events.map((e) => eventView(e, zone)),
  };
}

function participantView(p: ParticipantWithOrg, attachments: readonly CaseAttachmentWithSize[], zone: string, showAnswer: boolean): ParticipantView {
  const base = { orgId: p.org_id, orgName: p.org_name, role: p.role, addedAt: p.added_at, addedAtLocal: localOf(p.added_at, zone)! };
  if (p.role !== 'vendor' || !showAnswer) return base;
  const advisory = attachments.filter((a) => a.org_id === p.org_id && a.kind === 'advisory').at(-1);
  return {
    ...base,
    vendor: {
      status: p.status ?? 'not_assessed',
      statement: p.statement,
      affectedVersions: jsonList(p.affected_versions),
      fixedVersions: jsonList(p.fixed_versions),
      advisory: advisory === undefined ? null : { sha256: advisory.sha256, name: advisory.name, mediaType: advisory.media_type, size: Number(advisory.size), attachedAt: advisory.attached_at },
      notifiedAt: p.notified_at,
      notifiedAtLocal: localOf(p.notified_at, zone),
      acknowledgementDue: p.acknowledgement_due,
      acknowledgementDueLocal: localOf(p.acknowledgement_due, zone),
      acknowledgedAt: p.acknowledged_at,
      acknowledgedAtLocal: localOf(p.acknowledged_at, zone),
      matched: p.matched === null ? [] : (JSON.parse(p.matched) as VendorMatch[]),
    },
  };
}

export function eventView(e: CaseEventRow, zone: string): CaseEventView {
  return { id: Number(e.id), at: e.at, atLocal: localOf(e.at, zone)!, actorUserId: e.actor_user_id, orgId: e.org_id, kind: e.kind, detail: JSON.parse(e.detail) as unknown };
}

export function jsonList(text: string | null): string[] {
  return text === null ? [] : (JSON.parse(text) as string[]);
}

/**
 * Publication's inputs: title, description, CWEs and CVSS vectors of the cluster's canonical
 * finding; each affected package (purl without version) of the cluster's findings with the
 * versions reported and, for every vendor participant whose registrations name it, that
 * vendor's answer and fixed versions.
 */
async function publicationOf(support: CaseSupport, row: CaseRow, participants: readonly ParticipantWithOrg[]): Promise<PublicationView> {
  const cluster = await support.currentCluster(row.cluster_id);
  const findings = await support.clusterFindings(row.cluster_id);
  const canonical = findings.find((f) => f.row.id === cluster.canonical_finding_id)?.finding ?? findings[0]?.finding;
  const vendors = participants.filter((p) => p.role === 'vendor');
  const affectedPurls = support.affectedPurls(findings);
  const registrations = await Promise.all(vendors.map(async (v) => ({ vendor: v, matches: await support.matchesOf(v.org_id, affectedPurls) })));
  const packages = new Map<string, { versions: Set<string>; given: Set<string> }>();
  for (const { finding } of findings) {
    for (const affected of finding.affected) {
      if (affected.purl === undefined) continue;
      const read = readReportPurl(affected.purl, { registeredTypeOnly: false });
      const purl = read.ok ? withoutVersion(read.purl).purl : affected.purl;
      const entry = packages.get(purl) ?? { versions: new Set<string>(), given: new Set<string>() };
      for (const version of affected.versions) entry.versions.add(version);
      entry.given.add(affected.purl);
      packages.set(purl, entry);
    }
  }
  return {
    cveId: row.cve_id,
    title: canonical?.title ?? row.title,
    description: canonical?.description ?? '',
    cwes: [...(canonical?.cwes ?? [])],
    cvssVectors: [...(canonical?.cvssVectors ?? [])],
    affected: [...packages].map(([purl, entry]) => ({
      purl,
      reportedVersions: [...entry.versions],
      vendors: registrations
        .filter(({ matches }) => matches.some((m) => entry.given.has(m.affectedPurl)))
        .map(({ vendor }) => ({
          orgId: vendor.org_id,
          orgName: vendor.org_name,
          status: vendor.status ?? 'not_assessed',
          affectedVersions: jsonList(vendor.affected_versions),
          fixedVersions: jsonList(vendor.fixed_versions),
        })),
    })),
  };
}
