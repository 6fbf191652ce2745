import { useState, type FormEvent } from 'react';
import type { Problem } from '../api.js';
import { caseHref, openCase } from '../case-api.js';
import { ProblemView, problemOf, useDocumentTitle } from '../components/common.js';
import { errorsByControl, Field } from '../components/Field.js';
import { clusterHref } from '../components/intake-parts.js';
import { Link, navigate } from '../router.js';
import '../cases.css';

/** Opens the case of a cluster (clearinghouse analysts); `?cluster=` fills in the cluster, as the cluster page's link does. */
export function NewCasePage({ search }: { search: string }) {
  const [clusterId, setClusterId] = useState(() => new URLSearchParams(search).get('cluster') ?? '');
  const [outcome, setOutcome] = useState<{ status: 'editing'; problem?: Problem } | { status: 'sending' }>({ status: 'editing' });
  useDocumentTitle('Open a case');
  const problem = outcome.status === 'editing' ? outcome.problem : undefined;
  const { byControl, other } = errorsByControl(problem, { '/clusterId': 'cluster' });
  const cluster = clusterId.trim();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setOutcome({ status: 'sending' });
    openCase(cluster).then(
      (opened) => navigate(caseHref(opened.id)),
      (error: unknown) => setOutcome({ status: 'editing', problem: problemOf(error) }),
    );
  };

  return (
    <>
      <h1 tabIndex={-1}>Open a case</h1>
      <p>
        A case coordinates the disclosure of one cluster&apos;s vulnerability: its title comes from the cluster&apos;s canonical finding, its reporter from that finding&apos;s report, and vendors
        whose registered products match are offered to you to confirm.
      </p>
      <form className="panel narrow" aria-label="Open a case" onSubmit={submit}>
        <Field id="case-cluster" label="Cluster" hint="The id of the cluster, as the intake queue and the cluster page show it." errors={byControl.cluster}>
          {(control) => <input {...control} name="clusterId" autoComplete="off" spellCheck={false} required value={clusterId} onChange={(e) => setClusterId(e.target.value)} />}
        </Field>
        {cluster !== '' && (
          <p className="hint">
            <Link to={clusterHref(cluster)}>View the cluster</Link>
          </p>
        )}
        <button type="submit" disabled={outcome.status === 'sending' || cluster === ''}>
          Open the case
        </button>
        {problem && (other.length > 0 || !byControl.cluster) && <ProblemView problem={{ ...problem, errors: other }} />}
      </form>
    </>
  );
}
