import { useState, type FormEvent } from 'react';
import { assignCveId, changeState, extendEmbargo, flagAiEnabledCrime, flagExploited, recordCveId, referralUrl, reserveCveId, type CaseView } from '../case-api.js';
import { instantOf, wallTimeOf } from '../zoned-date.js';
import { FormProblem, type CaseActions } from './case-actions.js';
import { moveLabel, stateLabel } from './case-parts.js';
import { errorsByControl, Field } from './Field.js';
import { useTimeZone } from './TimeZone.js';

/**
 * The states a coordinator may try next, one button each. The server checks each move's rule
 * (a vendor to notify, an acknowledgement, the duplicated case) and its refusal is shown as it
 * words it. States describe coordination only: none approves or blocks a release.
 */
export function StateActions({ view, actions }: { view: CaseView; actions: CaseActions }) {
  const [reason, setReason] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const at = 'state';
  const controls = { '/reason': 'reason', '/duplicateOf': 'duplicate' };
  const { byControl } = errorsByControl(actions.problemAt(at), controls);
  if (view.nextStates.length === 0) return null;
  const move = (state: string): void => {
    const change = { state, ...(reason.trim() ? { reason: reason.trim() } : {}), ...(state === 'closed_duplicate' && duplicateOf.trim() ? { duplicateOf: duplicateOf.trim() } : {}) };
    void actions.run(at, () => changeState(view.id, change), `The case is now ${stateLabel(state).toLowerCase()}.`).then((made) => {
      if (!made) return;
      setReason('');
      setDuplicateOf('');
    });
  };
  return (
    <form className="panel state-actions" aria-label="Move the case" onSubmit={(e) => e.preventDefault()}>
      <div className="fields">
        <Field id="state-reason" label={<>Reason <span className="optional">(optional, kept in the history)</span></>} errors={byControl.reason}>
          {(control) => <input {...control} name="reason" autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        {view.nextStates.includes('closed_duplicate') && (
          <Field id="state-duplicate" label={<>Duplicate of <span className="optional">(to close as a duplicate)</span></>} hint="The id of the case this one duplicates, e.g. CH-2026-0001." errors={byControl.duplicate}>
            {(control) => <input {...control} name="duplicateOf" autoComplete="off" spellCheck={false} value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)} />}
          </Field>
        )}
      </div>
      <div className="buttons" role="group" aria-label="Next states">
        {view.nextStates.map((s) => (
          <button key={s} type="button" className={s.startsWith('closed_') ? 'secondary' : undefined} disabled={actions.busy} onClick={() => move(s)}>
            {moveLabel(s)}
          </button>
        ))}
      </div>
      <FormProblem problem={actions.problemAt(at)} controls={controls} />
    </form>
  );
}

/** Moves the embargo end later, to a date and time in the user's zone, with the reason the server requires. */
export function EmbargoExtensionForm({ view, actions }: { view: CaseView; actions: CaseActions }) {
  const { zone } = useTimeZone();
  const current = view.embargoUntil === null ? undefined : wallTimeOf(new Date(view.embargoUntil), zone);
  const [date, setDate] = useState(current?.date ?? '');
  const [time, setTime] = useState(current?.time ?? '');
  const [reason, setReason] = useState('');
  const [badDate, setBadDate] = useState(false);
  const at = 'embargo';
  const controls = { '/until': 'until', '/reason': 'reason' };
  const { byControl } = errorsByControl(actions.problemAt(at), controls);
  const untilErrors = badDate ? ['give the new end as a date and a time'] : byControl.until;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const until = instantOf({ date, time }, zone);
    setBadDate(until === undefined);
    if (until === undefined) return;
    void actions.run(at, () => extendEmbargo(view.id, until.toISOString(), reason), 'The embargo is extended.').then((made) => made && setReason(''));
  };
  return (
    <form className="panel embargo-extension" aria-label="Extend the embargo" onSubmit={submit}>
      <div className="fields">
        <Field id="embargo-date" label="New embargo end" hint={`Date and time in ${zone}; at most 45 days later per extension.`} errors={untilErrors}>
          {(control) => (
            <span className="date-time">
              <input {...control} type="date" name="date" value={date} onChange={(e) => setDate(e.target.value)} />
              <input type="time" name="time" aria-label="Time" value={time} onChange={(e) => setTime(e.target.value)} />
            </span>
          )}
        </Field>
        <Field id="embargo-reason" label="Reason" hint="Required: why the date moves, recorded in the history." errors={byControl.reason}>
          {(control) => <input {...control} name="reason" autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </div>
      <button type="submit" disabled={actions.busy}>
        Extend the embargo
      </button>
      <FormProblem problem={actions.problemAt(at)} controls={controls} />
    </form>
  );
}

/** Records that the vulnerability is exploited, with the reason; the embargo then ends within 7 days. */
export function ExploitedForm({ view, actions }: { view: CaseView; actions: CaseActions }) {
  const [reason, setReason] = useState('');
  const at = 'exploited';
  const controls = { '/reason': 'reason' };
  const { byControl } = errorsByControl(actions.problemAt(at), controls);
  if (view.exploited) return null;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void actions.run(at, () => flagExploited(view.id, reason), 'Recorded as exploited.');
  };
  return (
    <form className="panel narrow" aria-label="Record exploitation" onSubmit={submit}>
      <Field id="exploited-reason" label="Exploited: how do you know?" hint="Recording it ends the embargo within 7 days." errors={byControl.reason}>
        {(control) => <input {...control} name="reason" autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" disabled={actions.busy}>
        Record exploited
      </button>
      <FormProblem problem={actions.problemAt(at)} controls={controls} />
    </form>
  );
}

/** The case's CVE id: reserved from the clearinghouse's CNA block and marked assigned, or recorded from another CNA. */
export function CveControls({ view, actions }: { view: CaseView; actions: CaseActions }) {
  const [reserveId, setReserveId] = useState('');
  const [elsewhereId, setElsewhereId] = useState('');
  const [assignedBy, setAssignedBy] = useState('');
  const reserveControls = { '/cveId': 'cve' };
  const recordControls = { '/cveId': 'cve', '/assignedBy': 'by' };
  const reserveErrors = errorsByControl(actions.problemAt('cve-reserve'), reserveControls).byControl;
  const recordErrors = errorsByControl(actions.problemAt('cve-record'), recordControls).byControl;
  if (view.cve?.state === 'reserved') {
    return (
      <div className="cve-actions">
        <button type="button" disabled={actions.busy} onClick={() => void actions.run('cve-assign', () => assignCveId(view.id), `${view.cve?.id ?? 'The id'} is assigned.`)}>
          Mark {view.cve.id} assigned
        </button>
        <FormProblem problem={actions.problemAt('cve-assign')} controls={{}} />
      </div>
    );
  }
  if (view.cve !== null) return null;
  const reserve = (event: FormEvent): void => {
    event.preventDefault();
    const id = reserveId.trim();
    void actions.run('cve-reserve', () => reserveCveId(view.id, id === '' ? undefined : id), 'A CVE id is reserved for the case.');
  };
  const record = (event: FormEvent): void => {
    event.preventDefault();
    void actions.run('cve-record', () => recordCveId(view.id, elsewhereId.trim(), assignedBy.trim()), 'The CVE id is recorded.');
  };
  return (
    <div className="cve-forms">
      <form className="panel narrow" aria-label="Reserve a CVE id" onSubmit={reserve}>
        <Field id="cve-reserve-id" label={<>CVE id from our CNA block <span className="optional">(optional)</span></>} hint="Leave empty for the lowest id available." errors={reserveErrors.cve}>
          {(control) => <input {...control} name="cveId" autoComplete="off" spellCheck={false} value={reserveId} onChange={(e) => setReserveId(e.target.value)} />}
        </Field>
        <button type="submit" disabled={actions.busy}>
          Reserve a CVE id
        </button>
        <FormProblem problem={actions.problemAt('cve-reserve')} controls={reserveControls} />
      </form>
      <form className="panel narrow" aria-label="Record a CVE id assigned elsewhere" onSubmit={record}>
        <Field id="cve-record-id" label="CVE id another CNA assigned" errors={recordErrors.cve}>
          {(control) => <input {...control} name="cveId" autoComplete="off" spellCheck={false} value={elsewhereId} onChange={(e) => setElsewhereId(e.target.value)} />}
        </Field>
        <Field id="cve-record-by" label="Assigned by" hint="The CNA's name, e.g. MITRE." errors={recordErrors.by}>
          {(control) => <input {...control} name="assignedBy" autoComplete="off" value={assignedBy} onChange={(e) => setAssignedBy(e.target.value)} />}
        </Field>
        <button type="submit" disabled={actions.busy}>
          Record the CVE id
        </button>
        <FormProblem problem={actions.problemAt('cve-record')} controls={recordControls} />
      </form>
    </div>
  );
}

/** Flags (or unflags) the case as AI-enabled crime with the reason; a flagged case's referral package downloads from here. */
export function AiCrimeControls({ view, actions }: { view: CaseView; actions: CaseActions }) {
  const [reason, setReason] = useState('');
  const at = 'ai-crime';
  const controls = { '/reason': 'reason', '/flag': 'reason' };
  const { byControl } = errorsByControl(actions.problemAt(at), controls);
  const flag = view.aiEnabledCrime;
  if (flag === null) return null;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void actions.run(at, () => flagAiEnabledCrime(view.id, !flag.flag, reason), flag.flag ? 'The AI-enabled crime flag is removed.' : 'Flagged as AI-enabled crime.').then((made) => made && setReason(''));
  };
  return (
    <section aria-labelledby="ai-crime-heading">
      <h2 id="ai-crime-heading">AI-enabled crime</h2>
      {flag.flag ? (
        <p>
          Flagged: {flag.reason} <a href={referralUrl(view.id)}>Download the referral package</a>
        </p>
      ) : (
        <p className="muted">Not flagged. Participants never see this flag.</p>
      )}
      <form className="panel narrow" aria-label={flag.flag ? 'Remove the AI-enabled crime flag' : 'Flag as AI-enabled crime'} onSubmit={submit}>
        <Field id="ai-crime-reason" label="Reason" errors={byControl.reason}>
          {(control) => <input {...control} name="reason" autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <button type="submit" disabled={actions.busy}>
          {flag.flag ? 'Remove the flag' : 'Flag as AI-enabled crime'}
        </button>
        <FormProblem problem={actions.problemAt(at)} controls={controls} />
      </form>
    </section>
  );
}
