import { useMemo } from 'react';
import type { Problem } from '../api.js';
import { DateTime, ProblemView, useDocumentTitle } from '../components/common.js';
import { clusterHref } from '../components/intake-parts.js';
import { counted } from '../components/labels.js';
import { Pager } from '../components/Pager.js';
import { useLoad } from '../components/use-load.js';
import { CLUSTER_SORTS, listClusters } from '../intake-api.js';
import { Link, navigate } from '../router.js';
import '../intake.css';

/** Rows per page unless the URL says otherwise. */
const defaultLimit = 50;
const defaultSort = 'updated';

/** Sort orders as the sort control names them, and as the status line says them. */
const sortLabels: Record<string, { option: string; order: string }> = {
  updated: { option: 'Recently updated', order: 'most recently updated first' },
  created: { option: 'Newest', order: 'newest first' },
  size: { option: 'Most findings', order: 'most findings first' },
};

interface QueueView {
  sort: string;
  offset: number;
  limit: number;
}

/** The view a URL asks for; the URL holds it all, so it can be shared and survives a reload. */
function viewFromSearch(search: string): QueueView {
  const params = new URLSearchParams(search);
  const sort = params.get('sort') ?? defaultSort;
  return {
    sort: (CLUSTER_SORTS as readonly string[]).includes(sort) ? sort : defaultSort,
    offset: Math.max(0, Number(params.get('offset')) || 0),
    limit: Math.max(1, Number(params.get('limit')) || defaultLimit),
  };
}

/** The app URL of a view; defaults are left out to keep links short. */
function hrefOf(view: QueueView): string {
  const params = new URLSearchParams();
  if (view.sort !== defaultSort) params.set('sort', view.sort);
  if (view.offset > 0) params.set('offset', String(view.offset));
  if (view.limit !== defaultLimit) params.set('limit', String(view.limit));
  const query = params.toString();
  return query ? `/intake?${query}` : '/intake';
}

/** The intake queue: clusters of findings, for the clearinghouse's staff. */
export function IntakeQueuePage({ search }: { search: string }) {
  const view = useMemo(() => viewFromSearch(search), [search]);
  // The answer keeps the view it was asked with, so the pager and count describe the rows on screen.
  const page = useLoad(async (signal) => ({ shown: view, result: await listClusters(view, signal) }), [view]);
  useDocumentTitle('Intake queue');

  const done = page.status === 'done' ? page.value.result : undefined;
  const shown = page.status === 'done' ? page.value.shown : view;
  return (
    <>
      <h1 tabIndex={-1}>Intake queue</h1>
      {page.status === 'error' && page.problem.status === 403 ? (
        <Forbidden problem={page.problem} />
      ) : (
        <>
          <form className="filters panel" aria-label="Sort clusters" onSubmit={(e) => e.preventDefault()}>
            <label>
              Sort by{' '}
              <select name="sort" value={view.sort} onChange={(e) => navigate(hrefOf({ ...view, sort: e.target.value, offset: 0 }))}>
                {CLUSTER_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {sortLabels[s]?.option ?? s}
                  </option>
                ))}
              </select>
            </label>
          </form>
          {page.status === 'loading' && <p>Loading clusters…</p>}
          {page.status === 'error' && <ProblemView problem={page.problem} />}
        </>
      )}
      {done && (
        <section aria-labelledby="cluster-results" aria-busy={page.status === 'done' && page.reloading}>
          <h2 id="cluster-results" className="visually-hidden">
            Clusters
          </h2>
          <p role="status" className="result-count">
            {done.total === 0 ? 'No reports yet.' : `${counted(done.total, 'cluster')}, ${sortLabels[shown.sort]?.order ?? shown.sort}.`}
          </p>
          {done.items.length > 0 && (
            <div className="table-scroll">
              <table className="clusters">
                <caption className="visually-hidden">Clusters, {sortLabels[shown.sort]?.order ?? shown.sort}</caption>
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Findings</th>
                    <th scope="col">Reports</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {done.items.map((c) => (
                    <tr key={c.id} data-cluster={c.id}>
                      <th scope="row">
                        <Link to={clusterHref(c.id)}>{c.title}</Link>
                      </th>
                      <td className="count">{c.findings}</td>
                      <td className="count">{c.reports}</td>
                      <td>
                        <DateTime value={c.updatedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager total={done.total} offset={shown.offset} limit={shown.limit} noun="clusters" pageHref={(offset) => hrefOf({ ...shown, offset })} />
        </section>
      )}
    </>
  );
}

/** The queue is the clearinghouse's workspace: anyone else learns so, in the server's words, and where to go instead. */
function Forbidden({ problem }: { problem: Problem }) {
  return (
    <div className="problem" role="alert">
      <p>
        <strong>The intake queue is not open to you:</strong> {problem.detail.replace(/\.$/, '')}.
      </p>
      <p>
        You can still <Link to="/reports/new">report a vulnerability</Link>.
      </p>
    </div>
  );
}
