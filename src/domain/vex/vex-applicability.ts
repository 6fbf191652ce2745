/**
 * Which VEX statement decides an exposure: one that names the vulnerability (by id or an
 * alias), the component's package, and either no version or the component's version, and
 * either no asset or the exposure's asset. Of several, the newest wins, as a later
 * statement supersedes an earlier one in every VEX format.
 */

export interface VexRule {
  readonly vulnIds: readonly string[];
  readonly packagePurl: string;
  readonly version: string | null;
  readonly assetId: string | null;
  readonly status: string;
  readonly justification: string | null;
}

export interface VexTarget {
  /** The exposure's vulnerability id and its aliases. */
  readonly vulnIds: ReadonlySet<string>;
  readonly packagePurl: string;
  readonly version: string | null;
  readonly assetId: string;
}

/** The deciding rule among `rules` (oldest first), or undefined when none applies. */
export function decidingStatement<R extends VexRule>(rules: readonly R[], target: VexTarget): R | undefined {
  let decided: R | undefined;
  for (const rule of rules) {
    if (rule.packagePurl !== target.packagePurl) continue;
    if (rule.version !== null && rule.version !== target.version) continue;
    if (rule.assetId !== null && rule.assetId !== target.assetId) continue;
    if (!rule.vulnIds.some((id) => target.vulnIds.has(id))) continue;
    decided = rule;
  }
  return decided;
}
