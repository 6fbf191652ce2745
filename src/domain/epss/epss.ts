/**
 * FIRST's EPSS daily score files (https://www.first.org/epss/data_stats): an optional
 * first comment line `#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000`,
 * then the header `cve,epss,percentile`, then one row per CVE, e.g.
 * `CVE-2023-1234,0.00043,0.0873`. Both scores are probabilities in [0, 1].
 */
export interface EpssRow {
  cve: string;
  /** Probability of exploitation activity in the next 30 days. */
  epss: number;
  /** Share of all scored CVEs with an equal or lower score. */
  percentile: number;
}

/** A line that could not be read; 1-based line number. */
export interface EpssParseError {
  line: number;
  message: string;
}

/** A whole parsed file. */
export interface EpssFile {
  /** e.g. `v2023.03.01`. */
  modelVersion?: string;
  /** As written, e.g. `2023-03-07T00:00:00+0000`. */
  scoreDate?: string;
  rows: EpssRow[];
  errors: EpssParseError[];
}

/** Reads a file one line at a time, so the importer can stream files of a quarter million rows. */
export interface EpssLineParser {
  /** Takes the next line (with or without its line ending) and returns the row on it, if any. */
  push(line: string): EpssRow | undefined;
  readonly modelVersion: string | undefined;
  readonly scoreDate: string | undefined;
  /** Problems so far; the rows around them are still returned. */
  readonly errors: readonly EpssParseError[];
}

const COLUMNS = ['cve', 'epss', 'percentile'] as const;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Starts a line-at-a-time parse. */
export function createEpssParser(): EpssLineParser {
  let lineNo = 0;
  let modelVersion: string | undefined;
  let scoreDate: string | undefined;
  let order: number[] | undefined;
  const errors: EpssParseError[] = [];
  const seen = new Set<string>();
  const fail = (message: string): undefined => {
    errors.push({ line: lineNo, message });
    return undefined;
  };

  const readComment = (text: string): void => {
    // Metadata is only meaningful before the header: `key:value` pairs separated by commas.
    for (const pair of text.slice(1).split(',')) {
      const at = pair.indexOf(':');
      if (at < 0) continue;
      const key = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (key === 'model_version') modelVersion = value;
      else if (key === 'score_date') scoreDate = value;
    }
  };

  const number = (text: string | undefined, name: string): number | string => {
    if (text === undefined || !DECIMAL.test(text)) return `${name} ${JSON.stringify(text ?? '')} is not a number`;
    const value = Number(text);
    return value >= 0 && value <= 1 ? value : `${name} ${text} is outside [0, 1]`;
  };

  return {
    get modelVersion() {
      return modelVersion;
    },
    get scoreDate() {
      return scoreDate;
    },
    errors,
    push(line: string): EpssRow | undefined {
      lineNo++;
      const text = (lineNo === 1 ? line.replace(/^\uFEFF/, '') : line).replace(/\r?\n$/, '').replace(/\r$/, '').trim();
      if (text === '') return undefined;
      if (text.startsWith('#')) {
        if (order !== undefined) return fail('comment line after the header');
        readComment(text);
        return undefined;
      }
      const cells = text.split(',').map((c) => c.trim());
      if (order === undefined) {
        const names = cells.map((c) => c.toLowerCase());
        if (COLUMNS.every((c) => names.includes(c))) {
          order = COLUMNS.map((c) => names.indexOf(c));
          if (names.length !== COLUMNS.length) fail(`header has ${names.length} columns; only ${COLUMNS.join(',')} are read`);
          return undefined;
        }
        // No header: report it once and read rows in the standard column order.
        order = [0, 1, 2];
        fail(`expected the header "${COLUMNS.join(',')}", got "${text}"`);
        if (!CVE_ID.test(cells[0] ?? '')) return undefined;
      }
      const [ci, ei, pi] = order as [number, number, number];
      const cve = cells[ci] ?? '';
      if (!CVE_ID.test(cve)) return fail(`"${cve}" is not a CVE id`);
      const epss = number(cells[ei], 'epss');
      if (typeof epss === 'string') return fail(`${cve}: ${epss}`);
      const percentile = number(cells[pi], 'percentile');
      if (typeof percentile === 'string') return fail(`${cve}: ${percentile}`);
      if (seen.has(cve)) return fail(`${cve} appears more than once; first row kept`);
      seen.add(cve);
      return { cve, epss, percentile };
    },
  };
}

/** Parses a whole EPSS file, given as its text or as its lines. */
export function parseEpss(input: string | Iterable<string>): EpssFile {
  const parser = createEpssParser();
  const rows: EpssRow[] = [];
  for (const line of typeof input === 'string' ? input.split('\n') : input) {
    const row = parser.push(line);
    if (row) rows.push(row);
  }
  const file: EpssFile = { rows, errors: [...parser.errors] };
  if (parser.modelVersion !== undefined) file.modelVersion = parser.modelVersion;
  if (parser.scoreDate !== undefined) file.scoreDate = parser.scoreDate;
  return file;
}
