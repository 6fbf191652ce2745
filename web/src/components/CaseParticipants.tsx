import { useState, type FormEvent } from 'react';
import { acknowledgementOverdue, addParticipant, attachmentUrl, confirmOffers, dismissOffer, PARTICIPANT_ROLES, type CaseView, type Participant, type VendorMatch } from '../case-api.js';
import { FormProblem, type CaseActions } from './case-actions.js';
import { OverdueBadge, VendorStatusBadge } from './case-parts.js';
import { VersionList } from './common.js';
import { errorsByControl, Field } from './Field.js';
import { label } from './labels.js';
import { ZonedTime } from './TimeZone.js';


function matchText(match: VendorMatch): string {
  const r = match.registration;
  const registered = r.kind === 'package' ? r.purl : `${r.type ?? ''}/${r.namespace ?? ''} (namespace)`;
  return `${match.affectedPurl} matches ${registered ?? ''}`;
}

/** Who takes part, and each vendor's answer as far as the reader may see it. */
export function CaseParticipants({ view }: { view: CaseView }) {
  const now = new Date();
  return (
    <section aria-labelledby="participants-heading">
      <h2 id="participants-heading">Participants</h2>
      <div className="table-scroll">
        <table className="participants">
          <caption className="visually-hidden">Participants and their answers</caption>
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Affected</th>
              <th scope="col">Fixed</th>
              <th scope="col">Notified</th>
              <th scope="col">Acknowledgement</th>
            </tr>
          </thead>
          <tbody>
            {view.participants.map((p) => (
              <ParticipantRow key={`${p.orgId} ${p.role}`} caseId={view.id} participant={p} now={now} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ParticipantRow({ caseId, participant: p, now }: { caseId: string; participant: Participant; now: Date }) {
  const v = p.vendor;
  if (!v) {
    return (
      <tr data-org={p.orgId}>
        <th scope="row">{p.orgName}</th>
        <td>{label(p.role)}</td>
        <td colSpan={5} className="muted">
          {p.role === 'vendor' ? "The vendor's answer is for the coordinators." : '—'}
        </td>
      </tr>
    );
  }
  return (
    <tr data-org={p.orgId} className="vendor-row">
      <th scope="row">
        {p.orgName}
        {v.matched.length > 0 && (
          <ul className="plain matches hint">
            {v.matched.map((m) => (
              <li key={matchText(m)}>{matchText(m)}</li>
            ))}
          </ul>
        )}
      </th>
      <td>{label(p.role)}</td>
      <td className="vendor-status">
        <VendorStatusBadge status={v.status} />
        {v.statement && <p className="statement">{v.statement}</p>}
        {v.advisory && (
          <p>
            Advisory: <a href={attachmentUrl(caseId, v.advisory.sha256)}>{v.advisory.name}</a>
          </p>
        )}
      </td>
      <td>{v.status === 'not_assessed' ? <span className="muted">—</span> : <VersionList versions={v.affectedVersions} />}</td>
      <td>{v.status === 'not_assessed' ? <span className="muted">—</span> : <VersionList versions={v.fixedVersions} />}</td>
      <td>{v.notifiedAt ? <ZonedTime value={v.notifiedAt} /> : <span className="muted">Not yet</span>}</td>
      <td>
        {v.acknowledgedAt ? (
          <>
            Acknowledged <ZonedTime value={v.acknowledgedAt} />
          </>
        ) : v.acknowledgementDue ? (
          <>
            Due <ZonedTime value={v.acknowledgementDue} />
            {acknowledgementOverdue(v, now) && <OverdueBadge label="Overdue" />}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}

/** The vendors whose registered products match the case: a coordinator confirms them, or dismisses one with the reason. */
export function CaseOffers({ view, actions }: { view: CaseView; actions: CaseActions }) {
  if (view.offers.length === 0) return null;
  return (
    <section aria-labelledby="offers-heading">
      <h2 id="offers-heading">Vendors to confirm</h2>
      <p className="hint">Their registered products match the case. A vendor confirmed now is told when the case moves to vendor notified.</p>
      <ul className="plain offers">
        {view.offers.map((o) => (
          <OfferItem key={o.orgId} caseId={view.id} offer={o} actions={actions} />
        ))}
      </ul>
      {view.offers.length > 1 && (
        <button type="button" disabled={actions.busy} onClick={() => void actions.run('offers', () => confirmOffers(view.id), `Confirmed ${view.offers.length} vendors.`)}>
          Confirm all {view.offers.length}
        </button>
      )}
      <FormProblem problem={actions.problemAt('offers')} controls={{}} />
    </section>
  );
}

function OfferItem({ caseId, offer, actions }: { caseId: string; offer: CaseView['offers'][number]; actions: CaseActions }) {
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const at = `offer-${offer.orgId}`;
  const controls = { '/reason': 'reason' };
  const { byControl } = errorsByControl(actions.problemAt(at), controls);
  const dismiss = (event: FormEvent): void => {
    event.preventDefault();
    void actions.run(at, () => dismissOffer(caseId, offer.orgId, reason), `Dismissed ${offer.orgName}.`).then((made) => made && setDismissing(false));
  };
  return (
    <li className="offer" data-org={offer.orgId}>
      <strong>{offer.orgName}</strong>
      <ul className="plain hint">
        {offer.matches.map((m) => (
          <li key={matchText(m)}>{matchText(m)}</li>
        ))}
      </ul>
      <div className="buttons">
        <button type="button" disabled={actions.busy} aria-label={`Confirm ${offer.orgName}`} onClick={() => void actions.run(at, () => confirmOffers(caseId, [offer.orgId]), `Confirmed ${offer.orgName} as a vendor.`)}>
          Confirm
        </button>{' '}
        {!dismissing && (
          <button type="button" className="secondary" aria-label={`Dismiss ${offer.orgName}…`} onClick={() => setDismissing(true)}>
            Dismiss…
          </button>
        )}
      </div>
      {dismissing && (
        <form className="panel narrow" aria-label={`Dismiss ${offer.orgName}`} onSubmit={dismiss}>
          <Field id={`${at}-reason`} label="Reason" hint="Why this vendor is not told; recorded in the history." errors={byControl.reason}>
            {(control) => <input {...control} name="reason" autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <div className="buttons">
            <button type="submit" disabled={actions.busy}>
              Dismiss {offer.orgName}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setDismissing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <FormProblem problem={actions.problemAt(at)} controls={controls} />
    </li>
  );
}

/**
 * Adds a participant by its organization's id (the API has no list of organizations to pick
 * from). A vendor added once vendors were told is told at once.
 */
export function AddParticipantForm({ caseId, actions }: { caseId: string; actions: CaseActions }) {
  const [orgId, setOrgId] = useState('');
  const [role, setRole] = useState('vendor');
  const at = 'participant';
  const controls = { '/orgId': 'org', '/role': 'role' };
  const { byControl } = errorsByControl(actions.problemAt(at), controls);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void actions.run(at, () => addParticipant(caseId, { orgId: orgId.trim(), role }), `Added the ${role}.`).then((made) => made && setOrgId(''));
  };
  return (
    <form className="panel add-participant" aria-label="Add a participant" onSubmit={submit}>
      <div className="fields">
        <Field id="participant-org" label="Organization id" hint="The id of the organization, as its administrators see it." errors={byControl.org}>
          {(control) => <input {...control} name="orgId" autoComplete="off" spellCheck={false} value={orgId} onChange={(e) => setOrgId(e.target.value)} />}
        </Field>
        <Field id="participant-role" label="Role" errors={byControl.role}>
          {(control) => (
            <select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value)}>
              {PARTICIPANT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {label(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <button type="submit" disabled={actions.busy || orgId.trim() === ''}>
        Add participant
      </button>
      <FormProblem problem={actions.problemAt(at)} controls={controls} />
    </form>
  );
}
