import { useMemo } from 'react';
import { acknowledgementOverdue, allCases, caseHref, isVendorOrg, listCases, listVendorCases, type CaseSummary } from '../case-api.js';
import { OverdueBadge } from '../components/case-parts.js';
import { ProblemView, useDocumentTitle } from '../components/common.js';
import { counted } from '../components/labels.js';
import { TimeZoneScope, TimeZoneSetting, useTimeZone, ZonedTime } from '../components/TimeZone.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';
import { useProfile } from '../session.js';
import { dateInZone } from '../zoned-date.js';
import '../cases.css';

/** The most cases the calendar places; beyond it, it says so. */
const MAX_CASES = 2000;

/** A date on the calendar: an embargo's end, or a vendor's acknowledgement deadline. */
interface Deadline {
  kind: 'embargo' | 'acknowledgement';
  at: string;
  caseId: string;
  title: string;
  /** The vendor an acknowledgement is due from. */
  vendor?: string;
  acknowledged?: boolean;
  overdue?: boolean;
}

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A month as YYYY-MM; civil dates, so UTC arithmetic is exact. */
function monthOf(search: string, today: string): string {
  const month = new URLSearchParams(search).get('month') ?? '';
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : today.slice(0, 7);
}

function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m - 1 + by, 1)).toISOString().slice(0, 7);
}

function monthTitle(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m - 1, 1)));
}

/** The month's days as weeks from Monday; days of the neighbouring months are null. */
function weeksOf(month: string): (string | null)[][] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, m - 1, 1));
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`)];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

function calendarHref(month: string): string {
  return `/cases/calendar?month=${month}`;
}

/** Embargo ends and acknowledgement deadlines of the cases the user may read, on a month's grid in their zone. */
export function EmbargoCalendarPage({ search }: { search: string }) {
  return (
    <>
      <h1 tabIndex={-1}>Embargo calendar</h1>
      <TimeZoneScope>
        <EmbargoCalendar search={search} />
      </TimeZoneScope>
    </>
  );
}

function EmbargoCalendar({ search }: { search: string }) {
  const { organization } = useProfile();
  const { zone } = useTimeZone();
  const today = dateInZone(new Date().toISOString(), zone);
  const month = monthOf(search, today);
  const loaded = useLoad((signal) => deadlinesFor(organization, signal), [organization.id]);
  useDocumentTitle(`Embargo calendar, ${monthTitle(month)}`);

  const byDate = useMemo(() => {
    const map = new Map<string, Deadline[]>();
    for (const d of loaded.status === 'done' ? loaded.value.deadlines : []) {
      const date = dateInZone(d.at, zone);
      map.set(date, [...(map.get(date) ?? []), d]);
    }
    for (const list of map.values()) list.sort((a, b) => a.at.localeCompare(b.at));
    return map;
  }, [loaded, zone]);
  const inMonth = [...byDate].filter(([date]) => date.startsWith(month)).flatMap(([, list]) => list);
  const embargoes = inMonth.filter((d) => d.kind === 'embargo').length;

  return (
    <>
      <p className="actions">
        <Link to="/cases">Case board</Link>
      </p>
      <TimeZoneSetting />
      <nav className="month-nav" aria-label="Months">
        <Link to={calendarHref(shiftMonth(month, -1))} rel="prev">
          Previous month
        </Link>
        <Link to={calendarHref(today.slice(0, 7))}>This month</Link>
        <Link to={calendarHref(shiftMonth(month, 1))} rel="next">
          Next month
        </Link>
      </nav>
      {loaded.status === 'loading' && <p role="status">Loading cases…</p>}
      {loaded.status === 'error' && <ProblemView problem={loaded.problem} />}
      {loaded.status === 'done' && (
        <>
          <p role="status" className="result-count">
            {monthTitle(month)}: {counted(embargoes, 'embargo end')}, {counted(inMonth.length - embargoes, 'acknowledgement deadline')}.
          </p>
          {!loaded.value.complete && <p className="note">Only the first {MAX_CASES} cases, by embargo end, are on the calendar.</p>}
          <div className="table-scroll">
            <table className="calendar">
              <caption>{monthTitle(month)}</caption>
              <thead>
                <tr>
                  {weekdays.map((d) => (
                    <th key={d} scope="col">
                      {d}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weeksOf(month).map((week) => (
                  <tr key={week.find((d) => d !== null) ?? ''}>
                    {week.map((date, i) =>
                      date === null ? (
                        <td key={`empty-${i}`} className="other-month" />
                      ) : (
                        <td key={date} data-date={date} className={date === today ? 'today' : undefined} aria-current={date === today ? 'date' : undefined}>
                          <time dateTime={date} className="day-number">
                            {Number(date.slice(8))}
                          </time>
                          <DayDeadlines deadlines={byDate.get(date) ?? []} />
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

function DayDeadlines({ deadlines }: { deadlines: readonly Deadline[] }) {
  if (deadlines.length === 0) return null;
  return (
    <ul className="deadlines">
      {deadlines.map((d) => (
        <li key={`${d.kind} ${d.caseId} ${d.vendor ?? ''}`} className={`deadline deadline-${d.kind}`}>
          <span className="deadline-kind">{d.kind === 'embargo' ? 'Embargo ends' : `Acknowledgement${d.vendor ? ` from ${d.vendor}` : ''}`}</span> <ZonedTime value={d.at} />{' '}
          <Link to={caseHref(d.caseId)} title={d.title}>
            {d.caseId}
          </Link>
          {d.acknowledged && <span className="muted"> (acknowledged)</span>}
          {d.overdue && <OverdueBadge label="Overdue" />}
        </li>
      ))}
    </ul>
  );
}

function embargoOf(c: CaseSummary): Deadline[] {
  return c.embargoUntil ? [{ kind: 'embargo', at: c.embargoUntil, caseId: c.id, title: c.title }] : [];
}

/**
 * The deadlines the user may see. A vendor's portal list carries its own acknowledgement
 * dates; for the coordinators, the case list does not, so each case where one can be due
 * (vendors told, case still worked) is read.
 */
async function deadlinesFor(organization: { type: string }, signal: AbortSignal): Promise<{ deadlines: Deadline[]; complete: boolean }> {
  const now = new Date();
  if (isVendorOrg(organization.type)) {
    const { items, complete } = await allCases(listVendorCases, MAX_CASES, signal);
    const deadlines = items.flatMap((c): Deadline[] => [
      ...embargoOf(c),
      ...(c.acknowledgementDue ? [{ kind: 'acknowledgement' as const, at: c.acknowledgementDue, caseId: c.id, title: c.title, acknowledged: c.acknowledgedAt !== null, overdue: acknowledgementOverdue(c, now) }] : []),
    ]);
    return { deadlines, complete };
  }
  const { items, complete } = await allCases(listCases, MAX_CASES, signal);
  const deadlines = items.flatMap((c): Deadline[] => [
    ...embargoOf(c),
    ...c.acknowledgements.map((a): Deadline => ({ kind: 'acknowledgement', at: a.due, caseId: c.id, title: c.title, vendor: a.vendorName, acknowledged: a.acknowledgedAt !== null, overdue: acknowledgementOverdue({ acknowledgementDue: a.due, acknowledgedAt: a.acknowledgedAt }, now) })),
  ]);
  return { deadlines, complete };
}

