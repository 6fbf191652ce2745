import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';
import { NO_IDENTIFIERS, compareIdentifiers, readIdentifiers, type Identifiers } from '../semver/identifiers.js';
import * as characters from '../characters.js';
import { MAX_EXACT, compareTie, exactDigits, readNumber } from '../semver/numbers.js';

// Bound to module constants for the hot loops (see characters.ts).
const { isDigit } = characters;

/** A parsed NuGet version: `1.2.3.4-beta.1+meta`. */
export interface NugetVersion {
  /** Major, minor, patch and revision, always four; missing ones are 0 (`1.0` is `1.0.0.0`). */
  readonly parts: readonly number[];
  /** Exact digits of parts above `MAX_EXACT`, by index; undefined when there are none. */
  readonly partDigits: readonly (string | undefined)[] | undefined;
  /** Release labels, lowercased because NuGet compares them case-insensitively; empty for a release. */
  readonly labels: Identifiers;
}

/**
 * Parses a NuGet version: one to four numeric parts (leading zeros allowed, as
 * NuGet's own parser does), optional release labels after `-`, optional metadata
 * after `+` (checked, then dropped: it never affects order). Hand-written for one
 * allocation-light pass; numbers of any size are kept exact although NuGet itself
 * caps parts at 2^31-1, because osv-scalibr's fixtures compare 30-digit parts.
 */
export function parseNuget(text: string): ParseResult<NugetVersion> {
  const length = text.length;
  const parts = [0, 0, 0, 0];
  let partDigits: (string | undefined)[] | undefined;
  let i = 0;
  for (let index = 0; ; index++) {
    const start = i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return unparseable(text, index === 0 ? 'expected a number' : 'empty version part');
    const value = readNumber(text, start, i);
    if (value > MAX_EXACT) (partDigits ??= [])[index] = exactDigits(text, start, i);
    parts[index] = value;
    if (i < length && text.charCodeAt(i) === 46) {
      if (index === 3) return unparseable(text, 'more than four numeric parts');
      i++;
    } else break;
  }
  let labels = NO_IDENTIFIERS;
  if (i < length && text.charCodeAt(i) === 45) {
    let end = text.indexOf('+', i + 1);
    if (end < 0) end = length;
    const ids = readIdentifiers(text, i + 1, end, true);
    if (ids === undefined) return unparseable(text, 'release labels must be non-empty dot-separated [0-9A-Za-z-] labels');
    labels = ids;
    i = end;
  }
  if (i < length && text.charCodeAt(i) === 43) {
    if (readIdentifiers(text, i + 1, length, false) === undefined) {
      return unparseable(text, 'metadata must be non-empty dot-separated [0-9A-Za-z-] identifiers');
    }
    i = length;
  }
  if (i !== length) return unparseable(text, `unexpected "${text.charAt(i)}" at position ${i}`);
  return parsed({ parts, partDigits, labels });
}

/** NuGet's `VersionComparer.Default`: parts, then labels (a release sorts above its pre-releases). */
export function compareNuget(a: NugetVersion, b: NugetVersion): number {
  for (let i = 0; i < 4; i++) {
    const x = a.parts[i]!;
    const y = b.parts[i]!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > MAX_EXACT) {
      const c = compareTie(a.partDigits?.[i], b.partDigits?.[i]);
      if (c !== 0) return c;
    }
  }
  const aRelease = a.labels.nums.length === 0;
  const bRelease = b.labels.nums.length === 0;
  if (aRelease || bRelease) return aRelease === bRelease ? 0 : aRelease ? 1 : -1;
  return compareIdentifiers(a.labels, b.labels);
}

/**
 * NuGet versioning: SemVer 2.0 plus a fourth (revision) part, case-insensitive
 * labels, and metadata that never affects order.
 */
export const scheme: VersionScheme<NugetVersion> = {
  id: 'nuget',
  displayName: 'NuGet',
  urls: [
    'https://learn.microsoft.com/en-us/nuget/concepts/package-versioning',
    'https://github.com/NuGet/NuGet.Client/blob/dev/src/NuGet.Core/NuGet.Versioning/VersionComparer.cs',
  ],
  parse: parseNuget,
  compare: compareNuget,
};
