import { compareNumberLists, parseNumberList, type NumberList, type NumberListSyntax } from '../number-lists.js';
import type { ParseResult, VersionScheme } from '../version-scheme.js';

/*
 * Hand-written: R's package_version is a list of integers; ordering it needs no library.
 */

/** A parsed R version: its integer components (`1.2-3` is [1, 2, 3]). */
export type CranVersion = NumberList;

/**
 * R separates components with `.` or `-` and allows leading zeros. It keeps each
 * component in a C int; a larger one is not a version R can read.
 */
const SYNTAX: NumberListSyntax = {
  hyphens: true,
  leadingZeros: true,
  maxDigits: Infinity,
  maxValue: 2147483647, // INT_MAX
  tooLarge: 'a component is larger than R allows (2^31 - 1)',
};

function parse(text: string): ParseResult<CranVersion> {
  return parseNumberList(text, SYNTAX);
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
  /** Component by component; when one is a prefix of the other, the longer is newer (1.0 < 1.0.0). */
  compare: compareNumberLists,
};
