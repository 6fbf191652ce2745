import { useMemo } from 'react';
import { ProblemView, useDocumentTitle } from '../components/common.js';
import { ExposureTable } from '../components/ExposureTable.js';
import { counted, label, sortLabels } from '../components/labels.js';
import { Pager } from '../components/Pager.js';
import { useLoad } from '../components/use-load.js';
import { EXPOSURE_SORTS, exportUrl, exposureParams, getAsset, listExposures, PRIORITIES, REMEDIATION_STATUSES, type ExposureFilter } from '../operator-api.js';
import { Link, navigate } from '../router.js';

/** Rows per page unless the URL says otherwise. */
const defaultLimit = 50;

/** The filter a URL asks for; the URL holds it all, so a view can be shared and survives a reload. */
function filterFromSearch(search: string): ExposureFilter & { offset: number; limit: number; sort: string } {
  const params = new URLSearchParams(search);
  const asset = params.get('asset');
  return {
    ...(asset ? { asset } : {}),
    priority: params.getAll('priority'),
    status: params.getAll('status'),
    includeNotAffected: params.get('includeNotAffected') === 'true',
    sort: params.get('sort') ?? 'priority',
    offset: Math.max(0, Number(params.get('offset')) || 0),
    limit: Math.max(1, Number(params.get('limit')) || defaultLimit),
  };
}

/** The app URL of a filter; the default sort and page size are left out to keep links short. */
function hrefOf(filter: ExposureFilter): string {
  const params = exposureParams({ ...filter, sort: filter.sort === 'priority' ? undefined : filter.sort, offset: filter.offset || undefined, limit: filter.limit === defaultLimit ? undefined : filter.limit });
  const query = params.toString();
  return query ? `/exposures?${query}` : '/exposures';
}

/** Every exposure the user may see, most urgent first, with filters, sorting, pages and the export. */
export function ExposuresPage({ search }: { search: string }) {
  const filter = useMemo(() => filterFromSearch(search), [search]);
  // The answer keeps the filter it was asked with: while the next one loads, the pager and
  // the count describe the rows on screen, not the URL's new page.
  const page = useLoad(async (signal) => ({ shown: filter, result: await listExposures(filter, signal) }), [filter]);
  const asset = useLoad(async (signal) => (filter.asset ? getAsset(filter.asset, signal) : undefined), [filter.asset]);
  useDocumentTitle('Exposures');

  /** Applies a change at once, from the first page. */
  const change = (patch: Partial<ExposureFilter>): void => navigate(hrefOf({ ...filter, ...patch, offset: 0 }));
  const toggle = (list: readonly string[] | undefined, value: string, on: boolean): string[] => (on ? [...(list ?? []), value] : (list ?? []).filter((v) => v !== value));

  const done = page.status === 'done' ? page.value.result : undefined;
  const shown = page.status === 'done' ? page.value.shown : filter;
  return (
    <>
      <h1 tabIndex={-1}>Exposures</h1>
      <p className="actions">
        <Link to="/exposures/overdue">Overdue work</Link> · Export all of your organization&apos;s exposures: <a href={exportUrl('csv')}>CSV</a>, <a href={exportUrl('json')}>JSON</a>
      </p>
      {filter.asset && (
        <p className="note">
          Only the asset {asset.status === 'done' && asset.value ? <Link to={`/assets/${encodeURIComponent(asset.value.id)}`}>{asset.value.name}</Link> : filter.asset}.{' '}
          <Link to={hrefOf({ ...filter, asset: undefined, offset: 0 })}>Show every asset</Link>
        </p>
      )}

      <form className="filters panel" aria-label="Filter and sort exposures" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Priority</legend>
          {[...PRIORITIES].reverse().map((p) => (
            <label key={p}>
              <input type="checkbox" name="priority" value={p} checked={filter.priority?.includes(p) ?? false} onChange={(e) => change({ priority: toggle(filter.priority, p, e.target.checked) })} /> {label(p)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Status</legend>
          {REMEDIATION_STATUSES.map((s) => (
            <label key={s}>
              <input type="checkbox" name="status" value={s} checked={filter.status?.includes(s) ?? false} onChange={(e) => change({ status: toggle(filter.status, s, e.target.checked) })} /> {label(s)}
            </label>
          ))}
        </fieldset>
        <div className="filter-options">
          <label>
            <input type="checkbox" name="includeNotAffected" checked={filter.includeNotAffected ?? false} onChange={(e) => change({ includeNotAffected: e.target.checked })} /> Include not affected
          </label>
          <label>
            Sort by{' '}
            <select name="sort" value={filter.sort} onChange={(e) => change({ sort: e.target.value })}>
              {EXPOSURE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {sortLabels[s] ?? s}
                </option>
              ))}
            </select>
          </label>
        </div>
      </form>

      {page.status === 'loading' && <p>Loading exposures…</p>}
      {page.status === 'error' && <ProblemView problem={page.problem} />}
      {done && (
        <section aria-labelledby="exposure-results" aria-busy={page.status === 'done' && page.reloading}>
          <h2 id="exposure-results" className="visually-hidden">
            Results
          </h2>
          <p role="status" className="result-count">
            {done.total === 0 ? 'No exposures match.' : `${counted(done.total, 'exposure')}, sorted by ${(sortLabels[shown.sort] ?? shown.sort).toLowerCase()}.`}
          </p>
          {done.items.length > 0 && <ExposureTable exposures={done.items} caption={`Exposures sorted by ${shown.sort}`} />}
          <Pager total={done.total} offset={shown.offset} limit={shown.limit} noun="exposures" pageHref={(offset) => hrefOf({ ...shown, offset })} />
        </section>
      )}
    </>
  );
}
