import { useState, type FormEvent } from 'react';
import type { Problem } from '../api.js';
import { REMEDIATION_STATUSES, updateRemediation, type Remediation, type RemediationChange } from '../operator-api.js';
import { ProblemView, problemOf } from './common.js';
import { errorsByControl, Field } from './Field.js';
import { label } from './labels.js';

const controls = { '/status': 'status', '/note': 'note', '/dueDate': 'dueDate' };

/**
 * Changes a remediation's status with a note. An admin may also move the due date, and
 * only earlier: CISA BOD 26-04 sets the latest date, and the server refuses a later one.
 */
export function RemediationForm({ remediation, isAdmin, onSaved }: { remediation: Remediation; isAdmin: boolean; onSaved: (saved: Remediation) => void }) {
  const [status, setStatus] = useState(remediation.status);
  const [note, setNote] = useState('');
  const [dueDate, setDueDate] = useState(remediation.due_date ?? '');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    // Only what changed is sent, so the history records only real changes.
    const change: RemediationChange = {
      ...(status !== remediation.status ? { status } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(isAdmin && dueDate && dueDate !== remediation.due_date ? { dueDate } : {}),
    };
    setBusy(true);
    setProblem(undefined);
    setSaved(false);
    updateRemediation(remediation.asset_id, remediation.vuln_id, change).then(
      (updated) => {
        setBusy(false);
        setNote('');
        setSaved(true);
        onSaved(updated);
      },
      (error: unknown) => {
        setBusy(false);
        setProblem(problemOf(error));
      },
    );
  };

  const { byControl, other } = errorsByControl(problem, controls);
  return (
    <form className="panel" onSubmit={submit} aria-label="Change remediation">
      <div className="fields">
        <Field id="remediation-status" label="Status" errors={byControl.status}>
          {(control) => (
            <select {...control} name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
              {REMEDIATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {label(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {isAdmin && (
          <Field
            id="remediation-due"
            label="Due date"
            hint={remediation.due_date ? `Admins may move it earlier than ${remediation.due_date}, never later.` : 'No date is set by the timeline; admins may set one.'}
            errors={byControl.dueDate}
          >
            {(control) => <input {...control} name="dueDate" type="date" max={remediation.due_date ?? undefined} value={dueDate} onChange={(e) => setDueDate(e.target.value)} />}
          </Field>
        )}
      </div>
      <Field id="remediation-note" label="Note" hint="Why; needed for risk accepted and not affected." errors={byControl.note}>
        {(control) => <textarea {...control} name="note" rows={3} maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>
      {saved && <p role="status">Saved.</p>}
      {problem && <ProblemView problem={{ ...problem, errors: other }} />}
    </form>
  );
}
