import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

/*
 * Hand-written: R's package_version is a list of integers; ordering it needs no library.
 */

/** A parsed R version: its integer components (`1.2-3` is [1, 2, 3]). */
export interface CranVersion {
  readonly parts: readonly number[];
}

/** R keeps each component in a C int; a larger one is not a version R can read. */
const INT_MAX = 2147483647;

function parse(text: string): ParseResult<CranVersion> {
  const parts: number[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    let value = 0;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) break;
      value = value * 10 + (code - 48);
      if (value > INT_MAX) return unparseable(text, 'a component is larger than R allows (2^31 - 1)');
    }
    if (i === start) return unparseable(text, i === text.length ? 'empty component' : `unexpected "${text[i]}"`);
    parts.push(value);
    if (i === text.length) return parsed({ parts });
    const sep = text.charCodeAt(i);
    if (sep !== 46 && sep !== 45) return unparseable(text, `unexpected "${text[i]}": only digits, "." and "-"`);
    i++;
  }
}

/** Component by component; when one is a prefix of the other, the longer is newer (1.0 < 1.0.0). */
function compare(a: CranVersion, b: CranVersion): number {
  const n = Math.min(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = a.parts[i]! - b.parts[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.parts.length === b.parts.length ? 0 : a.parts.length < b.parts.length ? -1 : 1;
}

/** R package_version ordering (CRAN and Bioconductor packages). */
export const scheme: VersionScheme<CranVersion> = {
  id: 'cran',
  displayName: 'R package_version (CRAN)',
  urls: [
    'https://cran.r-project.org/doc/manuals/r-release/R-exts.html#The-DESCRIPTION-file',
    'https://stat.ethz.ch/R-manual/R-devel/library/base/html/numeric_version.html',
  ],
  parse,
  compare,
};
