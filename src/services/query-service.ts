import { ecosystemForPurl } from '../domain/purl/ecosystem-map.js';
import { parsePurl } from '../domain/purl/purl.js';
import type { OsvRecord } from '../domain/osv/osv-record.js';
import type { Undetermined } from '../domain/matching/match-index.js';
import type { KnowledgeBase } from './knowledge-base.js';

/** An OSV v1 query: a package (by name and ecosystem, or purl) with a version, or a commit. */
export interface OsvQuery {
  readonly commit?: string;
  readonly version?: string;
  readonly package?: { readonly name?: string; readonly ecosystem?: string; readonly purl?: string };
  readonly page_token?: string;
}

/** A query's answer in OSV's shape, plus why some records could not be judged. */
export interface OsvQueryResponse {
  vulns?: OsvRecord[];
  next_page_token?: string;
  undetermined?: Undetermined;
}

/** One result of a batch: ids and modified times only, as OSV's querybatch returns. */
export interface OsvBatchResult {
  vulns?: { id: string; modified: string }[];
  next_page_token?: string;
  undetermined?: Undetermined;
}

/** A query the caller got wrong: the field at fault (a JSON pointer) and why. */
export class QueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Page sizes; OSV.dev pages long answers the same way. */
export interface QueryLimits {
  readonly pageSize: number;
  readonly batchPageSize: number;
  readonly maxBatch: number;
}

export const defaultQueryLimits: QueryLimits = { pageSize: 1000, batchPageSize: 1000, maxBatch: 1000 };

/**
 * The OSV v1 query use cases, shared by the HTTP API and the CLI so both give the
 * same answer for the same question.
 */
export class QueryService {
  readonly #kb: KnowledgeBase;
  readonly #limits: QueryLimits;

  constructor(kb: KnowledgeBase, limits: QueryLimits = defaultQueryLimits) {
    this.#kb = kb;
    this.#limits = limits;
  }

  /** POST /v1/query: full records, a page at a time. */
  async query(query: OsvQuery, pointer = ''): Promise<OsvQueryResponse> {
    const { ids, undetermined } = await this.#resolve(query, pointer);
    const offset = decodePageToken(query.page_token, `${pointer}/page_token`);
    const page = ids.slice(offset, offset + this.#limits.pageSize);
    const response: OsvQueryResponse = {};
    if (page.length > 0) response.vulns = await this.#kb.records(page);
    if (offset + page.length < ids.length) response.next_page_token = encodePageToken(offset + page.length);
    if (undetermined) response.undetermined = undetermined;
    return response;
  }

  /** POST /v1/querybatch: for each query, ids and modified times, a page at a time. */
  async queryBatch(queries: readonly OsvQuery[]): Promise<{ results: OsvBatchResult[] }> {
    if (queries.length > this.#limits.maxBatch) {
      throw new QueryError('/queries', `at most ${this.#limits.maxBatch} queries per batch, got ${queries.length}`);
    }
    const results: OsvBatchResult[] = [];
    for (const [i, query] of queries.entries()) {
      const pointer = `/queries/${i}`;
      const { ids, undetermined } = await this.#resolve(query, pointer);
      const offset = decodePageToken(query.page_token, `${pointer}/page_token`);
      const page = ids.slice(offset, offset + this.#limits.batchPageSize);
      const result: OsvBatchResult = {};
      if (page.length > 0) result.vulns = page.map((id) => ({ id, modified: this.#kb.modifiedOf(id) ?? '' }));
      if (offset + page.length < ids.length) result.next_page_token = encodePageToken(offset + page.length);
      if (undetermined) result.undetermined = undetermined;
      results.push(result);
    }
    return { results };
  }

  async #resolve(query: OsvQuery, pointer: string): Promise<{ ids: readonly string[]; undetermined?: Undetermined }> {
    if (query.commit !== undefined) {
      if (query.version !== undefined) throw new QueryError(`${pointer}/version`, 'give a version or a commit, not both');
      if (!/^[0-9a-f]{7,64}$/i.test(query.commit)) throw new QueryError(`${pointer}/commit`, 'a commit is a hexadecimal hash');
      return { ids: await this.#kb.matchCommit(query.commit) };
    }
    const target = packageOf(query, pointer);
    const answer = this.#kb.match(target);
    if (!answer.ok) {
      const field = answer.field === 'version' ? target.versionField : target.ecosystemField;
      throw new QueryError(field, answer.error);
    }
    return answer.undetermined ? { ids: answer.ids, undetermined: answer.undetermined } : { ids: answer.ids };
  }
}

interface ResolvedPackage {
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string | undefined;
  readonly ecosystemField: string;
  readonly versionField: string;
}

function packageOf(query: OsvQuery, pointer: string): ResolvedPackage {
  const pkg = query.package;
  if (!pkg) throw new QueryError(`${pointer}/package`, 'give a package (name and ecosystem, or purl) or a commit');
  if (pkg.purl !== undefined) {
    if (pkg.name !== undefined || pkg.ecosystem !== undefined) {
      throw new QueryError(`${pointer}/package/purl`, 'give a purl or a name and ecosystem, not both');
    }
    // Lenient: people type `pkg:npm/@babel/core` with the scope unencoded.
    const parsed = parsePurl(pkg.purl, { lenient: true });
    if (!parsed.ok) throw new QueryError(`${pointer}/package/purl`, parsed.error);
    if (parsed.purl.version !== undefined && query.version !== undefined) {
      throw new QueryError(`${pointer}/version`, 'the purl already has a version');
    }
    const mapped = ecosystemForPurl(parsed.purl);
    if ('error' in mapped) throw new QueryError(`${pointer}/package/purl`, mapped.error);
    const fromPurl = parsed.purl.version !== undefined;
    return {
      ecosystem: mapped.osvEcosystem,
      name: mapped.name,
      version: parsed.purl.version ?? query.version,
      ecosystemField: `${pointer}/package/purl`,
      versionField: fromPurl ? `${pointer}/package/purl` : `${pointer}/version`,
    };
  }
  if (!pkg.name) throw new QueryError(`${pointer}/package/name`, 'a package name is required');
  if (!pkg.ecosystem) throw new QueryError(`${pointer}/package/ecosystem`, 'an ecosystem is required');
  return {
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    version: query.version,
    ecosystemField: `${pointer}/package/ecosystem`,
    versionField: `${pointer}/version`,
  };
}

function encodePageToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodePageToken(token: string | undefined, field: string): number {
  if (token === undefined || token === '') return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw new QueryError(field, 'not a page token this server issued');
  return Number(match[1]);
}
