import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { Problem } from '../api.js';
import { acknowledge, acknowledgementOverdue, answerAsVendor, attachAdvisory, attachmentUrl, VENDOR_ANSWERS, type CaseView, type VendorAnswerView } from '../case-api.js';
import { MAX_ATTACHMENT_BYTES } from '../intake-api.js';
import { FormProblem, type CaseActions } from './case-actions.js';
import { listOf, OverdueBadge, VendorStatusBadge, vendorStatusLabel } from './case-parts.js';
import { Fact } from './common.js';
import { errorsByControl, Field } from './Field.js';
import { ZonedTime } from './TimeZone.js';
import { readBase64 } from '../read-file.js';

/** The vendor's own part in a case, or undefined when the reader's organization is no vendor on it. */
function ownVendorPart(view: CaseView, orgId: string): VendorAnswerView | undefined {
  return view.participants.find((p) => p.role === 'vendor' && p.orgId === orgId)?.vendor;
}

/** A vendor's side of a case: acknowledge the notification, answer (status, statement, versions), attach the advisory. */
export function VendorPanel({ view, orgId, actions, headingLevel }: { view: CaseView; orgId: string; actions: CaseActions; headingLevel: 2 | 4 }) {
  const vendor = ownVendorPart(view, orgId);
  if (!vendor) return null;
  const ackAt = `acknowledge-${view.id}`;
  const Heading = headingLevel === 2 ? 'h2' : 'h4';
  return (
    <section className="vendor-panel" aria-labelledby={`vendor-panel-${view.id}`}>
      <Heading id={`vendor-panel-${view.id}`}>Your organization&apos;s answer</Heading>
      <dl className="facts">
        <Fact term="Your status">
          <VendorStatusBadge status={vendor.status} />
        </Fact>
        <Fact term="Notified">{vendor.notifiedAt ? <ZonedTime value={vendor.notifiedAt} /> : <span className="muted">Not yet</span>}</Fact>
        <Fact term="Acknowledge by">
          {vendor.acknowledgementDue ? <ZonedTime value={vendor.acknowledgementDue} /> : <span className="muted">No date</span>}
          {acknowledgementOverdue(vendor, new Date()) && <OverdueBadge label="Overdue" />}
        </Fact>
        <Fact term="Acknowledged">{vendor.acknowledgedAt ? <ZonedTime value={vendor.acknowledgedAt} /> : <span className="muted">Not yet</span>}</Fact>
      </dl>
      {vendor.acknowledgedAt === null && vendor.notifiedAt !== null && (
        <div className="vendor-acknowledge">
          <button type="button" disabled={actions.busy} onClick={() => void actions.run(ackAt, () => acknowledge(view.id), `You acknowledged ${view.id}.`)}>
            Acknowledge
          </button>
          <FormProblem problem={actions.problemAt(ackAt)} controls={{}} />
        </div>
      )}
      <AnswerForm caseId={view.id} orgId={orgId} vendor={vendor} actions={actions} />
      <AdvisoryForm caseId={view.id} vendor={vendor} actions={actions} />
    </section>
  );
}

/** The API's field pointers by control; a version list's pointer also covers its items (/fixedVersions/0). */
const answerControls = { '/status': 'status', '/statement': 'statement', '/affectedVersions': 'affected', '/fixedVersions': 'fixed' };

/** A problem with each item's pointer read as its list's, so a bad version shows beside its list. */
function byList(problem: Problem | undefined): Problem | undefined {
  return problem && { ...problem, errors: problem.errors?.map((e) => ({ ...e, field: e.field.replace(/^(\/(?:affected|fixed)Versions)\/.*$/, '$1') })) };
}

function AnswerForm({ caseId, orgId, vendor, actions }: { caseId: string; orgId: string; vendor: VendorAnswerView; actions: CaseActions }) {
  const [status, setStatus] = useState(vendor.status === 'not_assessed' ? '' : vendor.status);
  const [statement, setStatement] = useState(vendor.statement ?? '');
  const [affected, setAffected] = useState(vendor.affectedVersions.join(', '));
  const [fixed, setFixed] = useState(vendor.fixedVersions.join(', '));
  const at = `answer-${caseId}`;
  const problem = byList(actions.problemAt(at));
  const { byControl } = errorsByControl(problem, answerControls);
  const idOf = (name: string) => `${at}-${name}`;
  const versionsApply = status !== 'not_affected';

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const answer = { status, ...(statement.trim() ? { statement } : {}), affectedVersions: versionsApply ? listOf(affected) : [], fixedVersions: versionsApply ? listOf(fixed) : [] };
    void actions.run(at, () => answerAsVendor(caseId, orgId, answer), `Your answer is recorded: ${vendorStatusLabel(status)}.`);
  };

  return (
    <form className="panel vendor-answer" aria-label={`Answer for ${caseId}`} onSubmit={submit}>
      <fieldset aria-describedby={byControl.status ? `${idOf('status')}-error` : undefined}>
        <legend>Is your product affected?</legend>
        {VENDOR_ANSWERS.map((s) => (
          <label key={s}>
            <input type="radio" name={`${at}-status`} value={s} checked={status === s} onChange={() => setStatus(s)} /> {vendorStatusLabel(s)}
          </label>
        ))}
        {byControl.status && (
          <p className="field-error" id={`${idOf('status')}-error`}>
            {byControl.status.join('; ')}
          </p>
        )}
      </fieldset>
      <Field id={idOf('statement')} label="Statement" hint="Public once the case is published: what is affected and why, or why not." errors={byControl.statement}>
        {(control) => <textarea {...control} name="statement" rows={3} value={statement} onChange={(e) => setStatement(e.target.value)} />}
      </Field>
      {versionsApply && (
        <div className="fields">
          <Field id={idOf('affected')} label="Affected versions" hint="Comma-separated, e.g. < 2.12.1" errors={byControl.affected}>
            {(control) => <input {...control} name="affectedVersions" autoComplete="off" value={affected} onChange={(e) => setAffected(e.target.value)} />}
          </Field>
          <Field id={idOf('fixed')} label="Fixed versions" hint="Comma-separated, e.g. 2.12.1" errors={byControl.fixed}>
            {(control) => <input {...control} name="fixedVersions" autoComplete="off" value={fixed} onChange={(e) => setFixed(e.target.value)} />}
          </Field>
        </div>
      )}
      <button type="submit" disabled={actions.busy || status === ''}>
        Save answer
      </button>
      <FormProblem problem={problem} controls={answerControls} />
    </form>
  );
}


function AdvisoryForm({ caseId, vendor, actions }: { caseId: string; vendor: VendorAnswerView; actions: CaseActions }) {
  const [file, setFile] = useState<File | undefined>();
  const [tooBig, setTooBig] = useState<string | undefined>();
  const at = `advisory-${caseId}`;
  const controls = { '/content': 'file', '/name': 'file' };
  const { byControl } = errorsByControl(actions.problemAt(at), controls);
  const errors = tooBig ? [tooBig] : byControl.file;

  const choose = (event: ChangeEvent<HTMLInputElement>): void => {
    const chosen = event.target.files?.[0];
    setFile(chosen);
    setTooBig(chosen && chosen.size > MAX_ATTACHMENT_BYTES ? `${chosen.name} is ${chosen.size} bytes; an advisory may be at most ${MAX_ATTACHMENT_BYTES} bytes.` : undefined);
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!file || tooBig) return;
    void actions.run(
      at,
      async () => attachAdvisory(caseId, { name: file.name, mediaType: file.type || 'application/octet-stream', content: await readBase64(file) }),
      `Your advisory ${file.name} is attached.`,
    );
  };

  return (
    <form className="panel vendor-advisory" aria-label={`Advisory for ${caseId}`} onSubmit={submit}>
      {vendor.advisory && (
        <p>
          Your advisory: <a href={attachmentUrl(caseId, vendor.advisory.sha256)}>{vendor.advisory.name}</a> ({vendor.advisory.size} bytes, attached <ZonedTime value={vendor.advisory.attachedAt} />)
        </p>
      )}
      <Field id={`${at}-file`} label={vendor.advisory ? 'Replace your advisory' : 'Your advisory'} hint="A CSAF document, Markdown or PDF; kept by its SHA-256 with the case." errors={errors}>
        {(control) => <input {...control} type="file" name="advisory" onChange={choose} />}
      </Field>
      <button type="submit" disabled={actions.busy || !file || tooBig !== undefined}>
        Upload advisory
      </button>
      <FormProblem problem={actions.problemAt(at)} controls={controls} />
    </form>
  );
}
