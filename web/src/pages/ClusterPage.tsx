import { useState, type ReactNode } from 'react';
import type { Problem } from '../api.js';
import { DateTime, Fact, ProblemView, problemOf, useDocumentTitle } from '../components/common.js';
import { Field } from '../components/Field.js';
import { FindingFacts } from '../components/FindingFacts.js';
import { AlternativeClusters, clusterHref, ClusterRef, ConfirmButton, formatLabel, ruleText, shortId, TlpBadge } from '../components/intake-parts.js';
import { counted } from '../components/labels.js';
import { Markdown } from '../components/Markdown.js';
import { useLoad } from '../components/use-load.js';
import { getCluster, getReport, isAnalyst, mergeCluster, setCanonicalFinding, splitFinding, type AlternativeCluster, type Cluster, type ClusterFinding } from '../intake-api.js';
import { Link } from '../router.js';
import { useProfile } from '../session.js';
import '../intake.css';

/** An analyst's change in flight or done: `at` is where its problem shows ("merge", or a finding's id). */
type Action = { status: 'idle' } | { status: 'busy' } | { status: 'done'; message: ReactNode } | { status: 'failed'; at: string; problem: Problem };

/**
 * One cluster: each finding with where it came from and why deduplication put it here, the
 * other clusters it also matched; and, for analysts, the corrections: split a finding out,
 * merge the cluster into another, name the finding that stands for it.
 */
export function ClusterPage({ id }: { id: string }) {
  // Bumped after each change, so the cluster loads again.
  const [changes, setChanges] = useState(0);
  const [action, setAction] = useState<Action>({ status: 'idle' });
  const { user } = useProfile();
  const loaded = useLoad((signal) => getCluster(id, signal), [id, changes]);
  const cluster = loaded.status === 'done' ? loaded.value : undefined;
  const title = cluster?.findings.find((f) => f.id === cluster.canonicalFindingId)?.title ?? 'Cluster';
  useDocumentTitle(title);

  const act = (at: string, change: () => Promise<ReactNode>): void => {
    setAction({ status: 'busy' });
    change().then(
      (message) => {
        setAction({ status: 'done', message });
        setChanges((n) => n + 1);
      },
      (error: unknown) => setAction({ status: 'failed', at, problem: problemOf(error) }),
    );
  };
  const analyst = isAnalyst(user.role) && cluster !== undefined && cluster.mergedInto === null;
  const busy = action.status === 'busy' || (loaded.status === 'done' && loaded.reloading);
  const problemAt = (at: string): Problem | undefined => (action.status === 'failed' && action.at === at ? action.problem : undefined);

  return (
    <article className="cluster">
      <h1 tabIndex={-1}>{title}</h1>
      {loaded.status === 'loading' && <p role="status">Loading…</p>}
      {loaded.status === 'error' && <ProblemView problem={loaded.problem} />}
      <div role="status" className="action-result">
        {action.status === 'done' && <p>{action.message}</p>}
      </div>
      {cluster && (
        <>
          <dl className="facts">
            <Fact term="Cluster">
              <code>{cluster.id}</code>
            </Fact>
            <Fact term="Findings">{counted(cluster.findings.length, 'finding')}</Fact>
            <Fact term="Created">
              <DateTime value={cluster.createdAt} />
            </Fact>
            <Fact term="Updated">
              <DateTime value={cluster.updatedAt} />
            </Fact>
          </dl>
          {cluster.mergedInto !== null && (
            <p className="note merged-into">
              An analyst merged this cluster into <Link to={clusterHref(cluster.mergedInto)}>cluster {shortId(cluster.mergedInto)}</Link>; its findings are there now.
            </p>
          )}
          {analyst && cluster.findings.length > 0 && (
            <p className="actions">
              <Link to={`/cases/new?cluster=${encodeURIComponent(cluster.id)}`}>Open a case</Link> to coordinate its disclosure.
            </p>
          )}
          {analyst && cluster.findings.length > 0 && (
            <MergeForm cluster={cluster} busy={busy} problem={problemAt('merge')} onMerge={(into) => act('merge', async () => mergedMessage(await mergeCluster(cluster.id, into)))} />
          )}
          {cluster.findings.map((f) => (
            <FindingCard
              key={f.id}
              finding={f}
              cluster={cluster}
              analyst={analyst}
              busy={busy}
              problem={problemAt(f.id)}
              onSplit={(into) => act(f.id, async () => splitMessage(f, await splitFinding(f.id, into)))}
              onCanonical={() =>
                act(f.id, async () => {
                  await setCanonicalFinding(cluster.id, f.id);
                  return <>“{f.title}” now stands for this cluster.</>;
                })
              }
            />
          ))}
          {cluster.excluded.length > 0 && (
            <section aria-labelledby="excluded-heading">
              <h2 id="excluded-heading">Split out of this cluster</h2>
              <p className="hint">Deduplication never puts these findings back here.</p>
              <ul className="excluded">
                {cluster.excluded.map((e) => (
                  <li key={e.findingId}>
                    Finding <code title={e.findingId}>{shortId(e.findingId)}</code>, <DateTime value={e.at} />
                    {e.byUserId === user.id ? ' (by you)' : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </article>
  );
}

function mergedMessage(merged: { clusterId: string; moved: number }): ReactNode {
  return (
    <>
      Merged: {counted(merged.moved, 'finding')} moved to <ClusterRef id={merged.clusterId} />.
    </>
  );
}

function splitMessage(finding: ClusterFinding, split: { clusterId: string }): ReactNode {
  return (
    <>
      Moved “{finding.title}” to <ClusterRef id={split.clusterId} />.
    </>
  );
}

/** Every other cluster the cluster's findings also matched, strongest match first, each once. */
function alternativesOf(cluster: Cluster): AlternativeCluster[] {
  const best = new Map<string, AlternativeCluster>();
  for (const a of cluster.findings.flatMap((f) => f.alternatives)) {
    const seen = best.get(a.clusterId);
    if (a.clusterId !== cluster.id && (!seen || a.score > seen.score)) best.set(a.clusterId, a);
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

/** Merges the cluster into another, named by id or picked from the clusters its findings also matched. */
function MergeForm({ cluster, busy, problem, onMerge }: { cluster: Cluster; busy: boolean; problem: Problem | undefined; onMerge: (into: string) => void }) {
  const [into, setInto] = useState('');
  const alternatives = alternativesOf(cluster);
  const intoErrors = (problem?.errors ?? []).filter((e) => e.field === '/into').map((e) => e.message);
  const other = (problem?.errors ?? []).filter((e) => e.field !== '/into');
  const target = into.trim();
  return (
    <form className="panel merge" aria-label="Merge this cluster" onSubmit={(e) => e.preventDefault()}>
      <Field id="merge-into" label="Merge this cluster into" hint="The id of the cluster to move every finding into; this one then points there." errors={intoErrors}>
        {(control) => <input {...control} name="into" autoComplete="off" spellCheck={false} value={into} onChange={(e) => setInto(e.target.value)} />}
      </Field>
      {alternatives.length > 0 && (
        <div>
          <p className="hint">Clusters its findings also matched:</p>
          <ul className="plain merge-alternatives">
            {alternatives.map((a) => (
              <li key={a.clusterId}>
                <button type="button" className="secondary" onClick={() => setInto(a.clusterId)} aria-label={`Merge into cluster ${shortId(a.clusterId)}`}>
                  Choose
                </button>{' '}
                <ClusterRef id={a.clusterId} /> by {ruleText(a.rule, a.score)}: {a.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ConfirmButton
        label="Merge…"
        confirmLabel="Merge"
        disabled={busy || target === ''}
        question={
          <>
            Move all {counted(cluster.findings.length, 'finding')} of this cluster into cluster <code>{target}</code>?
          </>
        }
        onConfirm={() => onMerge(target)}
      />
      {problem && (other.length > 0 || intoErrors.length === 0) && <ProblemView problem={{ ...problem, errors: other }} />}
    </form>
  );
}

function FindingCard({
  finding: f,
  cluster,
  analyst,
  busy,
  problem,
  onSplit,
  onCanonical,
}: {
  finding: ClusterFinding;
  cluster: Cluster;
  analyst: boolean;
  busy: boolean;
  problem: Problem | undefined;
  onSplit: (into: string | undefined) => void;
  onCanonical: () => void;
}) {
  const [splitInto, setSplitInto] = useState('');
  const canonical = f.id === cluster.canonicalFindingId;
  const headingId = `finding-${f.id}-title`;
  const destinations = f.alternatives.filter((a) => a.clusterId !== cluster.id);
  return (
    <article className="cluster-finding" id={`finding-${f.id}`} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {f.title}
        {canonical && <span className="badge badge-canonical">Canonical</span>}
      </h2>
      <dl className="facts">
        <Fact term="Found by">{f.source.kind === 'person' ? f.source.name : `${f.source.kind === 'model' ? 'AI model' : f.source.kind} ${f.source.name}`}</Fact>
        <Fact term="Submitted">
          <DateTime value={f.submittedAt} />
        </Fact>
        <Fact term="Marking">
          <TlpBadge tlp={f.tlp} />
        </Fact>
        <Fact term="Report">
          <Link to={`/reports/${encodeURIComponent(f.reportId)}`}>{formatLabel(f.format)}</Link>
        </Fact>
      </dl>
      <WhyHere finding={f} cluster={cluster} />
      <FindingText finding={f} />
      {analyst && (
        <div className="finding-actions">
          {!canonical && (
            <button type="button" className="secondary" disabled={busy} onClick={onCanonical}>
              Make canonical
            </button>
          )}
          {cluster.findings.length > 1 && (
            <ConfirmButton
              label="Split out…"
              confirmLabel="Split"
              disabled={busy}
              question={
                <label>
                  Split “{f.title}” out of this cluster, into{' '}
                  <select name="splitInto" value={splitInto} onChange={(e) => setSplitInto(e.target.value)}>
                    <option value="">a new cluster</option>
                    {destinations.map((d) => (
                      <option key={d.clusterId} value={d.clusterId}>
                        cluster {shortId(d.clusterId)}, matched by {ruleText(d.rule, d.score)}
                      </option>
                    ))}
                  </select>
                  ? It stays out of this one.
                </label>
              }
              onConfirm={() => onSplit(splitInto === '' ? undefined : splitInto)}
            />
          )}
        </div>
      )}
      {problem && <ProblemView problem={problem} />}
    </article>
  );
}

/** Why deduplication (or an analyst) put the finding in this cluster, and what else it matched. */
function WhyHere({ finding: f, cluster }: { finding: ClusterFinding; cluster: Cluster }) {
  const { user } = useProfile();
  const link = f.link;
  const via = link?.viaFindingId ? cluster.findings.find((other) => other.id === link.viaFindingId) : undefined;
  let reason: ReactNode;
  if (link === null) reason = 'It started this cluster.';
  else if (link.byUserId !== null) reason = `An analyst${link.byUserId === user.id ? ' (you)' : ''} put it here${link.detail ? `: ${link.detail}` : ''}.`;
  else {
    reason = (
      <>
        Joined by {ruleText(link.rule, link.score)}
        {link.detail ? `: ${link.detail}` : ''}
        {link.viaFindingId && (
          <>
            {' '}
            (matched {via ? <a href={`#finding-${via.id}`}>“{via.title}”</a> : <code title={link.viaFindingId}>{shortId(link.viaFindingId)}</code>})
          </>
        )}
        .
      </>
    );
  }
  return (
    <div className="why">
      <p>
        <strong>Why it is here:</strong> {reason} <span className="muted">Since <DateTime value={f.linkedAt} />.</span>
      </p>
      <AlternativeClusters alternatives={f.alternatives} />
    </div>
  );
}

/** The finding as its report states it: products, weakness, description and stack trace. */
function FindingText({ finding }: { finding: ClusterFinding }) {
  const loaded = useLoad((signal) => getReport(finding.reportId, signal), [finding.reportId]);
  if (loaded.status === 'loading') return <p className="muted">Loading the description…</p>;
  if (loaded.status === 'error') return <ProblemView problem={loaded.problem} />;
  const found = loaded.value.findings.find((f) => f.id === finding.id)?.finding;
  if (!found) return <p className="muted">The report no longer holds this finding.</p>;
  return (
    <>
      <FindingFacts finding={found} />
      <Markdown source={found.description} className="report-text description" />
      {found.stackTrace && (
        <details>
          <summary>Stack trace</summary>
          <pre className="stack-trace">{found.stackTrace}</pre>
        </details>
      )}
    </>
  );
}
