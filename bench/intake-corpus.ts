// The intake benchmark's reports: a deterministic stream built from the real OSV advisories of
// the shared corpus (CLEARINGHOUSE_DATA). Each base advisory yields several reports of the same
// vulnerability, as the clearinghouse would receive them from different finders:
// - the OSV record itself (now and then submitted twice, as two feeds carry it);
// - free-form reports with the description reworded (sentences reordered, dropped and added,
//   words swapped for synonyms), other affected versions, sometimes a CWE, a CVSS vector, an
//   identifier, a code location, or an AddressSanitizer report whose top frames are the bug's
//   and whose lower frames (callers, harness, interceptors, paths, lines) vary;
// - for some bugs, two SARIF logs of a code scanner with the same partialFingerprints.
// Advisories come from every corpus file in a mix that stays the same through the stream, and
// variants pass through a shuffle window, so reports of one bug arrive apart, as in life.
// Every report carries its base advisory's id: the ground truth of which reports are one bug.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { FreeFormReport } from '../src/domain/intake/free-form-report.js';
import type { OsvRecord } from '../src/domain/osv/osv-record.js';
import { purlForPackage } from '../src/domain/purl/ecosystem-map.js';
import { buildPurl, formatPurl } from '../src/domain/purl/purl.js';
import type { ReportSubmission } from '../src/services/intake/intake-service.js';
import { readJsonLines } from '../src/testing/shared-data.js';
import { osvCorpusFiles } from './corpus.js';
import { seededRandom, type Random } from './portfolio-sources.js';

export type VariantKind = 'osv' | 'osv-again' | 'report' | 'sarif';

/** One generated report and the advisory it was built from. */
export interface IntakeCorpusReport {
  /** The base advisory's OSV id: reports with the same base id describe one vulnerability. */
  readonly baseId: string;
  readonly kind: VariantKind;
  readonly submission: ReportSubmission;
}

export interface IntakeCorpusOptions {
  readonly reports: number;
  readonly seed?: number;
  /** Reports held back and drawn at random; a base's reports arrive spread over about this many. */
  readonly window?: number;
}

interface Frame {
  readonly fn: string;
  /** Path below the source root. */
  readonly file: string;
  readonly line: number;
}

interface CrashPlan {
  readonly type: 'heap-buffer-overflow' | 'stack-buffer-overflow' | 'global-buffer-overflow' | 'heap-use-after-free' | 'SEGV';
  readonly access: 'READ' | 'WRITE';
  readonly size: number;
  /** The bug's own frames, innermost first: the same in every report of it. */
  readonly top: readonly Frame[];
  /** Callers below them; each report shows a different few. */
  readonly callers: readonly Frame[];
  readonly rust: boolean;
}

interface Base {
  readonly record: OsvRecord;
  readonly document: string;
  readonly packageName: string;
  readonly purl: (version?: string) => string;
  readonly listed: readonly string[];
  readonly introduced: readonly string[];
  readonly fixed: readonly string[];
  /** The id and aliases a reporter may cite: the identifiers intake compares. */
  readonly ids: readonly string[];
  readonly cwe: string;
  readonly cvss: readonly string[];
  readonly site?: Frame;
  readonly crash?: CrashPlan;
  readonly sarifFingerprint?: string;
}

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const hex = (random: Random, digits: number): string => Array.from({ length: digits }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');

/**
 * The reports, `options.reports` of them, in arrival order. Streams the corpus: only the
 * shuffle window and the ids already used are held in memory.
 */
export async function* intakeCorpus(options: IntakeCorpusOptions): AsyncGenerator<IntakeCorpusReport> {
  const random = seededRandom(options.seed ?? 20260714);
  const windowSize = options.window ?? 2000;
  const window: IntakeCorpusReport[] = [];
  let emitted = 0;
  const draw = (): IntakeCorpusReport => {
    const at = Math.floor(random() * window.length);
    const report = window[at]!;
    window[at] = window[window.length - 1]!;
    window.pop();
    emitted += 1;
    return report;
  };
  for await (const record of baseAdvisories(options.reports)) {
    window.push(...variants(planBase(record, random), random));
    while (window.length >= windowSize && emitted < options.reports) yield draw();
    if (emitted >= options.reports) return;
  }
  while (window.length > 0 && emitted < options.reports) yield draw();
  if (emitted < options.reports) throw new Error(`the OSV corpus gave only ${emitted} reports; ask for fewer`);
}

/** AlmaLinux's bug-fix (ALBA) and enhancement (ALEA) advisories: updates, not vulnerabilities. */
const NOT_VULNERABILITIES = /^AL[BE]A-/;

/** Records taken per report asked for: about 5 reports a base, and room to spare, so no file runs dry before the end. */
const RECORDS_PER_REPORT = 1 / 3;

/**
 * Usable advisories in a mix that stays about the same from the first report to the last, so
 * a slowdown late in a run is the store growing, not other kinds of advisories arriving: each
 * corpus file gets a quota (small files whole, the rest an equal share), and its records are
 * spread evenly over the stream. Withdrawn records and records naming no package are left out,
 * and so is a record that names no vulnerability or shares an id or alias with an earlier one:
 * two bases must be two vulnerabilities.
 */
async function* baseAdvisories(reports: number): AsyncGenerator<OsvRecord> {
  const files = osvCorpusFiles();
  const quotas = equalShares(await Promise.all(files.map(lineCount)), Math.ceil(reports * RECORDS_PER_REPORT));
  const sources = files.map((file, i) => ({ records: readJsonLines<OsvRecord>(file), quota: quotas[i]!, taken: 0, done: false }));
  const seen = new Set<string>();
  const usable = (record: OsvRecord): boolean => {
    // Id and aliases, as intake compares them: trimmed (DRUPAL-CORE-2020-006 has the alias "CVE-2020-13665 "). Not
    // `upstream`: CleanStart lists the same upstream CVEs in advisories of many packages, which intake does not compare.
    const ids = [record.id, ...(record.aliases ?? [])].map((id) => id.trim().toUpperCase());
    if (record.withdrawn !== undefined || NOT_VULNERABILITIES.test(record.id) || !record.affected?.some((a) => a.package !== undefined) || ids.some((id) => seen.has(id))) return false;
    for (const id of ids) seen.add(id);
    return true;
  };
  try {
    for (;;) {
      // The file whose next record is due first: record k of a file with quota q is due at (k + 0.5) / q.
      let source: (typeof sources)[number] | undefined;
      for (const s of sources) if (!s.done && s.taken < s.quota && (source === undefined || (s.taken + 0.5) / s.quota < (source.taken + 0.5) / source.quota)) source = s;
      if (source === undefined) return;
      let next = await source.records.next();
      while (next.done !== true && !usable(next.value)) next = await source.records.next();
      if (next.done === true) source.done = true;
      else {
        source.taken += 1;
        yield next.value;
      }
    }
  } finally {
    // The reader stopped early: close the files still open.
    for (const source of sources) await source.records.return(undefined);
  }
}

/** Quotas summing to `total` (or every record, when there are fewer): files smaller than an equal share give all they have, the others the same share. */
function equalShares(sizes: readonly number[], total: number): number[] {
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size);
  const quotas = new Array<number>(sizes.length).fill(0);
  let left = total;
  for (const [rank, { size, i }] of order.entries()) {
    const quota = Math.min(size, Math.ceil(left / (order.length - rank)));
    quotas[i] = quota;
    left -= quota;
  }
  return quotas;
}

/** Lines of a gzipped JSON-lines file, counted without parsing them. */
async function lineCount(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file).pipe(createGunzip())) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  }
  return lines;
}

const NATIVE_ECOSYSTEMS = /^(?:AlmaLinux|Alpine|CleanStart|Bitnami|crates\.io|opam|Hackage|Julia)/;

function planBase(record: OsvRecord, random: Random): Base {
  const affected = record.affected!.find((a) => a.package !== undefined)!;
  const pkg = affected.package!;
  const events = (affected.ranges ?? []).filter((r) => r.type !== 'GIT').flatMap((r) => r.events);
  const text = `${record.summary ?? ''} ${record.details ?? ''}`;
  const malicious = record.id.startsWith('MAL-');
  const memoryBug = /overflow|out[- ]of[- ]bounds|use[- ]after[- ]free|null pointer|segfault|memory corruption|over-?read/i.test(text);
  const crash = !malicious && (memoryBug || NATIVE_ECOSYSTEMS.test(pkg.ecosystem)) && chance(random, memoryBug ? 0.9 : 0.4) ? crashPlan(pkg.name, pkg.ecosystem === 'crates.io', text, random) : undefined;
  const site = crash?.top[0] ?? (malicious ? undefined : sourceSite(pkg.name, pkg.ecosystem, random));
  const ownVectors = [...(record.severity ?? []), ...(affected.severity ?? [])]
    .filter((s) => s.type === 'CVSS_V3' || s.type === 'CVSS_V4')
    .map((s) => s.score.replace(/^CVSS:3\.0\//, 'CVSS:3.1/'));
  return {
    record,
    document: JSON.stringify(record),
    packageName: pkg.name,
    purl: (version) => packagePurl(pkg.ecosystem, pkg.name, pkg.purl, version),
    listed: affected.versions ?? [],
    introduced: events.flatMap((e) => ('introduced' in e && e.introduced !== '0' && !e.introduced.startsWith('0.0.0-') ? [e.introduced] : [])),
    fixed: events.flatMap((e) => ('fixed' in e ? [e.fixed] : [])),
    ids: [record.id, ...(record.aliases ?? [])],
    cwe: malicious ? 'CWE-506' : crash !== undefined ? crashCwe(crash) : cweFromText(text),
    cvss: ownVectors.length > 0 ? ownVectors : [pick(random, SAMPLE_VECTORS)],
    ...(site === undefined ? {} : { site }),
    ...(crash === undefined ? {} : { crash }),
    ...(site !== undefined && chance(random, 0.12) ? { sarifFingerprint: `${hex(random, 16)}:1` } : {}),
  };
}

/** A purl of the package, through the repository's ecosystem map; `generic` where the ecosystem has no purl type, as a person would write it. */
function packagePurl(ecosystem: string, name: string, given: string | undefined, version: string | undefined): string {
  const mapped = purlForPackage(ecosystem, name, version);
  if (mapped.ok) return formatPurl(mapped.purl);
  if (given !== undefined && version === undefined) return given;
  const generic = buildPurl({ type: 'generic', name, version: version ?? null });
  return generic.ok ? formatPurl(generic.purl) : `pkg:generic/${encodeURIComponent(name)}`;
}

const SAMPLE_VECTORS = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
  'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
  'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
];

const TEXT_CWES: readonly (readonly [RegExp, string])[] = [
  [/cross[- ]site scripting|\bXSS\b/i, 'CWE-79'],
  [/SQL injection/i, 'CWE-89'],
  [/command injection|OS command/i, 'CWE-78'],
  [/path traversal|directory traversal/i, 'CWE-22'],
  [/use[- ]after[- ]free/i, 'CWE-416'],
  [/out[- ]of[- ]bounds read|over-?read/i, 'CWE-125'],
  [/buffer overflow|out[- ]of[- ]bounds write|heap overflow/i, 'CWE-787'],
  [/null pointer/i, 'CWE-476'],
  [/integer overflow/i, 'CWE-190'],
  [/server[- ]side request forgery|\bSSRF\b/i, 'CWE-918'],
  [/cross[- ]site request forgery|\bCSRF\b/i, 'CWE-352'],
  [/deserializ/i, 'CWE-502'],
  [/XML external entit|\bXXE\b/i, 'CWE-611'],
  [/open redirect/i, 'CWE-601'],
  [/regular expression|ReDoS/i, 'CWE-1333'],
  [/race condition|data race/i, 'CWE-362'],
  [/denial[- ]of[- ]service|resource exhaustion|\bDoS\b/i, 'CWE-400'],
  [/authenticat/i, 'CWE-287'],
  [/authoriz|access control|permission/i, 'CWE-862'],
  [/information (?:disclosure|exposure)|sensitive/i, 'CWE-200'],
];

/** The CWE an analyst would guess from the advisory's words. */
function cweFromText(text: string): string {
  return TEXT_CWES.find(([pattern]) => pattern.test(text))?.[1] ?? 'CWE-20';
}

function crashCwe(crash: CrashPlan): string {
  switch (crash.type) {
    case 'heap-use-after-free':
      return 'CWE-416';
    case 'SEGV':
      return 'CWE-476';
    case 'stack-buffer-overflow':
      return 'CWE-121';
    case 'heap-buffer-overflow':
    case 'global-buffer-overflow':
      return crash.access === 'WRITE' ? 'CWE-787' : 'CWE-125';
  }
}

const VERBS = ['parse', 'read', 'decode', 'copy', 'process', 'handle', 'load', 'scan', 'unpack', 'expand', 'inflate', 'convert', 'validate', 'append', 'fill'];
const NOUNS = ['header', 'chunk', 'record', 'frame', 'entry', 'token', 'string', 'buffer', 'table', 'packet', 'attr', 'node', 'section', 'block', 'name', 'row'];

/** A C (or Rust) identifier prefix from a package name: `libxml2` → `xml2`. */
function codePrefix(name: string): string {
  const ident = name.toLowerCase().replace(/^lib(?=.)/, '').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return (/^[a-z]/.test(ident) ? ident : `p_${ident}`).slice(0, 14);
}

/** `verb_noun_detail`: enough combinations that two bugs of one package rarely share a function by chance. */
function functionName(random: Random): { noun: string; name: string } {
  const noun = pick(random, NOUNS);
  return { noun, name: `${pick(random, VERBS)}_${noun}_${pick(random, NOUNS.filter((other) => other !== noun))}` };
}

function codeFrame(prefix: string, rust: boolean, random: Random): Frame {
  const { noun, name } = functionName(random);
  const fn = rust ? `${prefix}::${noun}::${name}` : `${prefix}_${name}`;
  return { fn, file: rust ? `src/${noun}.rs` : `${pick(random, ['src/', 'lib/', ''])}${noun}.c`, line: between(random, 40, 4000) };
}

function crashPlan(name: string, rust: boolean, text: string, random: Random): CrashPlan {
  const prefix = codePrefix(name);
  const type: CrashPlan['type'] = /use[- ]after[- ]free/i.test(text)
    ? 'heap-use-after-free'
    : /null pointer|segfault/i.test(text)
      ? 'SEGV'
      : /overflow|out[- ]of[- ]bounds|over-?read/i.test(text)
        ? 'heap-buffer-overflow'
        : pick(random, ['heap-buffer-overflow', 'heap-buffer-overflow', 'stack-buffer-overflow', 'global-buffer-overflow', 'heap-use-after-free', 'SEGV'] as const);
  const access = /over-?read|out[- ]of[- ]bounds read/i.test(text) || type === 'SEGV' ? 'READ' : pick(random, ['READ', 'WRITE'] as const);
  return {
    type,
    access,
    size: pick(random, [1, 2, 4, 8, 12, 16]),
    top: Array.from({ length: 3 }, () => codeFrame(prefix, rust, random)),
    callers: Array.from({ length: 6 }, () => codeFrame(prefix, rust, random)),
    rust,
  };
}

function sourceSite(name: string, ecosystem: string, random: Random): Frame {
  const { noun, name: snake } = functionName(random);
  const ident = codePrefix(name);
  const line = between(random, 20, 1500);
  const camel = snake.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  if (/^(?:PyPI|Julia|CRAN)/.test(ecosystem)) return { fn: `${ident}.${noun}.${snake}`, file: `${ident}/${noun}.py`, line };
  if (ecosystem === 'Go') return { fn: `${camel.charAt(0).toUpperCase()}${camel.slice(1)}`, file: `${noun}.go`, line };
  if (/^(?:npm|Packagist|RubyGems|NuGet|Maven)/.test(ecosystem)) return { fn: camel, file: `lib/${noun}.js`, line };
  return { fn: `${ident}_${snake}`, file: `src/${noun}.c`, line };
}

/** The reports of one base advisory: 3 to 7 of them. */
function variants(base: Base, random: Random): IntakeCorpusReport[] {
  const baseId = base.record.id;
  const count = between(random, 3, 7);
  const out: IntakeCorpusReport[] = [{ baseId, kind: 'osv', submission: { document: base.document, source: { kind: 'scanner', tool: 'osv-feed' }, ...tlp(random) } }];
  if (chance(random, 0.08)) out.push({ baseId, kind: 'osv-again', submission: { document: base.document, source: { kind: 'scanner', tool: 'advisory-mirror' }, ...tlp(random) } });
  if (base.sarifFingerprint !== undefined) {
    for (let i = 0; i < 2; i++) out.push({ baseId, kind: 'sarif', submission: { document: JSON.stringify(sarifLog(base, random)), source: { kind: 'scanner', tool: 'CodeQL' }, ...tlp(random) } });
  }
  while (out.length < count || !out.some((r) => r.kind === 'report')) out.push({ baseId, kind: 'report', submission: freeFormSubmission(base, random) });
  return out;
}

function tlp(random: Random): { tlp?: string } {
  const r = random();
  return r < 0.1 ? { tlp: 'CLEAR' } : r < 0.3 ? { tlp: 'GREEN' } : {};
}

const MODELS = ['gpt-5.4', 'claude-opus-4', 'gemini-2.5-pro', 'vuln-agent-7b'];

function freeFormSubmission(base: Base, random: Random): ReportSubmission {
  const byModel = chance(random, 0.6);
  const { version, versions } = affectedVersions(base, random);
  const withLocation = base.site !== undefined && chance(random, 0.3);
  const stackTrace = base.crash !== undefined && chance(random, 0.7) ? sanitizerReport(base.packageName, base.crash, version, random) : undefined;
  const report: FreeFormReport = {
    title: reportTitle(base, random),
    description: describe(base, byModel, version, random),
    affected: [{ purl: base.purl(version), ...(versions.length > 0 ? { versions } : {}) }],
    ...(chance(random, 0.5) ? { cwe: base.cwe } : {}),
    ...(chance(random, 0.3) ? { cvss: chance(random, 0.7) ? base.cvss[0]! : pick(random, SAMPLE_VECTORS) } : {}),
    ...(chance(random, 0.35) ? { identifiers: [pick(random, base.ids)] } : {}),
    ...(stackTrace === undefined ? {} : { stackTrace }),
    ...(withLocation ? { locations: [{ uri: base.site.file, startLine: base.site.line + between(random, -12, 12), symbol: base.site.fn }] } : {}),
  };
  const source: ReportSubmission['source'] = byModel
    ? { kind: 'model', model: pick(random, MODELS), ...(chance(random, 0.5) ? { engagementId: `eng-${between(random, 1, 40)}` } : {}) }
    : { kind: 'person', name: `researcher ${between(random, 1, 500)}` };
  return { document: JSON.stringify(report), source, ...tlp(random) };
}

/** A version the reporter tested and the versions they say are affected, from the advisory's ranges and lists. */
function affectedVersions(base: Base, random: Random): { version?: string; versions: string[] } {
  const r = random();
  if (base.listed.length > 0 && r < 0.5) {
    const version = pick(random, base.listed);
    return { version, versions: chance(random, 0.5) ? [version] : [] };
  }
  const introduced = base.introduced.length > 0 ? pick(random, base.introduced) : undefined;
  const fixed = base.fixed.length > 0 ? pick(random, base.fixed) : undefined;
  if (introduced !== undefined && fixed !== undefined && r < 0.8) return { version: introduced, versions: [`>= ${introduced}, < ${fixed}`] };
  if (fixed !== undefined) return { versions: [`< ${fixed}`] };
  if (introduced !== undefined) return { version: introduced, versions: [`>= ${introduced}`] };
  return { versions: [] };
}

const WEAKNESS_TITLES: Readonly<Record<string, string>> = {
  'CWE-79': 'Cross-site scripting',
  'CWE-89': 'SQL injection',
  'CWE-78': 'OS command injection',
  'CWE-22': 'Path traversal',
  'CWE-416': 'Use after free',
  'CWE-125': 'Out-of-bounds read',
  'CWE-787': 'Out-of-bounds write',
  'CWE-121': 'Stack buffer overflow',
  'CWE-476': 'NULL pointer dereference',
  'CWE-190': 'Integer overflow',
  'CWE-400': 'Denial of service',
  'CWE-506': 'Malicious code',
};

function reportTitle(base: Base, random: Random): string {
  const summary = (base.record.summary ?? base.record.details ?? base.record.id).split('\n').find((l) => l.trim() !== '')?.trim() ?? base.record.id;
  const weakness = WEAKNESS_TITLES[base.cwe] ?? 'Security issue';
  const crash = base.crash;
  const r = random();
  const title =
    crash !== undefined && r < 0.3
      ? `AddressSanitizer: ${crash.type} in ${crash.top[0]!.fn}`
      : r < 0.5
        ? `${weakness} in ${base.packageName}`
        : r < 0.7
          ? `[${base.packageName}] ${reword(summary, random, 0.5)}`
          : reword(summary, random, 0.7);
  return title.slice(0, 200);
}

const SYNONYMS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/\ballows\b/g, ['lets', 'permits', 'enables']],
  [/\ballow\b/g, ['let', 'permit']],
  [/\battackers\b/g, ['adversaries', 'malicious users', 'remote parties']],
  [/\battacker\b/g, ['adversary', 'malicious user', 'remote party']],
  [/\bvulnerability\b/g, ['flaw', 'weakness', 'security issue', 'bug']],
  [/\bvulnerable\b/g, ['affected', 'exposed']],
  [/\bissue\b/g, ['problem', 'bug', 'defect']],
  [/\bcrafted\b/g, ['specially crafted', 'malformed', 'malicious']],
  [/\barbitrary\b/g, ['attacker-controlled', 'any']],
  [/\bexecute\b/g, ['run']],
  [/\bcould\b/g, ['might', 'can']],
  [/\bmay\b/g, ['might', 'could', 'can']],
  [/\bcause\b/g, ['trigger', 'lead to']],
  [/\bdenial of service\b/gi, ['DoS', 'a denial-of-service condition', 'service disruption']],
  [/\bimproper(?:ly)?\b/g, ['incorrect', 'insufficient']],
  [/\bdoes not\b/g, ["doesn't", 'fails to']],
  [/\bfixed\b/g, ['patched', 'resolved', 'corrected']],
  [/\bversions\b/g, ['releases']],
  [/\bvia\b/g, ['through', 'by way of', 'using']],
  [/\bbecause\b/g, ['since', 'as']],
  [/\bprior to\b/g, ['before', 'earlier than']],
  [/\bdiscovered\b/g, ['found', 'identified']],
  [/\bremote\b/g, ['network-based', 'remote']],
  [/\bpackage\b/g, ['library', 'module', 'package']],
];

/** Swaps each synonym-table word for a synonym with probability `rate`. */
function reword(text: string, random: Random, rate: number): string {
  let out = text;
  for (const [pattern, choices] of SYNONYMS) out = out.replace(pattern, (word) => (chance(random, rate) ? pick(random, choices) : word));
  return out;
}

const MODEL_LINES = [
  'This issue was identified by automated analysis of the source code.',
  'The finding came from an AI-assisted code review and was confirmed with a proof of concept.',
  'A minimal reproducer is available on request.',
  'We confirmed the behaviour on the latest release available at the time of testing.',
  'The analysis traced attacker-controlled input from the public API to the faulty code.',
];
const PERSON_LINES = [
  'I ran into this while testing our deployment.',
  'Found during an internal security review.',
  'Please treat this report as confidential until a fix is released.',
  'Let me know if you need more details or a test case.',
  'Our monitoring flagged this after an upgrade last week.',
];

/**
 * The advisory's text as another finder would write it: sentences shuffled a little or a lot,
 * some dropped, synonyms swapped in, the finder's own sentences added, sometimes in sections.
 */
function describe(base: Base, byModel: boolean, version: string | undefined, random: Random): string {
  const source = (base.record.details ?? '').trim() || base.record.summary || `${base.packageName} is affected by ${base.record.id}.`;
  const heavy = chance(random, 0.6);
  const sentences = source
    .split(/\n\s*\n/)
    .flatMap((paragraph) => (paragraph.trimStart().startsWith('```') ? [paragraph] : paragraph.split(/(?<=[.!?])\s+(?=[A-Z`"(])/)))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (heavy) shuffle(sentences, random);
  else if (sentences.length > 1 && chance(random, 0.5)) {
    const i = between(random, 0, sentences.length - 2);
    [sentences[i], sentences[i + 1]] = [sentences[i + 1]!, sentences[i]!];
  }
  if (sentences.length > 3 && chance(random, heavy ? 0.6 : 0.2)) sentences.splice(between(random, 0, sentences.length - 1), 1);
  const own = byModel ? MODEL_LINES : PERSON_LINES;
  const added = Array.from({ length: heavy ? between(random, 1, 2) : between(random, 0, 1) }, () => pick(random, own));
  const body = reword(sentences.join(' '), random, heavy ? 0.7 : 0.3);
  const tested = version === undefined ? '' : `Tested with ${base.packageName} ${version}.`;
  if (chance(random, 0.3)) {
    return [`## Summary\n\n${body}`, `## Impact\n\n${added.join(' ') || 'An attacker who can supply input to the affected component can exploit this.'}`, ...(tested === '' ? [] : [`## Affected versions\n\n${tested}`])].join('\n\n');
  }
  return [added[0], body, ...added.slice(1), tested].filter((s) => s !== undefined && s !== '').join(' ');
}

function shuffle<T>(list: T[], random: Random): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
}

const address = (random: Random): string => `0x${pick(random, ['602', '603', '604', '606', '60b', '611', '619', '621'])}0000${hex(random, 5)}`;

/**
 * An AddressSanitizer report in the layout clang prints: the bug's own top frames, under an
 * interceptor frame in some builds; a varying few of its callers; a fuzzer's or a PoC's harness;
 * this build's paths, lines, addresses, pid and BuildId.
 */
function sanitizerReport(packageName: string, crash: CrashPlan, version: string | undefined, random: Random): string {
  const pid = between(random, 1, 99999);
  const fuzzer = chance(random, 0.6);
  const root = fuzzer ? `/src/${codePrefix(packageName)}/` : `/home/${pick(random, ['ci', 'dev', 'alice', 'build'])}/work/${packageName}-${version ?? 'git'}/`;
  const pc = (): string => `0x${pick(random, ['55a4c1', '55d0c3', '5610f2', '4'])}${hex(random, 5)}`;
  const name = (fn: string): string => (crash.rust ? `${fn}::h${hex(random, 16)}` : fn);
  const shift = between(random, -20, 20);
  const frames: string[] = [];
  const push = (text: string): void => void frames.push(`    #${frames.length} ${pc()} in ${text}`);
  if (crash.type !== 'SEGV' && crash.type !== 'heap-use-after-free' && chance(random, 0.5)) {
    push(chance(random, 0.5) ? '__asan_memcpy /src/llvm-project/compiler-rt/lib/asan/asan_interceptors_memintrinsics.cpp:22:3' : `__interceptor_memcpy.part.0 (/usr/lib/x86_64-linux-gnu/libasan.so.6+0x${hex(random, 5)})`);
  }
  for (const f of crash.top) push(`${name(f.fn)} ${root}${f.file}:${Math.max(1, f.line + shift)}:${between(random, 1, 40)}`);
  const callers = crash.callers.filter(() => chance(random, 0.4));
  for (const f of callers) push(`${name(f.fn)} ${root}${f.file}:${f.line + shift}:${between(random, 1, 40)}`);
  if (fuzzer) {
    push(`LLVMFuzzerTestOneInput ${root}fuzz/${codePrefix(packageName)}_fuzzer.c:${between(random, 20, 90)}:5`);
    push('fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerLoop.cpp:611:15');
    push('fuzzer::RunOneTest(fuzzer::Fuzzer*, char const*, unsigned long) /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerDriver.cpp:324:6');
    push('main /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerMain.cpp:20:10');
    push('__libc_start_main csu/../csu/libc-start.c:392:3');
  } else {
    push(`main ${root}poc/poc.c:${between(random, 10, 60)}:3`);
    frames.push(`    #${frames.length} 0x7f${hex(random, 10)}  (/lib/x86_64-linux-gnu/libc.so.6+0x29d8f) (BuildId: ${hex(random, 40)})`);
  }
  const top = crash.top[0]!;
  const where = `${root}${top.file}:${Math.max(1, top.line + shift)}`;
  const bad = address(random);
  const lines = ['================================================================='];
  if (crash.type === 'SEGV') {
    lines.push(
      `==${pid}==ERROR: AddressSanitizer: SEGV on unknown address 0x0000000000${hex(random, 2)} (pc ${pc()} bp 0x7ffd${hex(random, 8)} sp 0x7ffd${hex(random, 8)} T0)`,
      `==${pid}==The signal is caused by a READ memory access.`,
      `==${pid}==Hint: address points to the zero page.`,
      ...frames,
      '',
      'AddressSanitizer can not provide additional info.',
    );
  } else {
    lines.push(`==${pid}==ERROR: AddressSanitizer: ${crash.type} on address ${bad} at pc ${pc()} bp 0x7ffd${hex(random, 8)} sp 0x7ffd${hex(random, 8)}`, `${crash.access} of size ${crash.size} at ${bad} thread T0`, ...frames, '');
    const allocator = `    #0 ${pc()} in malloc /src/llvm-project/compiler-rt/lib/asan/asan_malloc_linux.cpp:69:3\n    #1 ${pc()} in ${name(crash.callers[0]!.fn)} ${root}${crash.callers[0]!.file}:${crash.callers[0]!.line}:12`;
    if (crash.type === 'heap-use-after-free') {
      lines.push(`${bad} is located 8 bytes inside of 64-byte region [${bad},${bad})`, 'freed by thread T0 here:', `    #0 ${pc()} in free /src/llvm-project/compiler-rt/lib/asan/asan_malloc_linux.cpp:52:3`, '', 'previously allocated by thread T0 here:', allocator);
    } else if (crash.type === 'heap-buffer-overflow') {
      lines.push(`${bad} is located 0 bytes to the right of ${between(random, 8, 512)}-byte region [${bad},${bad})`, 'allocated by thread T0 here:', allocator);
    } else {
      lines.push(`Address ${bad} is located in stack of thread T0 at offset ${between(random, 16, 256)} in frame`);
    }
  }
  lines.push('', `SUMMARY: AddressSanitizer: ${crash.type} ${where} in ${top.fn}`, `==${pid}==ABORTING`);
  return lines.join('\n');
}

const RULES: Readonly<Record<string, string>> = {
  'CWE-79': 'js/xss',
  'CWE-89': 'py/sql-injection',
  'CWE-78': 'js/command-line-injection',
  'CWE-22': 'py/path-injection',
  'CWE-416': 'cpp/use-after-free',
  'CWE-476': 'cpp/null-dereference',
  'CWE-125': 'cpp/overflow-buffer',
  'CWE-787': 'cpp/overflow-buffer',
  'CWE-121': 'cpp/overflow-buffer',
};

/** A code scanner's SARIF 2.1.0 log with one result at the bug's site; its partialFingerprints are the same in every run. */
function sarifLog(base: Base, random: Random): unknown {
  const site = base.site!;
  const ruleId = RULES[base.cwe] ?? `security/${base.cwe.toLowerCase()}`;
  const message = reword((base.record.summary ?? base.record.details ?? base.record.id).split('\n')[0]!, random, 0.5);
  const version = base.listed.length > 0 ? pick(random, base.listed) : base.introduced[0];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'CodeQL', semanticVersion: pick(random, ['2.16.4', '2.17.6', '2.18.1']), rules: [{ id: ruleId, shortDescription: { text: WEAKNESS_TITLES[base.cwe] ?? 'Security weakness' }, properties: { tags: ['security', `external/cwe/${base.cwe.toLowerCase()}`] } }] } },
        properties: { purl: base.purl(version) },
        results: [
          {
            ruleId,
            ruleIndex: 0,
            level: 'error',
            message: { text: message },
            locations: [{ physicalLocation: { artifactLocation: { uri: site.file, uriBaseId: '%SRCROOT%' }, region: { startLine: site.line + between(random, -8, 8), startColumn: between(random, 1, 30) } }, logicalLocations: [{ fullyQualifiedName: site.fn, kind: 'function' }] }],
            partialFingerprints: { primaryLocationLineHash: base.sarifFingerprint },
          },
        ],
      },
    ],
  };
}
