import type { OsvRange } from '../osv/osv-record.js';
import type { VersionScheme } from '../versioning/version-scheme.js';

/**
 * A position on a scheme's version line. `after: false` is the version itself,
 * `after: true` is "just above it", which turns `last_affected` (inclusive) into an
 * exclusive end like `fixed`, so every interval is half-open: [start, end).
 */
export interface VersionPoint<V> {
  readonly version: V;
  readonly after: boolean;
}

/** A half-open interval of affected versions; a missing bound is unbounded. */
export interface AffectedInterval<V> {
  readonly start: VersionPoint<V> | undefined;
  readonly end: VersionPoint<V> | undefined;
}

/** Orders two points of the same scheme. */
export function comparePoints<V>(scheme: VersionScheme<V>, a: VersionPoint<V>, b: VersionPoint<V>): number {
  const c = scheme.compare(a.version, b.version);
  if (c !== 0) return c;
  return (a.after ? 1 : 0) - (b.after ? 1 : 0);
}

/** The outcome of compiling one OSV range: its intervals, or why it could not be read. */
export type CompiledRange<V> =
  | { readonly ok: true; readonly intervals: readonly AffectedInterval<V>[] }
  | { readonly ok: false; readonly error: string };

interface SortedEvent<V> {
  readonly kind: 'introduced' | 'fixed' | 'last_affected' | 'limit';
  readonly point: VersionPoint<V> | undefined;
}

/**
 * Compiles an ECOSYSTEM or SEMVER range into half-open intervals, following the
 * OSV evaluation algorithm: events sorted by version; `introduced` opens, `fixed`
 * closes at the version, `last_affected` closes just above it, and a `limit` caps
 * every interval. `introduced: "0"` means "from the first version".
 * A version the scheme cannot parse fails the whole range (reported, never guessed).
 */
export function compileRange<V>(scheme: VersionScheme<V>, range: OsvRange): CompiledRange<V> {
  const events: SortedEvent<V>[] = [];
  const limits: VersionPoint<V>[] = [];
  for (const event of range.events) {
    const entry = Object.entries(event)[0];
    if (!entry) continue;
    const [kind, text] = entry as [SortedEvent<V>['kind'], string];
    if (kind === 'introduced' && text === '0') {
      events.push({ kind, point: undefined });
      continue;
    }
    if (kind === 'limit' && text === '*') continue;
    const parsed = scheme.parse(text);
    if (!parsed.ok) return { ok: false, error: `${kind}: ${parsed.error}` };
    const point = { version: parsed.value, after: kind === 'last_affected' };
    if (kind === 'limit') limits.push(point);
    else events.push({ kind, point: kind === 'last_affected' ? point : { version: parsed.value, after: false } });
  }
  // Unbounded starts ("0") sort first; ties keep the record's order, as OSV's reference does.
  events.sort((a, b) => {
    if (!a.point || !b.point) return (a.point ? 1 : 0) - (b.point ? 1 : 0);
    return scheme.compare(a.point.version, b.point.version);
  });
  const intervals: AffectedInterval<V>[] = [];
  let open = false;
  let start: VersionPoint<V> | undefined;
  for (const event of events) {
    if (event.kind === 'introduced') {
      if (!open) {
        open = true;
        start = event.point;
      }
    } else if (open) {
      intervals.push({ start, end: event.point });
      open = false;
    }
  }
  if (open) intervals.push({ start, end: undefined });
  if (limits.length === 0) return { ok: true, intervals };
  const cap = limits.reduce((lowest, p) => (comparePoints(scheme, p, lowest) < 0 ? p : lowest));
  const capped: AffectedInterval<V>[] = [];
  for (const interval of intervals) {
    if (interval.start && comparePoints(scheme, interval.start, cap) >= 0) continue;
    const end = !interval.end || comparePoints(scheme, interval.end, cap) > 0 ? cap : interval.end;
    capped.push({ start: interval.start, end });
  }
  return { ok: true, intervals: capped };
}

/** True when a parsed version lies inside one of the intervals. */
export function isInIntervals<V>(
  scheme: VersionScheme<V>,
  intervals: readonly AffectedInterval<V>[],
  version: V,
): boolean {
  const point: VersionPoint<V> = { version, after: false };
  return intervals.some(
    (i) =>
      (!i.start || comparePoints(scheme, i.start, point) <= 0) && (!i.end || comparePoints(scheme, point, i.end) < 0),
  );
}
