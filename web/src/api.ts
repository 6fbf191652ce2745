/** Typed access to the Clearinghouse HTTP API (OSV v1 compatible). */

/** One event of an affected range; exactly one field is set. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  repo?: string;
  events: OsvEvent[];
}

export interface OsvSeverity {
  type: string;
  score: string;
}

export interface OsvPackage {
  ecosystem: string;
  name: string;
  purl?: string;
}

export interface OsvAffected {
  package?: OsvPackage;
  severity?: OsvSeverity[];
  ranges?: OsvRange[];
  versions?: string[];
}

export interface OsvReference {
  type: string;
  url: string;
}

export interface OsvCredit {
  name: string;
  contact?: string[];
  type?: string;
}

/** CISA KEV catalog fields the server adds as `database_specific.kev`. */
export interface KevInfo {
  cveID: string;
  dateAdded: string;
  dueDate: string;
  knownRansomwareCampaignUse: string;
  vulnerabilityName: string;
  requiredAction: string;
}

/** FIRST EPSS score the server adds as `database_specific.epss`. */
export interface EpssInfo {
  score: number;
  percentile: number;
  date: string;
}

/** An OSV record (https://ossf.github.io/osv-schema/), with the fields this app shows. */
export interface Vulnerability {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[] | null;
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: OsvReference[];
  credits?: OsvCredit[];
  database_specific?: { kev?: KevInfo; epss?: EpssInfo; [key: string]: unknown };
}

/** Why some records could not be judged for a query. */
export interface Undetermined {
  reason: string;
  streams: string[];
}

/** The answer to POST /v1/query; `{}` when nothing matches. */
export interface QueryResponse {
  vulns?: Vulnerability[];
  next_page_token?: string;
  undetermined?: Undetermined;
}

/** An RFC 9457 problem+json body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  candidates?: string[];
}

/** A failed request, carrying the server's problem (or one made up for a non-problem failure). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** What to search for: a purl, or an ecosystem and name with an optional version. */
export type PackageQuery = { purl: string } | { ecosystem: string; name: string; version?: string };

/** POST /v1/query, one page; pass the previous page's `next_page_token` for the next. */
export async function queryVulnerabilities(query: PackageQuery, pageToken?: string, signal?: AbortSignal): Promise<QueryResponse> {
  const body =
    'purl' in query
      ? { package: { purl: query.purl } }
      : { package: { ecosystem: query.ecosystem, name: query.name }, ...(query.version ? { version: query.version } : {}) };
  const response = await fetch('/v1/query', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(pageToken ? { ...body, page_token: pageToken } : body),
    signal,
  });
  if (!response.ok) throw new ApiError(await readProblem(response));
  return (await response.json()) as QueryResponse;
}

/** The outcome of looking up an id: the record, nothing, or several records carrying it as an alias. */
export type Lookup =
  | { kind: 'found'; record: Vulnerability }
  | { kind: 'not-found'; problem: Problem }
  | { kind: 'ambiguous'; problem: Problem; candidates: string[] };

/** GET /v1/vulns/{id}; the server also resolves an alias such as a CVE id. */
export async function getVulnerability(id: string, signal?: AbortSignal): Promise<Lookup> {
  const response = await fetch(`/v1/vulns/${encodeURIComponent(id)}`, { headers: { accept: 'application/json' }, signal });
  if (response.ok) return { kind: 'found', record: (await response.json()) as Vulnerability };
  const problem = await readProblem(response);
  if (response.status === 404) return { kind: 'not-found', problem };
  if (response.status === 300) return { kind: 'ambiguous', problem, candidates: problem.candidates ?? [] };
  throw new ApiError(problem);
}

/** Reads a problem+json body; anything else (a proxy's HTML page, say) becomes a problem too. */
export async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text();
  if (response.headers.get('content-type')?.includes('json')) {
    try {
      const parsed = JSON.parse(text) as Partial<Problem>;
      if (typeof parsed.detail === 'string') {
        return { type: 'about:blank', title: response.statusText, status: response.status, ...parsed, detail: parsed.detail };
      }
    } catch {
      // Not JSON after all: fall through to the generic problem.
    }
  }
  return { type: 'about:blank', title: response.statusText || 'Error', status: response.status, detail: text.trim().slice(0, 500) || `HTTP ${response.status}` };
}
