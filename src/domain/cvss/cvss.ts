/**
 * CVSS base scores for v2.0, v3.0, v3.1 and v4.0 vectors, computed by ae-cvss-calculator.
 *
 * The library scores whatever it can read: it skips unknown metrics, takes a metric's long
 * name as a value and fills missing base metrics with "Not Defined". So each vector is
 * checked here first against the library's own metric tables (names, values, groups), and
 * only a well-formed vector is handed to it.
 */
import cvss from 'ae-cvss-calculator';

const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvss;

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';
export type CvssSeverity = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** A scored vector, or why it could not be scored. */
export type CvssScore =
  | { ok: true; version: CvssVersion; vector: string; score: number; severity: CvssSeverity }
  | { ok: false; error: string };

type Calculator = InstanceType<typeof Cvss2 | typeof Cvss3P0 | typeof Cvss3P1 | typeof Cvss4P0>;
type Metric = ReturnType<Calculator['getRegisteredComponents']> extends Map<unknown, (infer M)[]> ? M : never;
type MetricValue = Metric['values'][number];

const prefixed: Record<string, { version: CvssVersion; create: () => Calculator }> = {
  'CVSS:3.0': { version: '3.0', create: () => new Cvss3P0() },
  'CVSS:3.1': { version: '3.1', create: () => new Cvss3P1() },
  'CVSS:4.0': { version: '4.0', create: () => new Cvss4P0() },
};

/**
 * Scores a vector string. v2.0 vectors have no prefix; v3.0, v3.1 and v4.0 start with
 * `CVSS:3.0/`, `CVSS:3.1/`, `CVSS:4.0/`. Metrics may come in any order (the v4.0
 * specification contradicts itself on order, and real feeds reorder them); each may appear
 * once, and every base metric is required.
 *
 * v2.0 and v3.x: the base score; temporal and environmental metrics are checked but do not
 * change it. v4.0 has one score formula over all metric groups, named CVSS-B, -BT, -BE or
 * -BTE by the groups present: the score is that of the vector as given.
 */
export function scoreVector(text: string): CvssScore {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'empty vector' };
  const prefix = /^CVSS:[^/]*/.exec(trimmed)?.[0];
  let version: CvssVersion;
  let calculator: Calculator;
  let body: string;
  let readAs = '';
  if (prefix === undefined) {
    version = '2.0';
    calculator = new Cvss2();
    body = trimmed;
    readAs = ' (no CVSS: prefix, so read as CVSS 2.0)';
  } else {
    const known = prefixed[prefix];
    if (known === undefined) {
      const hint = prefix === 'CVSS:2.0' ? ' (CVSS v2.0 vectors have no prefix)' : '';
      return { ok: false, error: `unknown version prefix "${prefix}"${hint}; expected CVSS:3.0/, CVSS:3.1/, CVSS:4.0/ or a v2.0 vector without prefix` };
    }
    if (trimmed[prefix.length] !== '/') return { ok: false, error: `expected "/" after "${prefix}"` };
    ({ version } = known);
    calculator = known.create();
    body = trimmed.slice(prefix.length + 1);
  }

  const metrics = metricTable(calculator);
  const given = new Map<string, { metric: Metric; value: MetricValue }>();
  const parts = body.split('/');
  for (const [index, part] of parts.entries()) {
    const [name, value, extra] = part.split(':');
    if (name === undefined || value === undefined || extra !== undefined || name === '' || value === '') {
      return { ok: false, error: `metric ${index + 1} "${part}" is not NAME:VALUE${readAs}` };
    }
    const entry = metrics.get(name);
    if (entry === undefined) return { ok: false, error: `unknown metric "${name}" for CVSS ${version}${readAs}` };
    if (given.has(name)) return { ok: false, error: `metric ${name} appears more than once` };
    const allowed = entry.allowed.find((v) => v.shortName === value);
    if (allowed === undefined) {
      return { ok: false, error: `metric ${name} has invalid value "${value}"; expected one of ${entry.allowed.map((v) => v.shortName).join(', ')}` };
    }
    given.set(name, { metric: entry.metric, value: allowed });
  }
  const missing = [...metrics].filter(([name, entry]) => entry.base && !given.has(name)).map(([name]) => name);
  if (missing.length > 0) return { ok: false, error: `missing base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for CVSS ${version}` };

  for (const { metric, value } of given.values()) calculator.applyComponent(metric, value, false);
  // For v4.0 the library's `base` is the score over every group present (its CVSS-B score alone is `baseMetricsOnly`).
  const base = calculator.calculateScores().base;
  if (base === undefined) return { ok: false, error: `the calculator gave no base score for ${trimmed}` };
  // The v2.0 formula rounds a zero impact to -0, which would print as "-0" in some places.
  const score = base === 0 ? 0 : base;
  return { ok: true, version, vector: calculator.toString(), score, severity: severityOf(version, score) };
}

/** Each metric of a version by abbreviation, with the values a vector may give it. */
function metricTable(calculator: Calculator): Map<string, { metric: Metric; base: boolean; allowed: MetricValue[] }> {
  const table = new Map<string, { metric: Metric; base: boolean; allowed: MetricValue[] }>();
  for (const [group, metrics] of calculator.getRegisteredComponents()) {
    const base = group.name === 'base';
    for (const metric of metrics) {
      // Base metrics must be defined. `hide` marks the library's internal Safety value of the
      // v4.0 subsequent-system base metrics, which the specification allows only in MSI/MSA.
      const allowed = metric.values.filter((v) => !v.hide && !(base && v.jsonSchemaName === 'NOT_DEFINED'));
      table.set(metric.shortName, { metric, base, allowed });
    }
  }
  return table;
}

/**
 * The qualitative rating. v3.x and v4.0: FIRST's scale (0.0 None, 0.1–3.9 Low, 4.0–6.9
 * Medium, 7.0–8.9 High, 9.0–10.0 Critical). v2.0 defines no rating, so this uses NVD's v2
 * ranges (0.0–3.9 Low, 4.0–6.9 Medium, 7.0–10.0 High). The library exposes neither.
 */
export function severityOf(version: CvssVersion, score: number): CvssSeverity {
  if (version === '2.0') return score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : 'LOW';
  if (score === 0) return 'NONE';
  return score >= 9 ? 'CRITICAL' : score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : 'LOW';
}
