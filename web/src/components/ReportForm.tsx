import { useDeferredValue, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type { Problem } from '../api.js';
import { MAX_ATTACHMENT_BYTES, REPORT_TLPS, submitReport, type Attachment, type FreeFormReport, type ReportSource, type SubmittedReport } from '../intake-api.js';
import { Link } from '../router.js';
import { useProfile } from '../session.js';
import { ProblemView, problemOf } from './common.js';
import { Field } from './Field.js';
import { AlternativeClusters, ClusterRef, ruleText } from './intake-parts.js';
import { Markdown } from './Markdown.js';
import { readBase64 } from '../read-file.js';

interface Draft {
  title: string;
  description: string;
  /** A purl, or a CPE 2.3 formatted string. */
  product: string;
  /** Comma-separated, as the reporter knows them. */
  versions: string;
  cwe: string;
  cvss: string;
  /** Comma-separated ids assigned elsewhere: CVE, GHSA, a vendor's bug id. */
  identifiers: string;
  stackTrace: string;
  tlp: string;
  sourceKind: 'person' | 'model';
  personName: string;
  model: string;
  engagementId: string;
}

type Control = keyof Draft | 'attachment';

/**
 * The API's field pointers, by the control that edits each; a pointer also covers the
 * fields under it (/document/affected/0/versions/2 is the versions control's).
 */
const controlsByPointer: [string, Control][] = [
  ['/document/title', 'title'],
  ['/document/description', 'description'],
  ['/document/affected/0/versions', 'versions'],
  ['/document/affected', 'product'],
  ['/document/cwe', 'cwe'],
  ['/document/cvss', 'cvss'],
  ['/document/identifiers', 'identifiers'],
  ['/document/stackTrace', 'stackTrace'],
  ['/tlp', 'tlp'],
  ['/source/name', 'personName'],
  ['/source/model', 'model'],
  ['/source/engagementId', 'engagementId'],
  ['/attachments', 'attachment'],
];

function controlOf(field: string): Control | undefined {
  return controlsByPointer.find(([pointer]) => field === pointer || field.startsWith(`${pointer}/`))?.[1];
}

/** A problem's messages by form control; the rest stay with the problem. */
function messagesByControl(problem: Problem | undefined): { byControl: Partial<Record<Control, string[]>>; other: { field: string; message: string }[] } {
  const byControl: Partial<Record<Control, string[]>> = {};
  const other: { field: string; message: string }[] = [];
  for (const error of problem?.errors ?? []) {
    const control = controlOf(error.field);
    if (control === undefined) other.push(error);
    else (byControl[control] ??= []).push(error.message);
  }
  return { byControl, other };
}

/** A comma-separated list, trimmed, blanks dropped. */
function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The free-form report the draft describes; empty optional fields are left out. */
function documentOf(draft: Draft): FreeFormReport {
  const product = draft.product.trim();
  const versions = list(draft.versions);
  const cwes = list(draft.cwe);
  const identifiers = list(draft.identifiers);
  return {
    title: draft.title.trim(),
    description: draft.description,
    affected: [{ ...(/^cpe:/i.test(product) ? { cpe: product } : { purl: product }), ...(versions.length > 0 ? { versions } : {}) }],
    ...(cwes.length === 1 ? { cwe: cwes[0] } : cwes.length > 1 ? { cwe: cwes } : {}),
    ...(draft.cvss.trim() ? { cvss: draft.cvss.trim() } : {}),
    ...(identifiers.length > 0 ? { identifiers } : {}),
    ...(draft.stackTrace.trim() ? { stackTrace: draft.stackTrace } : {}),
  };
}

function sourceOf(draft: Draft): ReportSource {
  if (draft.sourceKind === 'person') return { kind: 'person', name: draft.personName.trim() };
  return { kind: 'model', model: draft.model.trim(), ...(draft.engagementId.trim() ? { engagementId: draft.engagementId.trim() } : {}) };
}

/**
 * A key for one filled-in form: sent with every submission of it, so a double click or a
 * retry after a lost answer stores one report. getRandomValues, not randomUUID, because
 * randomUUID exists only in secure contexts and the app may be served over plain HTTP.
 */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** "1.5 MiB", "12 KiB", "300 bytes". */
function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}


type AttachmentState = { status: 'none' } | { status: 'reading'; file: File } | { status: 'ready'; file: File; attachment: Attachment } | { status: 'refused'; file: File; message: string };

type Outcome = { status: 'editing'; problem?: Problem } | { status: 'sending' } | { status: 'sent'; result: SubmittedReport };

/**
 * Reports one vulnerability as a free-form report: the description is Markdown, previewed
 * as the report page will show it; the server's complaints appear beside the fields they name.
 */
export function ReportForm() {
  const { user } = useProfile();
  const blank = (): Draft => ({ title: '', description: '', product: '', versions: '', cwe: '', cvss: '', identifiers: '', stackTrace: '', tlp: 'AMBER', sourceKind: 'person', personName: user.displayName, model: '', engagementId: '' });
  const [draft, setDraft] = useState<Draft>(blank);
  const [attachment, setAttachment] = useState<AttachmentState>({ status: 'none' });
  const [outcome, setOutcome] = useState<Outcome>({ status: 'editing' });
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const preview = useDeferredValue(draft.description);
  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));

  const chooseFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    if (!file) {
      setAttachment({ status: 'none' });
      return;
    }
    if (file.size > MAX_ATTACHMENT_BYTES) {
      setAttachment({ status: 'refused', file, message: `${file.name} is ${file.size} bytes; an attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes (${sizeText(MAX_ATTACHMENT_BYTES)}).` });
      return;
    }
    setAttachment({ status: 'reading', file });
    readBase64(file).then(
      (content) => setAttachment((a) => (a.status === 'reading' && a.file === file ? { status: 'ready', file, attachment: { name: file.name, mediaType: file.type || 'application/octet-stream', content } } : a)),
      (error: unknown) => setAttachment({ status: 'refused', file, message: `Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}` }),
    );
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (attachment.status === 'refused') {
      document.getElementById('report-attachment')?.focus();
      return;
    }
    if (attachment.status === 'reading') return;
    setOutcome({ status: 'sending' });
    const attachments = attachment.status === 'ready' ? [attachment.attachment] : [];
    submitReport({ source: sourceOf(draft), tlp: draft.tlp, document: documentOf(draft), attachments }, idempotencyKey).then(
      (result) => setOutcome({ status: 'sent', result }),
      (error: unknown) => setOutcome({ status: 'editing', problem: problemOf(error) }),
    );
  };

  const startAgain = (): void => {
    setDraft(blank());
    setAttachment({ status: 'none' });
    setIdempotencyKey(newIdempotencyKey());
    setOutcome({ status: 'editing' });
  };

  if (outcome.status === 'sent') return <SubmissionResult result={outcome.result} onAnother={startAgain} />;

  const problem = outcome.status === 'editing' ? outcome.problem : undefined;
  const { byControl, other } = messagesByControl(problem);
  const attachmentErrors = [...(attachment.status === 'refused' ? [attachment.message] : []), ...(byControl.attachment ?? [])];
  const sending = outcome.status === 'sending';
  return (
    <form className="panel report" onSubmit={submit} aria-label="Report a vulnerability">
      <Field id="report-title" label="Title" hint="One line: what is wrong, and where." errors={byControl.title}>
        {(control) => <input {...control} name="title" required maxLength={300} autoComplete="off" value={draft.title} onChange={(e) => set({ title: e.target.value })} />}
      </Field>
      <Field id="report-description" label="Description" hint="Markdown: what, where, how to reproduce, and the impact." errors={byControl.description}>
        {(control) => <textarea {...control} name="description" required rows={10} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <section className="preview" aria-labelledby="report-preview-heading">
        <h2 id="report-preview-heading">Preview</h2>
        {preview.trim() === '' ? <p className="muted">The description, as the report page will show it.</p> : <Markdown source={preview} className="report-text" />}
      </section>
      <div className="fields">
        <Field id="report-product" label="Affected product" hint="A package URL (pkg:npm/frames@2.1.0) or a CPE 2.3 name (cpe:2.3:a:acme:frames:2.1.0:*:*:*:*:*:*:*)." errors={byControl.product}>
          {(control) => <input {...control} name="product" required autoComplete="off" spellCheck={false} value={draft.product} onChange={(e) => set({ product: e.target.value })} />}
        </Field>
        <Field id="report-versions" label={<>Affected versions <span className="optional">(optional)</span></>} hint="Comma-separated, as you know them: 2.1.0, < 2.1.1" errors={byControl.versions}>
          {(control) => <input {...control} name="versions" autoComplete="off" value={draft.versions} onChange={(e) => set({ versions: e.target.value })} />}
        </Field>
      </div>
      <div className="fields">
        <Field id="report-cwe" label={<>Weakness (CWE) <span className="optional">(optional)</span></>} hint="CWE-122; several comma-separated." errors={byControl.cwe}>
          {(control) => <input {...control} name="cwe" autoComplete="off" value={draft.cwe} onChange={(e) => set({ cwe: e.target.value })} />}
        </Field>
        <Field id="report-cvss" label={<>CVSS vector <span className="optional">(optional)</span></>} hint="CVSS 3.1 or 4.0: CVSS:3.1/AV:N/AC:L/…" errors={byControl.cvss}>
          {(control) => <input {...control} name="cvss" autoComplete="off" spellCheck={false} value={draft.cvss} onChange={(e) => set({ cvss: e.target.value })} />}
        </Field>
        <Field id="report-tlp" label="Marking (TLP 2.0)" hint="Who may read the report besides the clearinghouse." errors={byControl.tlp}>
          {(control) => (
            <select {...control} name="tlp" value={draft.tlp} onChange={(e) => set({ tlp: e.target.value })}>
              {REPORT_TLPS.map((tlp) => (
                <option key={tlp} value={tlp}>
                  TLP:{tlp}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field id="report-identifiers" label={<>Identifiers <span className="optional">(optional)</span></>} hint="Ids already assigned elsewhere, comma-separated: CVE-2026-0001, GHSA-…" errors={byControl.identifiers}>
        {(control) => <input {...control} name="identifiers" autoComplete="off" spellCheck={false} value={draft.identifiers} onChange={(e) => set({ identifiers: e.target.value })} />}
      </Field>
      <Field id="report-stack-trace" label={<>Stack trace or sanitizer report <span className="optional">(optional)</span></>} hint="Reports of a crash with the same top frames are grouped together." errors={byControl.stackTrace}>
        {(control) => <textarea {...control} name="stackTrace" rows={6} spellCheck={false} value={draft.stackTrace} onChange={(e) => set({ stackTrace: e.target.value })} />}
      </Field>
      <fieldset>
        <legend>Found by</legend>
        <div className="source-kinds">
          <label>
            <input type="radio" name="sourceKind" value="person" checked={draft.sourceKind === 'person'} onChange={() => set({ sourceKind: 'person' })} /> A person
          </label>
          <label>
            <input type="radio" name="sourceKind" value="model" checked={draft.sourceKind === 'model'} onChange={() => set({ sourceKind: 'model' })} /> An AI model
          </label>
        </div>
        {draft.sourceKind === 'person' ? (
          <Field id="report-person" label="Name" errors={byControl.personName}>
            {(control) => <input {...control} name="personName" required maxLength={200} value={draft.personName} onChange={(e) => set({ personName: e.target.value })} />}
          </Field>
        ) : (
          <>
            <Field id="report-model" label="Model" errors={byControl.model}>
              {(control) => <input {...control} name="model" required maxLength={200} value={draft.model} onChange={(e) => set({ model: e.target.value })} />}
            </Field>
            <Field id="report-engagement" label={<>Review engagement <span className="optional">(optional)</span></>} hint="The pre-release review engagement the model was under." errors={byControl.engagementId}>
              {(control) => <input {...control} name="engagementId" maxLength={100} value={draft.engagementId} onChange={(e) => set({ engagementId: e.target.value })} />}
            </Field>
          </>
        )}
      </fieldset>
      <Field id="report-attachment" label={<>Proof of concept <span className="optional">(optional)</span></>} hint={`One file, at most ${sizeText(MAX_ATTACHMENT_BYTES)}.`} errors={attachmentErrors}>
        {(control) => <input {...control} name="attachment" type="file" onChange={chooseFile} />}
      </Field>
      {(attachment.status === 'ready' || attachment.status === 'reading') && (
        <p className="attachment-size" role="status">
          {attachment.file.name}: {sizeText(attachment.file.size)}
          {attachment.status === 'reading' ? ', reading…' : ''}
        </p>
      )}
      <button type="submit" disabled={sending || attachment.status === 'reading'}>
        {sending ? 'Sending…' : 'Send report'}
      </button>
      {problem && <ProblemView problem={{ ...problem, errors: other }} />}
    </form>
  );
}

/** What came of a report: where it is, which cluster each finding went to and by which rule, and what else it matched. */
function SubmissionResult({ result, onAnother }: { result: SubmittedReport; onAnother: () => void }) {
  // The form it replaces had focus; it moves here rather than to the top of the page.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="submission-result" role="status" tabIndex={-1} ref={box}>
      <p>
        {result.replayed ? 'This report had already been received (the form was sent twice); nothing new was stored. ' : 'Report received. '}
        <Link to={`/reports/${encodeURIComponent(result.reportId)}`}>View the report</Link>.
      </p>
      {result.findings.map((f) => (
        <div key={f.findingId} className="placement">
          <p>
            {f.rule === null ? (
              <>
                It started a new cluster, <ClusterRef id={f.clusterId} />.
              </>
            ) : (
              <>
                It joined <ClusterRef id={f.clusterId} /> by {ruleText(f.rule, f.score)}
                {f.detail ? `: ${f.detail}` : ''}.
              </>
            )}
          </p>
          <AlternativeClusters alternatives={f.alternatives} />
        </div>
      ))}
      <button type="button" onClick={onAnother}>
        Report another vulnerability
      </button>
    </div>
  );
}
