/**
 * CWE identifiers as reports write them. A free-form report must say `CWE-<n>`; tools
 * and feeds write them in their own ways, which {@link cwesInText} reads.
 */

const STRICT_CWE = /^CWE-[1-9]\d*$/;

/** Whether `text` is a CWE identifier in canonical form, e.g. `CWE-79`. */
export function isCweId(text: string): boolean {
  return STRICT_CWE.test(text);
}

/**
 * The CWE ids in a tool's tag or property text: CodeQL's `external/cwe/cwe-079`, Semgrep's
 * `CWE-89: Improper Neutralization…`, and comma-separated lists of these. With `bareNumbers`,
 * a number alone is a CWE id too, as in Fortify's `cwe` property (`134, 787`); a tag that is
 * only a number is not. Leading zeros are dropped.
 */
export function cwesInText(text: string, options: { bareNumbers?: boolean } = {}): string[] {
  const ids: string[] = [];
  for (const part of text.split(',')) {
    const named = /^\s*(?:external\/cwe\/)?cwe[-_ ]?0*([1-9]\d*)(?!\d)/i.exec(part)?.[1];
    const bare = options.bareNumbers === true ? /^\s*0*([1-9]\d*)\s*$/.exec(part)?.[1] : undefined;
    const number = named ?? bare;
    if (number !== undefined) ids.push(`CWE-${number}`);
  }
  return ids;
}

/** The CWE id a taxonomy entry names by its `id` (`401`, `CWE-401`), or undefined. */
export function cweOfTaxonId(id: string): string | undefined {
  const match = /^(?:CWE-)?0*([1-9]\d*)$/i.exec(id.trim());
  return match?.[1] === undefined ? undefined : `CWE-${match[1]}`;
}
