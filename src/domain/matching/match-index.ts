import type { OsvEvent, OsvRecord } from '../osv/osv-record.js';
import { resolveEcosystem, type EcosystemDefinition } from '../versioning/ecosystems.js';
import { compareKeys } from '../versioning/sort-key.js';
import type { VersionScheme } from '../versioning/version-scheme.js';
import { compileRange, comparePoints, isInIntervals, type AffectedInterval, type VersionPoint } from './affected-intervals.js';

/** A problem found while indexing a record: it is reported, and the part at fault is not matched. */
export interface IndexIssue {
  readonly vulnId: string;
  /** JSON path of the part at fault, e.g. `affected[0].ranges[1]`. */
  readonly path: string;
  readonly message: string;
}

/** A package question: ecosystem (with optional stream), name, and optionally a version. */
export interface PackageQuery {
  readonly ecosystem: string;
  readonly name: string;
  readonly version?: string | undefined;
}

/** Why an answer cannot be given for some records, instead of guessing. */
export interface Undetermined {
  readonly reason: string;
  /** The release streams that have advisories for this package. */
  readonly streams: string[];
}

/** The answer to a package question; `ids` are sorted and must not be modified (answers are shared). */
export type MatchAnswer =
  | { readonly ok: true; readonly ids: readonly string[]; readonly undetermined?: Undetermined }
  | { readonly ok: false; readonly field: 'ecosystem' | 'version'; readonly error: string };

/** A GIT range as a record states it, for commit-graph evaluation outside the domain. */
export interface GitRange {
  readonly vulnId: string;
  readonly repo: string;
  readonly introduced: readonly string[];
  readonly fixed: readonly string[];
  readonly lastAffected: readonly string[];
  readonly limit: readonly string[];
}

/** What one record says about one package in one stream. */
interface Contribution {
  readonly vulnId: string;
  /** Release stream for streamed ecosystems; undefined means "every stream". */
  readonly stream: string | undefined;
  readonly intervals: readonly AffectedInterval<unknown>[];
  /** Listed versions the scheme cannot parse, kept for exact-string matching. */
  readonly exactVersions: readonly string[];
}

/**
 * A package's affected versions compiled for one stream: the sorted interval bounds
 * and, for each gap between consecutive bounds, the records affecting it. A check is
 * then one binary search.
 */
interface CompiledStream {
  /** The bounds as two flat columns (version, and 1 for "just above it"): fewer pointers to chase per check. */
  readonly versions: readonly unknown[];
  readonly after: Uint8Array;
  /** True when versions are sort keys (see sort-key.ts): a check compares them with string operators. */
  readonly keyed: boolean;
  /** segments[k] answers for [bound k-1, bound k); one shared answer object where equal. */
  readonly segments: readonly { readonly ok: true; readonly ids: readonly string[] }[];
  /** Listed versions matched by their text; undefined when there are none (most packages). */
  readonly exact: ReadonlyMap<string, readonly string[]> | undefined;
}

interface PackageEntry {
  readonly scheme: VersionScheme;
  readonly definition: EcosystemDefinition;
  readonly contributions: Map<string, Contribution[]>;
}

/**
 * What a check of one package, spelled as a query spells it, needs: built on the first
 * check and dropped when the package's base ecosystem changes. Everything a check
 * reads is one memo lookup away, so a check costs a parse and a binary search.
 */
interface Target extends CompiledStream {
  readonly scheme: VersionScheme;
  readonly entry: PackageEntry | undefined;
  readonly stream: string;
  readonly undetermined: Undetermined | undefined;
}

/** The memo of one ecosystem spelling: its resolution and the targets of the names queried. */
interface EcosystemTargets {
  readonly resolved: ReturnType<typeof resolveEcosystem>;
  readonly names: Map<string, Target>;
}

const none: readonly string[] = Object.freeze([]);
/** The answer "nothing affects it", shared: answers are read-only. */
const noneAnswer: { readonly ok: true; readonly ids: readonly string[] } = Object.freeze({ ok: true, ids: none });
/** A package no record names: every version is in the one empty segment. */
const unnamed: CompiledStream = { versions: none, after: new Uint8Array(0), keyed: false, segments: [noneAnswer], exact: undefined };

/**
 * The in-memory matching index: for each (ecosystem, package) the compiled affected
 * versions of every record, for each commit the records that name it as affected.
 * Built from the store at start and updated record by record on each import.
 */
export class MatchIndex {
  readonly #schemes: ReadonlyMap<string, VersionScheme>;
  readonly #packages = new Map<string, PackageEntry>();
  readonly #keysByVuln = new Map<string, string[]>();
  readonly #commits = new Map<string, Set<string>>();
  readonly #commitsByVuln = new Map<string, string[]>();
  readonly #gitRanges = new Map<string, GitRange[]>();
  /** Ecosystem spelling of a query → its targets by name spelling (normalizing a name costs more than a check). */
  readonly #targets = new Map<string, EcosystemTargets>();

  constructor(schemes: ReadonlyMap<string, VersionScheme>) {
    this.#schemes = schemes;
  }

  /** Number of records with at least one indexed package or commit. */
  get size(): number {
    return new Set([...this.#keysByVuln.keys(), ...this.#commitsByVuln.keys()]).size;
  }

  /**
   * Indexes a record, replacing what an earlier version of it said, and returns the
   * problems found. Withdrawn records are removed: they no longer affect anything.
   */
  upsert(record: OsvRecord): readonly IndexIssue[] {
    this.remove(record.id);
    const read = readRecord(record, this.#schemes);
    if (record.withdrawn) return read.issues;
    const keys: string[] = [];
    const bases = new Set<string>();
    for (const { key, scheme, definition, contribution } of read.contributions) {
      let entry = this.#packages.get(key);
      if (!entry) {
        entry = { scheme, definition, contributions: new Map() };
        this.#packages.set(key, entry);
      }
      const list = entry.contributions.get(record.id);
      if (list) list.push(contribution);
      else entry.contributions.set(record.id, [contribution]);
      bases.add(definition.base);
      keys.push(key);
    }
    for (const base of bases) this.#forgetTargets(base);
    if (keys.length > 0) this.#keysByVuln.set(record.id, keys);
    const commits = read.gitRanges.flatMap((g) => [...g.introduced, ...g.lastAffected]);
    if (commits.length > 0) {
      this.#commitsByVuln.set(record.id, commits);
      for (const hash of commits) {
        const set = this.#commits.get(hash) ?? new Set<string>();
        set.add(record.id);
        this.#commits.set(hash, set);
      }
    }
    for (const git of read.gitRanges) {
      const list = this.#gitRanges.get(git.repo) ?? [];
      list.push(git);
      this.#gitRanges.set(git.repo, list);
    }
    return read.issues;
  }

  /** Removes everything a record contributed. */
  remove(vulnId: string): void {
    for (const key of this.#keysByVuln.get(vulnId) ?? []) {
      const entry = this.#packages.get(key);
      if (!entry) continue;
      entry.contributions.delete(vulnId);
      if (entry.contributions.size === 0) this.#packages.delete(key);
      this.#forgetTargets(entry.definition.base);
    }
    this.#keysByVuln.delete(vulnId);
    for (const hash of this.#commitsByVuln.get(vulnId) ?? []) {
      const set = this.#commits.get(hash);
      set?.delete(vulnId);
      if (set?.size === 0) this.#commits.delete(hash);
    }
    this.#commitsByVuln.delete(vulnId);
    for (const [repo, list] of this.#gitRanges) {
      const kept = list.filter((g) => g.vulnId !== vulnId);
      if (kept.length === 0) this.#gitRanges.delete(repo);
      else if (kept.length !== list.length) this.#gitRanges.set(repo, kept);
    }
  }

  /**
   * The records affecting a package version (or, without a version, every record
   * naming the package). Distribution streams never cross: a query without a stream
   * for a package whose advisories are per release answers "undetermined" for them.
   */
  match(query: PackageQuery): MatchAnswer {
    const targets = this.#targetsOf(query.ecosystem);
    if (!targets.resolved.ok) return { ok: false, field: 'ecosystem', error: targets.resolved.error };
    let target = targets.names.get(query.name);
    if (target === undefined) {
      target = this.#target(targets.resolved.value.definition, targets.resolved.value.suffix, query.name);
      if (targets.names.size >= 200000) targets.names.clear();
      targets.names.set(query.name, target);
    }
    const { entry, undetermined } = target;
    let answer: MatchAnswer & { ok: true };
    if (query.version === undefined) {
      if (!entry) return noneAnswer;
      const ids = [...entry.contributions.values()]
        .filter((list) => list.some((c) => c.stream === undefined || c.stream === target.stream))
        .map((list) => list[0]!.vulnId)
        .sort();
      answer = { ok: true, ids };
    } else {
      const parsed = target.scheme.parse(query.version);
      const exact = target.exact?.get(query.version);
      if (!parsed.ok) {
        if (!exact) return { ok: false, field: 'version', error: parsed.error };
        answer = { ok: true, ids: [...exact].sort() };
      } else {
        answer = lookup(target, parsed.value);
        if (exact) answer = { ok: true, ids: [...new Set([...answer.ids, ...exact])].sort() };
      }
    }
    return undetermined ? { ...answer, undetermined } : answer;
  }

  /** Ecosystem spellings are few: resolve each once. */
  #targetsOf(ecosystem: string): EcosystemTargets {
    let targets = this.#targets.get(ecosystem);
    if (!targets) {
      targets = { resolved: resolveEcosystem(ecosystem), names: new Map() };
      if (this.#targets.size < 10000) this.#targets.set(ecosystem, targets);
    }
    return targets;
  }

  #target(definition: EcosystemDefinition, suffix: string | undefined, name: string): Target {
    const scheme = this.#schemes.get(definition.schemeId)!;
    const entry = this.#packages.get(packageKey(definition, name));
    const stream = definition.streamed ? (suffix ?? '') : '';
    if (!entry) return { scheme, entry, stream, undetermined: undefined, ...unnamed };
    const undetermined = stream === '' && definition.streamed ? findStreams(entry) : undefined;
    return { scheme, entry, stream, undetermined, ...compile(entry, stream) };
  }

  /** Drops the targets of every spelling of an ecosystem base whose packages changed. */
  #forgetTargets(base: string): void {
    for (const targets of this.#targets.values()) {
      if (targets.resolved.ok && targets.resolved.value.definition.base === base) targets.names.clear();
    }
  }

  /** Records that name a commit as introduced or last affected. */
  matchCommit(hash: string): readonly string[] {
    const set = this.#commits.get(hash.toLowerCase());
    return set ? [...set] : none;
  }

  /** The GIT ranges stated for a repository URL, for evaluation against a local clone. */
  gitRangesFor(repo: string): readonly GitRange[] {
    return this.#gitRanges.get(repo) ?? [];
  }

}

function packageKey(definition: EcosystemDefinition, name: string): string {
  return `${definition.base}\u0000${definition.normalizeName(name)}`;
}

function gitRangeOf(vulnId: string, repo: string, events: readonly OsvEvent[]): GitRange {
  const pick = (kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'): string[] =>
    events.flatMap((e) => {
      const value = (e as Partial<Record<typeof kind, string>>)[kind];
      return value !== undefined && value !== '0' ? [value.toLowerCase()] : [];
    });
  return { vulnId, repo, introduced: pick('introduced'), fixed: pick('fixed'), lastAffected: pick('last_affected'), limit: pick('limit') };
}

interface PackageContribution {
  readonly key: string;
  readonly scheme: VersionScheme;
  readonly definition: EcosystemDefinition;
  readonly contribution: Contribution;
}

/** What a record says, read without touching any index. */
export interface RecordReading {
  readonly contributions: readonly PackageContribution[];
  readonly gitRanges: readonly GitRange[];
  readonly issues: readonly IndexIssue[];
}

/**
 * Reads a record's affected packages and ranges as the index would, reporting every
 * part it cannot match (unknown ecosystem, unparseable version). The importer calls it
 * to report problems at import time; the index calls it to build its entries.
 */
export function readRecord(record: OsvRecord, schemes: ReadonlyMap<string, VersionScheme>): RecordReading {
  const issues: IndexIssue[] = [];
  const contributions: PackageContribution[] = [];
  const gitRanges: GitRange[] = [];
  (record.affected ?? []).forEach((affected, ai) => {
    for (const [ri, range] of (affected.ranges ?? []).entries()) {
      if (range.type !== 'GIT') continue;
      if (!range.repo) issues.push({ vulnId: record.id, path: `affected[${ai}].ranges[${ri}]`, message: 'GIT range without repo' });
      else gitRanges.push(gitRangeOf(record.id, range.repo, range.events));
    }
    const pkg = affected.package;
    if (!pkg) return;
    const resolved = resolveEcosystem(pkg.ecosystem);
    if (!resolved.ok) {
      issues.push({ vulnId: record.id, path: `affected[${ai}].package.ecosystem`, message: resolved.error });
      return;
    }
    const { definition, suffix } = resolved.value;
    const scheme = schemes.get(definition.schemeId);
    if (!scheme) {
      issues.push({ vulnId: record.id, path: `affected[${ai}].package.ecosystem`, message: `no version scheme "${definition.schemeId}"` });
      return;
    }
    const intervals: AffectedInterval<unknown>[] = [];
    for (const [ri, range] of (affected.ranges ?? []).entries()) {
      if (range.type === 'GIT') continue;
      const compiled = compileRange(scheme, range);
      if (compiled.ok) intervals.push(...compiled.intervals);
      else issues.push({ vulnId: record.id, path: `affected[${ai}].ranges[${ri}]`, message: compiled.error });
    }
    const exactVersions: string[] = [];
    const rangeIntervals = intervals.slice();
    for (const text of affected.versions ?? []) {
      const parsed = scheme.parse(text);
      // Most listed versions lie inside the ranges already; only the others need an interval.
      if (parsed.ok) {
        if (!isInIntervals(scheme, rangeIntervals, parsed.value)) {
          intervals.push({ start: { version: parsed.value, after: false }, end: { version: parsed.value, after: true } });
        }
      } else {
        exactVersions.push(text);
        issues.push({ vulnId: record.id, path: `affected[${ai}].versions`, message: `${parsed.error}; matched by exact text only` });
      }
    }
    contributions.push({
      key: packageKey(definition, pkg.name),
      scheme,
      definition,
      contribution: { vulnId: record.id, stream: definition.streamed ? suffix : undefined, intervals, exactVersions: exactVersions.length > 0 ? exactVersions : none },
    });
  });
  return { contributions, gitRanges, issues };
}

function findStreams(entry: PackageEntry): Undetermined | undefined {
  const streams = new Set<string>();
  for (const list of entry.contributions.values()) for (const c of list) if (c.stream !== undefined) streams.add(`${entry.definition.base}:${c.stream}`);
  if (streams.size === 0) return undefined;
  return {
    reason: `${entry.definition.base} advisories apply per release; give the release stream (e.g. ${[...streams][0]}) to match them`,
    streams: [...streams].sort(),
  };
}

function compile(entry: PackageEntry, stream: string): CompiledStream {
  const scheme = entry.scheme;
  const applicable: Contribution[] = [];
  for (const list of entry.contributions.values()) {
    for (const c of list) if (c.stream === undefined || c.stream === stream) applicable.push(c);
  }
  const all: VersionPoint<unknown>[] = [];
  for (const c of applicable) {
    for (const i of c.intervals) {
      if (i.start) all.push(i.start);
      if (i.end) all.push(i.end);
    }
  }
  all.sort((a, b) => comparePoints(scheme, a, b));
  const points: VersionPoint<unknown>[] = [];
  for (const p of all) {
    const last = points[points.length - 1];
    if (!last || comparePoints(scheme, last, p) !== 0) points.push(p);
  }
  const versions = points.map((p) => p.version);
  const after = Uint8Array.from(points, (p) => (p.after ? 1 : 0));
  const sets: Set<string>[] = Array.from({ length: points.length + 1 }, () => new Set<string>());
  const exact = new Map<string, string[]>();
  for (const c of applicable) {
    for (const i of c.intervals) {
      const from = i.start ? segmentOf(scheme, versions, after, i.start.version, i.start.after) : 0;
      const to = i.end ? segmentOf(scheme, versions, after, i.end.version, i.end.after) - 1 : points.length;
      for (let k = from; k <= to; k++) sets[k]!.add(c.vulnId);
    }
    for (const v of c.exactVersions) {
      const list = exact.get(v) ?? [];
      if (!list.includes(c.vulnId)) list.push(c.vulnId);
      exact.set(v, list);
    }
  }
  // Neighbouring segments often hold the same records: share one array for them.
  const segments: { readonly ok: true; readonly ids: readonly string[] }[] = [];
  let previous = noneAnswer;
  for (const set of sets) {
    const ids = set.size === 0 ? none : [...set].sort();
    const same = ids.length === previous.ids.length && ids.every((id, n) => id === previous.ids[n]);
    if (!same) previous = { ok: true, ids };
    segments.push(previous);
  }
  return { versions, after, keyed: scheme.compare === compareKeys, segments, exact: exact.size > 0 ? exact : undefined };
}

/** Number of bounds at or below the point (version, pointAfter): the index of the segment holding it. */
function segmentOf(scheme: VersionScheme, versions: readonly unknown[], after: Uint8Array, version: unknown, pointAfter: boolean): number {
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = scheme.compare(versions[mid], version);
    if (c < 0 || (c === 0 && (after[mid] === 0 || pointAfter))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The segment holding a queried version: the bounds below it, plus the bound "the
 * version itself" when it is one. Searching on "below" alone leaves the `after`
 * column untouched except on an exact hit, one memory read fewer per check.
 */
function lookup(target: Target, version: unknown): { readonly ok: true; readonly ids: readonly string[] } {
  const { versions, after } = target;
  let lo = 0;
  let hi = versions.length;
  if (target.keyed) {
    const key = version as string;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((versions[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo < versions.length && versions[lo] === key && after[lo] === 0) lo++;
  } else {
    const scheme = target.scheme;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (scheme.compare(versions[mid], version) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo < versions.length && after[lo] === 0 && scheme.compare(versions[lo], version) === 0) lo++;
  }
  return target.segments[lo]!;
}
