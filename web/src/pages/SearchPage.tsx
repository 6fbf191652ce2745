import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { queryVulnerabilities, type PackageQuery, type Problem, type Undetermined, type Vulnerability } from '../api.js';
import { DateTime, KevBadge, ProblemView, problemOf, severitiesOf, useDocumentTitle } from '../components/common.js';
import { Link, navigate } from '../router.js';

/** Common OSV ecosystems; anything else (e.g. "Debian:12") goes in the free-text field. */
const ecosystems = [
  'AlmaLinux', 'Alpine', 'Android', 'Bitnami', 'crates.io', 'CRAN', 'Debian', 'GHC', 'GitHub Actions', 'Go',
  'Hackage', 'Hex', 'Julia', 'Linux', 'Maven', 'npm', 'NuGet', 'opam', 'openSUSE', 'Packagist', 'Pub', 'PyPI',
  'Red Hat', 'Rocky Linux', 'RubyGems', 'SUSE', 'SwiftURL', 'Ubuntu', 'Wolfi',
];
const otherEcosystem = '';

type Mode = 'purl' | 'package';

interface FormState {
  mode: Mode;
  purl: string;
  /** The select's value; `otherEcosystem` means the free-text field holds it. */
  ecosystemChoice: string;
  ecosystemOther: string;
  name: string;
  version: string;
}

/** The query a URL asks for: `?purl=…` or `?ecosystem=…&name=…[&version=…]`. */
function queryFromParams(params: URLSearchParams): PackageQuery | undefined {
  const purl = params.get('purl');
  if (purl) return { purl };
  const ecosystem = params.get('ecosystem');
  const name = params.get('name');
  if (!ecosystem || !name) return undefined;
  const version = params.get('version');
  return version ? { ecosystem, name, version } : { ecosystem, name };
}

function formFromQuery(query: PackageQuery | undefined): FormState {
  const blank: FormState = { mode: 'purl', purl: '', ecosystemChoice: 'PyPI', ecosystemOther: '', name: '', version: '' };
  if (!query) return blank;
  if ('purl' in query) return { ...blank, purl: query.purl };
  const known = ecosystems.includes(query.ecosystem);
  return {
    ...blank,
    mode: 'package',
    ecosystemChoice: known ? query.ecosystem : otherEcosystem,
    ecosystemOther: known ? '' : query.ecosystem,
    name: query.name,
    version: query.version ?? '',
  };
}

function paramsFromForm(form: FormState): URLSearchParams {
  if (form.mode === 'purl') return new URLSearchParams({ purl: form.purl.trim() });
  const params = new URLSearchParams({
    ecosystem: (form.ecosystemChoice === otherEcosystem ? form.ecosystemOther : form.ecosystemChoice).trim(),
    name: form.name.trim(),
  });
  if (form.version.trim()) params.set('version', form.version.trim());
  return params;
}

function describe(query: PackageQuery): string {
  if ('purl' in query) return query.purl;
  return `${query.ecosystem} ${query.name}${query.version ? ` ${query.version}` : ''}`;
}

type Results =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; problem: Problem }
  | { status: 'done'; vulns: Vulnerability[]; next?: string; undetermined?: Undetermined; loadingMore: boolean; moreProblem?: Problem };

/** Which form control a problem's field pointer is about. */
const controlForField: Record<string, string> = {
  '/package/purl': 'purl',
  '/package/ecosystem': 'ecosystem',
  '/package/name': 'name',
  '/version': 'version',
};

/** The search page: the URL holds the query, so a search can be shared and survives a reload. */
export function SearchPage({ search }: { search: string }) {
  const query = useMemo(() => queryFromParams(new URLSearchParams(search)), [search]);
  const [form, setForm] = useState(() => formFromQuery(query));
  const [results, setResults] = useState<Results>({ status: 'idle' });
  // Submitting the same search again should run it again, though the URL stays the same.
  const [runs, setRuns] = useState(0);
  // A next page still loading when the search changes belongs to the old search.
  const loadingMore = useRef<AbortController | undefined>(undefined);
  useDocumentTitle(query ? `Search: ${describe(query)}` : 'Search');

  // Back and forward change the URL under the form; show what the URL asks for.
  useEffect(() => setForm(formFromQuery(query)), [query]);

  useEffect(() => {
    if (!query) {
      setResults({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setResults({ status: 'loading' });
    queryVulnerabilities(query, undefined, controller.signal).then(
      (r) => setResults({ status: 'done', vulns: r.vulns ?? [], next: r.next_page_token, undetermined: r.undetermined, loadingMore: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setResults({ status: 'error', problem: problemOf(error) });
      },
    );
    return () => {
      controller.abort();
      loadingMore.current?.abort();
    };
  }, [query, runs]);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const to = `/?${paramsFromForm(form).toString()}`;
    if (to === `/${search}`) setRuns((n) => n + 1);
    else navigate(to);
  };

  const loadMore = (): void => {
    if (results.status !== 'done' || !results.next || !query) return;
    const shown = results;
    const controller = new AbortController();
    loadingMore.current = controller;
    setResults({ ...shown, loadingMore: true, moreProblem: undefined });
    queryVulnerabilities(query, shown.next, controller.signal).then(
      (r) => setResults({ status: 'done', vulns: [...shown.vulns, ...(r.vulns ?? [])], next: r.next_page_token, undetermined: r.undetermined ?? shown.undetermined, loadingMore: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setResults({ ...shown, loadingMore: false, moreProblem: problemOf(error) });
      },
    );
  };

  const problem = results.status === 'error' ? results.problem : undefined;
  const invalid = new Set((problem?.errors ?? []).map((e) => controlForField[e.field]).filter((c) => c !== undefined));
  /** Marks a control the server named as at fault and points it at the problem's text. */
  const errorProps = (control: string, hint?: string) => {
    const describedBy = [hint, invalid.has(control) ? 'search-problem' : undefined].filter(Boolean).join(' ');
    return { 'aria-invalid': invalid.has(control) || undefined, 'aria-describedby': describedBy || undefined };
  };
  const set = (patch: Partial<FormState>): void => setForm((f) => ({ ...f, ...patch }));

  return (
    <>
      <h1 tabIndex={-1}>Search vulnerabilities</h1>
      <form className="search" onSubmit={submit} aria-label="Search vulnerabilities">
        <fieldset className="mode">
          <legend>Search by</legend>
          <label>
            <input type="radio" name="mode" value="purl" checked={form.mode === 'purl'} onChange={() => set({ mode: 'purl' })} /> Package URL
          </label>
          <label>
            <input type="radio" name="mode" value="package" checked={form.mode === 'package'} onChange={() => set({ mode: 'package' })} /> Ecosystem and name
          </label>
        </fieldset>

        {form.mode === 'purl' ? (
          <div className="field">
            <label htmlFor="purl">Package URL (purl)</label>
            <input
              id="purl"
              name="purl"
              required
              spellCheck={false}
              autoComplete="off"
              placeholder="pkg:pypi/jinja2@2.4.1"
              value={form.purl}
              onChange={(e) => set({ purl: e.target.value })}
              {...errorProps('purl', 'purl-hint')}
            />
            <p className="hint" id="purl-hint">
              Include the version after <code>@</code> to see only the advisories that affect it.
            </p>
          </div>
        ) : (
          <div className="fields">
            <div className="field">
              <label htmlFor="ecosystem">Ecosystem</label>
              <select id="ecosystem" name="ecosystem" value={form.ecosystemChoice} onChange={(e) => set({ ecosystemChoice: e.target.value })} {...errorProps('ecosystem')}>
                {ecosystems.map((e) => (
                  <option key={e} value={e}>
                    {e}
                  </option>
                ))}
                <option value={otherEcosystem}>Other…</option>
              </select>
            </div>
            {form.ecosystemChoice === otherEcosystem && (
              <div className="field">
                <label htmlFor="ecosystem-other">Other ecosystem</label>
                <input
                  id="ecosystem-other"
                  name="ecosystem-other"
                  required
                  spellCheck={false}
                  placeholder="Debian:12"
                  value={form.ecosystemOther}
                  onChange={(e) => set({ ecosystemOther: e.target.value })}
                  {...errorProps('ecosystem')}
                />
              </div>
            )}
            <div className="field">
              <label htmlFor="name">Package name</label>
              <input id="name" name="name" required spellCheck={false} placeholder="jinja2" value={form.name} onChange={(e) => set({ name: e.target.value })} {...errorProps('name')} />
            </div>
            <div className="field">
              <label htmlFor="version">
                Version <span className="optional">(optional)</span>
              </label>
              <input id="version" name="version" spellCheck={false} placeholder="2.4.1" value={form.version} onChange={(e) => set({ version: e.target.value })} {...errorProps('version')} />
            </div>
          </div>
        )}
        <button type="submit">Search</button>
        {problem && <ProblemView problem={problem} id="search-problem" />}
      </form>

      {query && results.status !== 'error' && <ResultsView query={query} results={results} onMore={loadMore} />}
    </>
  );
}

function ResultsView({ query, results, onMore }: { query: PackageQuery; results: Results; onMore: () => void }) {
  const done = results.status === 'done' ? results : undefined;
  const count = done?.vulns.length ?? 0;
  const status = !done
    ? 'Searching…'
    : count > 0
      ? `${count}${done.next ? '+' : ''} ${count === 1 ? 'vulnerability' : 'vulnerabilities'} for ${describe(query)}.`
      : done.undetermined
        ? `No vulnerabilities matched ${describe(query)}, but some records could not be judged.`
        : `No known vulnerabilities for ${describe(query)}.`;
  return (
    <section className="results" aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      <p role="status">{status}</p>
      {done?.undetermined && (
        <div className="note" role="note">
          <p>
            <strong>Some records could not be judged:</strong> {done.undetermined.reason}
          </p>
          {done.undetermined.streams.length > 0 && (
            <p>
              Search a release stream instead: <StreamLinks query={query} streams={done.undetermined.streams} />
            </p>
          )}
        </div>
      )}
      {done && count > 0 && (
        <div className="table-scroll">
          <table className="vulns">
            <caption className="visually-hidden">Vulnerabilities for {describe(query)}</caption>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Summary</th>
                <th scope="col">Severity</th>
                <th scope="col">Aliases</th>
                <th scope="col">Modified</th>
              </tr>
            </thead>
            <tbody>
              {done.vulns.map((v) => (
                <ResultRow key={v.id} vuln={v} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {done?.moreProblem && <ProblemView problem={done.moreProblem} />}
      {done?.next && (
        <button type="button" onClick={onMore} disabled={done.loadingMore}>
          {done.loadingMore ? 'Loading…' : 'More results'}
        </button>
      )}
    </section>
  );
}

/** The streams to try; for a search by ecosystem, each links to the same search in that stream. */
function StreamLinks({ query, streams }: { query: PackageQuery; streams: string[] }) {
  return (
    <ul className="inline-list">
      {streams.map((stream) => {
        if ('purl' in query) return <li key={stream}>{stream}</li>;
        const params = new URLSearchParams({ ecosystem: stream, name: query.name });
        if (query.version) params.set('version', query.version);
        return (
          <li key={stream}>
            <Link to={`/?${params.toString()}`}>{stream}</Link>
          </li>
        );
      })}
    </ul>
  );
}

/** A record's summary, or for records without one (many PyPI advisories) the start of its details. */
function summaryOf(v: Vulnerability): { text: string; fallback: boolean } {
  if (v.summary) return { text: v.summary, fallback: false };
  const details = (v.details ?? '').replace(/\s+/g, ' ').trim();
  return { text: details.length > 160 ? `${details.slice(0, 157)}…` : details, fallback: true };
}

function ResultRow({ vuln }: { vuln: Vulnerability }) {
  const summary = summaryOf(vuln);
  const kev = vuln.database_specific?.kev;
  return (
    <tr>
      <th scope="row" className="id">
        <Link to={`/vulns/${encodeURIComponent(vuln.id)}`}>{vuln.id}</Link>
        {kev && <KevBadge kev={kev} />}
        {vuln.withdrawn && <span className="badge badge-withdrawn">Withdrawn</span>}
      </th>
      <td className={summary.fallback ? 'muted' : undefined}>{summary.text}</td>
      <td className="severity">
        {severitiesOf(vuln).map((s) => (
          <div key={`${s.type} ${s.score}`}>
            {s.type} {s.score}
          </div>
        ))}
      </td>
      <td>
        <ul className="inline-list">
          {(vuln.aliases ?? []).map((a) => (
            <li key={a}>
              <Link to={`/vulns/${encodeURIComponent(a)}`}>{a}</Link>
            </li>
          ))}
        </ul>
      </td>
      <td>
        <DateTime value={vuln.modified} />
      </td>
    </tr>
  );
}
