import type { CaseEvent, CaseView } from '../case-api.js';
import { useProfile } from '../session.js';
import { formatInZone } from '../zoned-date.js';
import { stateLabel, vendorStatusLabel } from './case-parts.js';
import { label } from './labels.js';
import { useTimeZone, ZonedTime } from './TimeZone.js';

/** A field of an event's detail, as text when it is one. */
function text(detail: Record<string, unknown>, key: string): string | undefined {
  const value = detail[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** What happened, in words; an event kind this app does not know reads as its name. */
function describe(event: CaseEvent, orgName: (id: string | undefined) => string, when: (iso: string | undefined) => string): string {
  const d = event.detail !== null && typeof event.detail === 'object' ? (event.detail as Record<string, unknown>) : {};
  const org = orgName(text(d, 'orgId'));
  const reason = text(d, 'reason');
  const because = reason ? `: ${reason}` : '';
  switch (event.kind) {
    case 'opened':
      return `Case opened from cluster ${text(d, 'clusterId') ?? ''}`;
    case 'vendors_offered': {
      const offers = Array.isArray(d.offers) ? (d.offers as { orgId?: string }[]) : [];
      return `Vendors offered by their registered products: ${offers.map((o) => orgName(o.orgId)).join(', ')}`;
    }
    case 'participant_added':
      return `${org} added as ${text(d, 'role') ?? 'participant'}${d.offered === true ? ' (offered)' : ''}`;
    case 'offer_dismissed':
      return `Offer to ${org} dismissed${because}`;
    case 'state_changed':
      return `${stateLabel(text(d, 'from') ?? '')} → ${stateLabel(text(d, 'to') ?? '')}${d.automatic === true ? ' (on the first acknowledgement)' : ''}${text(d, 'duplicateOf') ? `, duplicate of ${text(d, 'duplicateOf')}` : ''}${because}`;
    case 'embargo_set': {
      const kev = Array.isArray(d.kevCves) && d.kevCves.length > 0 ? `; in KEV: ${d.kevCves.join(', ')}` : '';
      return `Embargo set to ${when(text(d, 'until'))} (${text(d, 'days') ?? '?'} days${d.exploited === true ? ', exploited' : ''}${kev})`;
    }
    case 'embargo_extended':
      return `Embargo extended from ${when(text(d, 'from'))} to ${when(text(d, 'until'))}${because}`;
    case 'vendor_notified': {
      const deliveries = Number(d.deliveries ?? 0);
      return `${org} notified; acknowledgement due ${when(text(d, 'acknowledgementDue'))}${deliveries === 0 ? ' (no subscription of theirs received it: reach them another way)' : ''}`;
    }
    case 'acknowledged':
      return `${org} acknowledged${d.late === true ? ', after the date' : ''}`;
    case 'vendor_status': {
      const fixed = Array.isArray(d.fixedVersions) && d.fixedVersions.length > 0 ? `; fixed in ${d.fixedVersions.join(', ')}` : '';
      return `${org}: ${vendorStatusLabel(text(d, 'from') ?? '')} → ${vendorStatusLabel(text(d, 'to') ?? '')}${fixed}`;
    }
    case 'advisory_attached':
      return `${org} attached its advisory ${text(d, 'name') ?? ''}`;
    case 'exploited':
      return `Recorded as exploited${because}`;
    case 'ai_enabled_crime':
      return `${d.flag === true ? 'Flagged as AI-enabled crime' : 'AI-enabled crime flag removed'}${because}`;
    case 'message_posted':
      return `A TLP:${text(d, 'tlp') ?? '?'} message was posted`;
    case 'cve_reserved':
      return `${text(d, 'cveId') ?? 'A CVE id'} reserved from the CNA block`;
    case 'cve_assigned':
      return `${text(d, 'cveId') ?? 'The CVE id'} assigned`;
    case 'cve_recorded':
      return `${text(d, 'cveId') ?? 'A CVE id'} recorded, assigned by ${text(d, 'assignedBy') ?? 'another CNA'}`;
    case 'cve_published':
      return `${text(d, 'cveId') ?? 'The CVE id'} published`;
    case 'referral_exported':
      return 'Referral package exported';
    case 'reminder_sent':
      return `Reminder sent: ${label(text(d, 'deadline') ?? 'deadline')}${d.overdue === true ? ' (overdue)' : ''}`;
    default:
      return label(event.kind);
  }
}

/** The case's history the reader may see, oldest first, times in the user's zone. */
export function CaseHistory({ view }: { view: CaseView }) {
  const { user } = useProfile();
  const { zone } = useTimeZone();
  const names = new Map([...view.participants, ...view.offers].map((p) => [p.orgId, p.orgName]));
  const orgName = (id: string | undefined): string => (id === undefined ? 'An organization' : (names.get(id) ?? id));
  const when = (iso: string | undefined): string => (iso === undefined ? '?' : formatInZone(iso, zone));
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ol className="history">
        {view.history.map((e) => (
          <li key={e.id} data-kind={e.kind}>
            <ZonedTime value={e.at} /> {describe(e, orgName, when)}
            {e.actorUserId === user.id && <span className="muted"> (you)</span>}
            {e.actorUserId === null && <span className="muted"> (automatic)</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
