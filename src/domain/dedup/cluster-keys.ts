/*
 * Which reports may describe the same vulnerability, and why. Storage keeps each
 * report's index keys and finds candidates by key equality; compareSubjects then
 * scores a candidate. Every rule that links two subjects also gives them a shared
 * key, so the index never misses a pair the scorer would link.
 */

import type { CrashSignature } from './crash-signature.js';
import { hammingDistance, SIMHASH_BITS, similarity, simhash, words } from './simhash.js';

export interface DedupLocation {
  readonly uri: string;
  readonly startLine?: number;
  readonly symbol?: string;
}

/** What deduplication compares of one report (one finding). */
export interface DedupSubject {
  /** Exact SHA-256 of the normalized content, computed by the caller; '' when there is none. */
  readonly fingerprint: string;
  /** SARIF `partialFingerprints`, name → value. */
  readonly partialFingerprints: Readonly<Record<string, string>>;
  /** Purls without version, or `cpe:...` vendor:product. */
  readonly packages: readonly string[];
  /** `CWE-<n>`. */
  readonly cwes: readonly string[];
  readonly locations: readonly DedupLocation[];
  readonly crash?: CrashSignature;
  /** Title and description, for text similarity. */
  readonly text: string;
  /** CVE, GHSA and OSV ids; other strings (e.g. SARIF rule ids) are ignored, as they name a class of bug. */
  readonly identifiers: readonly string[];
}

/** Strongest first: compareSubjects reports the first rule that holds. */
export const LINK_RULES = [
  'exact-fingerprint',
  'sarif-partial-fingerprint',
  'package-cwe-location',
  'crash-signature',
  'identifier',
  'text-similarity',
] as const;

export type LinkRule = (typeof LINK_RULES)[number];

export interface LinkReason {
  readonly rule: LinkRule;
  /** 0..1; a stronger rule always scores higher than a weaker one. */
  readonly score: number;
  /** For people: which evidence joined the two reports. */
  readonly detail: string;
}

/** Each rule's score; text similarity scales its score by the similarity itself. */
export const RULE_SCORES: Readonly<Record<LinkRule, number>> = {
  'exact-fingerprint': 1,
  'sarif-partial-fingerprint': 0.95,
  'package-cwe-location': 0.9,
  'crash-signature': 0.85,
  identifier: 0.8,
  'text-similarity': 0.75,
};

/**
 * Texts whose SimHashes differ in at most this many of 64 bits are near duplicates
 * (Manku et al. 2007 use 3 for web pages). On the shared OSV data it joins 264 of
 * 906 same-CVE advisory pairs worded by two databases, and 2 of 409,965 pairs of
 * different CVEs: it finds copies and light edits, not free paraphrases. A larger k
 * needs narrower bands, and every band key would then match far more reports.
 */
export const SIMHASH_MAX_DISTANCE = 3;
/** Pigeonhole: hashes within k bits agree on at least one of k + 1 bands (4 bands of 16 bits). */
export const SIMHASH_BANDS = SIMHASH_MAX_DISTANCE + 1;
/** 1 - 3/64 = 0.953125. */
export const TEXT_SIMILARITY_THRESHOLD = 1 - SIMHASH_MAX_DISTANCE / SIMHASH_BITS;
/**
 * Shorter texts are not linked by wording: one-line advisories are often word for
 * word the same for distinct bugs (GO-2022-0377 and GO-2022-0566, both "SSRF in
 * repository migration in gogs.io/gogs").
 */
export const MIN_TEXT_WORDS = 25;

/** Longer strings are no vulnerability id (and would make VULNERABILITY_ID backtrack). */
const MAX_IDENTIFIER_LENGTH = 100;
const VULNERABILITY_ID =
  /^(?:CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|[A-Z][A-Z0-9]*-(?:[A-Za-z0-9_.]+-)*(?:19|20)\d{2}[-:][A-Za-z0-9_.:-]+)$/i;

/** Key → human-readable evidence. */
type Evidence = ReadonlyMap<string, string>;

interface Derived {
  readonly sarif: Evidence;
  readonly place: Evidence;
  readonly crash: Evidence;
  readonly ids: Evidence;
  readonly simhash?: string;
  readonly packages: ReadonlySet<string>;
  /** The schemes of its ids (`CVE`, `GHSA`, `ALSA`...). */
  readonly schemes: ReadonlySet<string>;
}

function basename(uri: string): string {
  return uri.replace(/[?#].*$/, '').split(/[/\\]/).at(-1) ?? uri;
}

function normalizeCwe(cwe: string): string {
  const number = /^\s*cwe-?(\d+)\s*$/i.exec(cwe)?.[1];
  return number === undefined ? cwe.trim().toUpperCase() : `CWE-${Number(number)}`;
}

function placeEvidence(subject: DedupSubject): Map<string, string> {
  const evidence = new Map<string, string>();
  for (const pkg of subject.packages.map((p) => p.trim()).filter((p) => p !== '')) {
    for (const cwe of subject.cwes.map(normalizeCwe).filter((c) => c !== '')) {
      for (const location of subject.locations) {
        const file = basename(location.uri);
        const spots = [location.symbol?.trim(), location.startLine?.toString()].filter((spot) => spot !== undefined && spot !== '');
        for (const spot of spots) evidence.set(`pcl:${pkg}|${cwe}|${file}:${spot}`, `${pkg}, ${cwe}, ${file}:${spot}`);
      }
    }
  }
  return evidence;
}

const derivedCache = new WeakMap<DedupSubject, Derived>();

function derive(subject: DedupSubject): Derived {
  const cached = derivedCache.get(subject);
  if (cached) return cached;
  const crash = subject.crash;
  const ids: Evidence = new Map(
    subject.identifiers
      .map((id) => id.trim())
      .filter((id) => id.length <= MAX_IDENTIFIER_LENGTH && VULNERABILITY_ID.test(id) && !/^CWE-/i.test(id))
      .map((id) => [`id:${id.toUpperCase()}`, id]),
  );
  const derived: Derived = {
    sarif: new Map(
      Object.entries(subject.partialFingerprints).map(([name, value]) => [`sarif:${name}=${value}`, `${name}=${value}`]),
    ),
    place: placeEvidence(subject),
    crash: new Map(
      crash && crash.frames.length > 0 ? [[`crash:${crash.key}`, `${crash.crashType} in ${crash.frames.join(' > ')}`]] : [],
    ),
    ids,
    // An id's scheme is its prefix: `CVE`, `GHSA`, `ALSA`, `PYSEC`...
    schemes: new Set([...ids.keys()].map((key) => /^id:([A-Z][A-Z0-9]*)/.exec(key)?.[1] ?? '')),
    ...(words(subject.text).length >= MIN_TEXT_WORDS ? { simhash: simhash(subject.text) } : {}),
    packages: new Set(subject.packages.map((p) => p.trim()).filter((p) => p !== '')),
  };
  derivedCache.set(subject, derived);
  return derived;
}

/**
 * The bands of a text's SimHash, one set per package (wording links only within one
 * package), so advisories written from one template for many packages do not all
 * come back as candidates of each other.
 */
function simhashBands(hash: string, packages: ReadonlySet<string>): string[] {
  const width = hash.length / SIMHASH_BANDS;
  const scopes = packages.size === 0 ? [''] : [...packages];
  return scopes.flatMap((scope) => Array.from({ length: SIMHASH_BANDS }, (_, band) => `sim${band}:${scope}${scope === '' ? '' : '|'}${hash.slice(band * width, (band + 1) * width)}`));
}

/** The keys storage indexes a report under; two reports the scorer links share at least one. */
export function indexKeys(subject: DedupSubject): string[] {
  const derived = derive(subject);
  const keys = [
    ...(subject.fingerprint === '' ? [] : [`fp:${subject.fingerprint}`]),
    ...derived.sarif.keys(),
    ...derived.place.keys(),
    ...derived.crash.keys(),
    ...derived.ids.keys(),
    ...(derived.simhash === undefined ? [] : simhashBands(derived.simhash, derived.packages)),
  ];
  return [...new Set(keys)];
}

function shared(a: Evidence, b: Evidence): string | undefined {
  for (const [key, detail] of a) if (b.has(key)) return detail;
  return undefined;
}


/**
 * Near-identical wording within one package (or with no package named on either
 * side). Subjects that both name ids of one scheme, none shared, are not linked by
 * wording: advisories of one package are often written from a template (AlmaLinux
 * writes hundreds the same way), and a scheme assigns one id per vulnerability, so
 * its distinct ids were already told apart.
 */
function textLink(a: Derived, b: Derived): LinkReason | undefined {
  if (a.simhash === undefined || b.simhash === undefined) return undefined;
  if ([...b.schemes].some((scheme) => a.schemes.has(scheme))) return undefined;
  const commonPackage = [...a.packages].find((pkg) => b.packages.has(pkg));
  if (commonPackage === undefined && (a.packages.size > 0 || b.packages.size > 0)) return undefined;
  const score = similarity(a.simhash, b.simhash);
  if (score < TEXT_SIMILARITY_THRESHOLD) return undefined;
  const distance = hammingDistance(a.simhash, b.simhash);
  const scope = commonPackage === undefined ? '' : ` for ${commonPackage}`;
  return {
    rule: 'text-similarity',
    score: RULE_SCORES['text-similarity'] * score,
    detail: `text ${Math.round(score * 100)}% similar${scope} (SimHash distance ${distance} of ${SIMHASH_BITS})`,
  };
}

/** The strongest reason to think `a` and `b` report the same vulnerability, or `undefined`. */
export function compareSubjects(a: DedupSubject, b: DedupSubject): LinkReason | undefined {
  const link = (rule: LinkRule, detail: string): LinkReason => ({ rule, score: RULE_SCORES[rule], detail });
  if (a.fingerprint !== '' && a.fingerprint === b.fingerprint) {
    return link('exact-fingerprint', `same content fingerprint ${a.fingerprint.slice(0, 12)}`);
  }
  const x = derive(a);
  const y = derive(b);
  const sarif = shared(x.sarif, y.sarif);
  if (sarif !== undefined) return link('sarif-partial-fingerprint', `same SARIF partial fingerprint ${sarif}`);
  const place = shared(x.place, y.place);
  if (place !== undefined) return link('package-cwe-location', `same package, weakness and place: ${place}`);
  const crash = shared(x.crash, y.crash);
  if (crash !== undefined) return link('crash-signature', `same crash: ${crash}`);
  const id = shared(x.ids, y.ids);
  if (id !== undefined) return link('identifier', `both name ${id}`);
  return textLink(x, y);
}
