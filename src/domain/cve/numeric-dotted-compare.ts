/**
 * Orders two versions, or says it cannot (undefined). Used by the CVE
 * converter's data-quality checks only, never to decide what is affected.
 */
export type VersionComparator = (a: string, b: string) => number | undefined;

const NUMERIC_DOTTED = /^v?(\d+(?:\.\d+)*)$/i;

/**
 * A simple semver-ish numeric-dotted comparison: `1.2.10 > 1.2.9`, `v1.0 == 1`.
 * Anything else (pre-releases, letters, hashes) is not comparable here, so a
 * check that uses it stays silent rather than guessing.
 */
export const compareNumericDotted: VersionComparator = (a, b) => {
  const ma = NUMERIC_DOTTED.exec(a);
  const mb = NUMERIC_DOTTED.exec(b);
  if (!ma?.[1] || !mb?.[1]) return undefined;
  const pa = ma[1].split('.');
  const pb = mb[1].split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = compareDigits(pa[i] ?? '0', pb[i] ?? '0');
    if (d !== 0) return d;
  }
  return 0;
};

/** Compares digit strings of any length without converting to numbers (no precision loss). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}
