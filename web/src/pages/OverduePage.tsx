import { ProblemView, useDocumentTitle } from '../components/common.js';
import { ExposureTable } from '../components/ExposureTable.js';
import { counted } from '../components/labels.js';
import { Pager } from '../components/Pager.js';
import { useLoad } from '../components/use-load.js';
import { overdueExposures } from '../operator-api.js';
import { Link } from '../router.js';

const pageSize = 50;

/** Open work past its due date, the longest overdue first. */
export function OverduePage({ search }: { search: string }) {
  const offset = Math.max(0, Number(new URLSearchParams(search).get('offset')) || 0);
  // The answer keeps the offset it was asked with, so the pager describes the rows on screen while the next page loads.
  const page = useLoad(async (signal) => ({ offset, result: await overdueExposures({ offset, limit: pageSize }, signal) }), [offset]);
  useDocumentTitle('Overdue');
  return (
    <>
      <h1 tabIndex={-1}>Overdue work</h1>
      <p>
        Open and in-progress remediations past their due date, the longest overdue first. See <Link to="/exposures">all exposures</Link>.
      </p>
      {page.status === 'loading' && <p>Loading…</p>}
      {page.status === 'error' && <ProblemView problem={page.problem} />}
      {page.status === 'done' && (
        <>
          <p role="status" className="result-count">
            {page.value.result.total === 0 ? 'Nothing is overdue.' : `${counted(page.value.result.total, 'overdue exposure')}.`}
          </p>
          {page.value.result.items.length > 0 && <ExposureTable exposures={page.value.result.items} caption="Overdue exposures, earliest due date first" />}
          <Pager total={page.value.result.total} offset={page.value.offset} limit={pageSize} noun="overdue exposures" pageHref={(o) => `/exposures/overdue?offset=${o}`} />
        </>
      )}
    </>
  );
}
