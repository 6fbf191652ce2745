import { useMemo } from 'react';
import { acknowledgementOverdueOnCase, CASE_SORTS, CASE_STATES, caseHref, listCases, type CaseSummary } from '../case-api.js';
import { BOARD_COLUMNS, ExploitedBadge, OverdueBadge, StateBadge, stateLabel } from '../components/case-parts.js';
import { ProblemView, useDocumentTitle } from '../components/common.js';
import { TlpBadge } from '../components/intake-parts.js';
import { counted } from '../components/labels.js';
import { Pager } from '../components/Pager.js';
import { TimeZoneScope, TimeZoneSetting, ZonedTime } from '../components/TimeZone.js';
import { useLoad } from '../components/use-load.js';
import { isAnalyst, isIntakeStaff } from '../intake-api.js';
import { Link, navigate } from '../router.js';
import { useProfile } from '../session.js';
import '../cases.css';

const defaultLimit = 100;
const defaultSort = 'updated';

const sortLabels: Record<string, { option: string; order: string }> = {
  updated: { option: 'Recently updated', order: 'most recently updated first' },
  opened: { option: 'Newest', order: 'newest first' },
  embargo: { option: 'Embargo ends soonest', order: 'soonest embargo end first' },
};

interface BoardView {
  state: string | undefined;
  sort: string;
  offset: number;
  limit: number;
}

/** The view a URL asks for; the URL holds it all, so a board can be shared and survives a reload. */
function viewFromSearch(search: string): BoardView {
  const params = new URLSearchParams(search);
  const state = params.get('state') ?? '';
  const sort = params.get('sort') ?? defaultSort;
  return {
    state: (CASE_STATES as readonly string[]).includes(state) ? state : undefined,
    sort: (CASE_SORTS as readonly string[]).includes(sort) ? sort : defaultSort,
    offset: Math.max(0, Number(params.get('offset')) || 0),
    limit: Math.max(1, Number(params.get('limit')) || defaultLimit),
  };
}

function hrefOf(view: BoardView): string {
  const params = new URLSearchParams();
  if (view.state !== undefined) params.set('state', view.state);
  if (view.sort !== defaultSort) params.set('sort', view.sort);
  if (view.offset > 0) params.set('offset', String(view.offset));
  if (view.limit !== defaultLimit) params.set('limit', String(view.limit));
  const query = params.toString();
  return query ? `/cases?${query}` : '/cases';
}

/** The cases the user may read, as columns by state, for the clearinghouse's coordinators (and each participant's own). */
export function CaseBoardPage({ search }: { search: string }) {
  useDocumentTitle('Cases');
  return (
    <>
      <h1 tabIndex={-1}>Cases</h1>
      <TimeZoneScope>
        <CaseBoard search={search} />
      </TimeZoneScope>
    </>
  );
}

function CaseBoard({ search }: { search: string }) {
  const { user, organization } = useProfile();
  const view = useMemo(() => viewFromSearch(search), [search]);
  // The answer keeps the view it was asked with, so the pager and count describe the cards on screen.
  const page = useLoad(async (signal) => ({ shown: view, result: await listCases(view, signal) }), [view]);
  const done = page.status === 'done' ? page.value.result : undefined;
  const shown = page.status === 'done' ? page.value.shown : view;
  const now = new Date();

  const columns = BOARD_COLUMNS.filter((c) => shown.state === undefined || c.states.includes(shown.state));
  return (
    <>
      <p className="actions">
        <Link to="/cases/calendar">Embargo calendar</Link>
        {isIntakeStaff(organization.type) && isAnalyst(user.role) && (
          <>
            {' '}
            · <Link to="/cases/new">Open a case from a cluster</Link>
          </>
        )}
      </p>
      <TimeZoneSetting />
      <form className="filters panel" aria-label="Filter and sort cases" onSubmit={(e) => e.preventDefault()}>
        <div className="filter-options">
          <span>
            <label htmlFor="case-state-filter">State</label>{' '}
            <select id="case-state-filter" name="state" value={view.state ?? ''} onChange={(e) => navigate(hrefOf({ ...view, state: e.target.value || undefined, offset: 0 }))}>
              <option value="">Every state</option>
              {CASE_STATES.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s)}
                </option>
              ))}
            </select>
          </span>
          <span>
            <label htmlFor="case-sort">Sort by</label>{' '}
            <select id="case-sort" name="sort" value={view.sort} onChange={(e) => navigate(hrefOf({ ...view, sort: e.target.value, offset: 0 }))}>
              {CASE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {sortLabels[s]?.option ?? s}
                </option>
              ))}
            </select>
          </span>
        </div>
      </form>
      {page.status === 'loading' && <p role="status">Loading cases…</p>}
      {page.status === 'error' && <ProblemView problem={page.problem} />}
      {done && (
        <section aria-labelledby="case-results" aria-busy={page.status === 'done' && page.reloading}>
          <h2 id="case-results" className="visually-hidden">
            Cases by state
          </h2>
          <p role="status" className="result-count">
            {done.total === 0
              ? shown.state === undefined
                ? 'No cases yet.'
                : `No case is ${stateLabel(shown.state).toLowerCase()}.`
              : `${counted(done.total, 'case')}${shown.state === undefined ? '' : ` ${stateLabel(shown.state).toLowerCase()}`}, ${sortLabels[shown.sort]?.order ?? shown.sort}.`}
          </p>
          {done.items.length > 0 && (
            <div className="case-board">
              {columns.map((column) => {
                const cards = done.items.filter((c) => column.states.includes(c.state));
                return (
                  <section key={column.key} className="board-column" aria-labelledby={`column-${column.key}`} data-column={column.key}>
                    <h3 id={`column-${column.key}`}>
                      {column.title} <span className="muted">({cards.length})</span>
                    </h3>
                    {cards.length === 0 ? (
                      <p className="muted">None</p>
                    ) : (
                      <ul className="case-cards">
                        {cards.map((c) => (
                          <CaseCard key={c.id} summary={c} overdue={acknowledgementOverdueOnCase(c, now)} />
                        ))}
                      </ul>
                    )}
                  </section>
                );
              })}
            </div>
          )}
          <Pager total={done.total} offset={shown.offset} limit={shown.limit} noun="cases" pageHref={(offset) => hrefOf({ ...shown, offset })} />
        </section>
      )}
    </>
  );
}

function CaseCard({ summary: c, overdue }: { summary: CaseSummary; overdue: boolean }) {
  return (
    <li className="case-card" data-case={c.id}>
      <Link to={caseHref(c.id)} className="case-title">
        {c.title}
      </Link>
      <div className="case-meta">
        <code>{c.id}</code> <TlpBadge tlp={c.tlp} />
        {c.state.startsWith('closed_') && <StateBadge state={c.state} />}
        {c.exploited && <ExploitedBadge />}
        {c.cveId && <code className="cve-id">{c.cveId}</code>}
      </div>
      {c.embargoUntil && (
        <div className="case-embargo">
          Embargo until <ZonedTime value={c.embargoUntil} />
        </div>
      )}
      {overdue && (
        <div>
          <OverdueBadge label="Acknowledgement overdue" />
        </div>
      )}
    </li>
  );
}
