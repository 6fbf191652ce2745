import { useRef, useState, type FormEvent } from 'react';
import type { Problem } from '../api.js';
import { uploadSbom, type UploadResult } from '../operator-api.js';
import { problemOf } from './common.js';
import { counted } from './labels.js';

type Outcome = { status: 'idle' } | { status: 'uploading' } | { status: 'refused'; problem: Problem } | { status: 'done'; result: UploadResult };

/**
 * Sends the chosen file as it is (the server detects CycloneDX or SPDX, JSON, XML or
 * tag-value) and shows what came of it: every fault of a refused document, or the
 * exposures, unmatched components and warnings of an accepted one.
 */
export function SbomUploadForm({ assetId, onUploaded }: { assetId: string; onUploaded: (result: UploadResult) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return;
    setOutcome({ status: 'uploading' });
    uploadSbom(assetId, file).then(
      (result) => {
        setOutcome({ status: 'done', result });
        onUploaded(result);
      },
      (error: unknown) => setOutcome({ status: 'refused', problem: problemOf(error) }),
    );
  };

  const refused = outcome.status === 'refused' ? outcome.problem : undefined;
  return (
    <form className="panel" onSubmit={submit} aria-label="Upload an SBOM">
      <div className="field">
        <label htmlFor="sbom-file">SBOM file</label>
        <input
          ref={input}
          id="sbom-file"
          name="sbom"
          type="file"
          required
          accept=".json,.xml,.spdx,.txt,application/json,application/xml,text/xml,text/plain"
          aria-describedby={refused ? 'sbom-file-hint sbom-problem' : 'sbom-file-hint'}
          aria-invalid={refused ? true : undefined}
          onChange={() => setOutcome({ status: 'idle' })}
        />
        <p className="hint" id="sbom-file-hint">
          CycloneDX 1.4–1.6 (JSON or XML) or SPDX 2.2/2.3 (JSON or tag-value). It becomes the asset&apos;s current SBOM.
        </p>
      </div>
      <button type="submit" disabled={outcome.status === 'uploading'}>
        {outcome.status === 'uploading' ? 'Uploading…' : 'Upload'}
      </button>
      {refused && <UploadProblem problem={refused} />}
      {outcome.status === 'done' && <UploadSummary result={outcome.result} />}
    </form>
  );
}

/** A refused document: the reason, then every fault the server found, each with where it is. */
function UploadProblem({ problem }: { problem: Problem }) {
  const errors = problem.errors ?? [];
  return (
    <div className="problem" role="alert" id="sbom-problem">
      <p>
        <strong>The SBOM was not accepted</strong>
        {problem.status ? ` (${problem.status} ${problem.title})` : ''}: {errors.length > 0 ? `${counted(errors.length, 'problem')} found; nothing was stored.` : problem.detail}
      </p>
      {errors.length > 0 && (
        <ul className="upload-errors">
          {errors.map((e, i) => (
            <li key={i}>
              <code className="field-name">{e.field}</code> <span className="message">{e.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function UploadSummary({ result }: { result: UploadResult }) {
  const { sbom } = result;
  return (
    <div className="upload-result" role="status">
      <p>
        Uploaded {sbom.format} {sbom.spec_version}
        {sbom.name ? ` “${sbom.name}”` : ''} with {counted(sbom.component_count, 'component')}: {counted(result.exposures, 'exposure')} found,{' '}
        {counted(result.unmatched, 'component')} unmatched.
      </p>
      {result.warnings.length > 0 && (
        <>
          <p>{counted(result.warnings.length, 'warning')}:</p>
          <ul className="upload-warnings">
            {result.warnings.map((w, i) => (
              <li key={i}>
                <code>{w.field}</code> {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
