/**
 * The file name of a CSAF document (CSAF 2.0 section 5.1): its tracking id in lower case, each
 * run of characters other than a-z, 0-9, `+` and `-` replaced by one `_`, and `.json`.
 *
 * @example csafFilename('OASIS_CSAF_TC-CSAF_2.0-2021-5-1-11') // 'oasis_csaf_tc-csaf_2_0-2021-5-1-11.json'
 */
export function csafFilename(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}
