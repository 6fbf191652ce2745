/**
 * The clearinghouse's own report shape, for a person (or a model) reporting one
 * vulnerability without a standard format to hand:
 *
 * ```json
 * {
 *   "title": "Heap overflow in frame parser",
 *   "description": "Markdown: what, where, how to reproduce, impact.",
 *   "affected": [{ "purl": "pkg:npm/frames@2.1.0", "versions": ["< 2.1.1"] }, { "cpe": "cpe:2.3:a:acme:frames:2.1.0:*:*:*:*:*:*:*" }],
 *   "cwe": "CWE-122",
 *   "cvss": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
 *   "identifiers": ["CVE-2026-0001"],
 *   "stackTrace": "==1==ERROR: AddressSanitizer: heap-buffer-overflow …",
 *   "locations": [{ "uri": "src/frame.c", "startLine": 120, "endLine": 131, "symbol": "parse_frame" }]
 * }
 * ```
 *
 * {@link FREE_FORM_REPORT_SCHEMA} is the same shape as JSON Schema, for the HTTP layer and API
 * documents. {@link draftFromFreeForm} checks it by hand rather than through a schema
 * validator: the checks that matter most (purl, CPE, CWE, CVSS) need the repository's own
 * parsers, and each error should say in plain words what is wrong with which field, which a
 * schema validator's messages for unions and patterns do not.
 */
import { scoreVector } from '../cvss/cvss.js';
import { asObject, pointer } from '../cve/json.js';
import { cpe23Error } from './cpe.js';
import { TITLE_MAX_LENGTH, uniqueTexts } from './finding-text.js';
import type { IntakeError, IntakeResult } from './intake-error.js';
import type { AffectedProduct, CodeLocation, ReportDraft } from './report-draft.js';
import { readReportPurl } from './report-purl.js';
import { isCweId } from './weakness.js';

/** One product the report names: by purl or by CPE 2.3 formatted string (at least one), with the versions the reporter knows to be affected. */
export interface FreeFormAffected {
  purl?: string;
  cpe?: string;
  versions?: string[];
}

/** A place in code where the vulnerability is. Lines count from 1. */
export interface FreeFormLocation {
  uri: string;
  startLine?: number;
  endLine?: number;
  symbol?: string;
}

/** A free-form vulnerability report (see the module comment for an example). */
export interface FreeFormReport {
  /** 1 to 300 characters. */
  title: string;
  /** Markdown, at most 1 MiB of UTF-8. */
  description: string;
  /** At least one product. */
  affected: FreeFormAffected[];
  /** `CWE-<n>`, one or several. */
  cwe?: string | string[];
  /** A CVSS 3.1 or 4.0 vector string. */
  cvss?: string;
  /** Identifiers already assigned elsewhere (CVE, GHSA, a vendor's bug id). */
  identifiers?: string[];
  /** A sanitizer report or stack trace, as text; at most 1 MiB of UTF-8. */
  stackTrace?: string;
  locations?: FreeFormLocation[];
}

/** Largest description or stack trace, in UTF-8 bytes. */
export const TEXT_MAX_BYTES = 1024 * 1024;

const CWE_PATTERN = '^CWE-[1-9][0-9]*$';

/**
 * {@link FreeFormReport} as JSON Schema. Only keywords that draft-07 and draft 2020-12 read
 * alike, so any JSON Schema validator (Fastify's included) takes it. `maxLength` counts
 * characters, not bytes: {@link draftFromFreeForm} also checks the 1 MiB byte limit, and
 * parses purls, CPEs, CWEs and CVSS vectors, which the patterns here only sketch.
 */
export const FREE_FORM_REPORT_SCHEMA = {
  title: 'Free-form vulnerability report',
  type: 'object',
  additionalProperties: false,
  required: ['title', 'description', 'affected'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: TITLE_MAX_LENGTH, pattern: '\\S', description: 'One line, 1 to 300 characters.' },
    description: { type: 'string', minLength: 1, maxLength: TEXT_MAX_BYTES, pattern: '\\S', description: 'Markdown, at most 1 MiB of UTF-8.' },
    affected: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        anyOf: [{ required: ['purl'] }, { required: ['cpe'] }],
        properties: {
          purl: { type: 'string', pattern: '^pkg:', description: 'A package URL of a type registered in the purl specification.' },
          cpe: { type: 'string', pattern: '^cpe:2\\.3:', description: 'A CPE 2.3 formatted string.' },
          versions: { type: 'array', items: { type: 'string', minLength: 1, pattern: '\\S' }, description: 'Affected versions or ranges, as written.' },
        },
      },
    },
    cwe: {
      anyOf: [
        { type: 'string', pattern: CWE_PATTERN },
        { type: 'array', minItems: 1, items: { type: 'string', pattern: CWE_PATTERN } },
      ],
    },
    cvss: { type: 'string', pattern: '^CVSS:(3\\.1|4\\.0)/', description: 'A CVSS 3.1 or 4.0 vector string.' },
    identifiers: { type: 'array', items: { type: 'string', minLength: 1, pattern: '\\S' } },
    stackTrace: { type: 'string', maxLength: TEXT_MAX_BYTES },
    locations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['uri'],
        properties: {
          uri: { type: 'string', minLength: 1, pattern: '\\S' },
          startLine: { type: 'integer', minimum: 1 },
          endLine: { type: 'integer', minimum: 1 },
          symbol: { type: 'string', minLength: 1, pattern: '\\S' },
        },
      },
    },
  },
} as const;

const FIELDS = Object.keys(FREE_FORM_REPORT_SCHEMA.properties);
const AFFECTED_FIELDS = Object.keys(FREE_FORM_REPORT_SCHEMA.properties.affected.items.properties);
const LOCATION_FIELDS = Object.keys(FREE_FORM_REPORT_SCHEMA.properties.locations.items.properties);

/**
 * Checks a parsed free-form report and reads it into a draft with one finding. Every
 * error is reported, each at the JSON Pointer of the field at fault. Never throws.
 */
export function draftFromFreeForm(value: unknown): IntakeResult<ReportDraft> {
  const errors: IntakeError[] = [];
  const fail = (path: string, message: string): void => {
    errors.push({ path, message });
  };
  const report = asObject(value);
  if (report === undefined) return { ok: false, errors: [{ path: '', message: 'a report must be a JSON object' }] };
  unknownFields(report, '', FIELDS, 'a report', fail);

  const title = requiredText(report, '/title', 'title', fail);
  if (title !== undefined && [...title].length > TITLE_MAX_LENGTH) fail('/title', `title is ${[...title].length} characters long; at most ${TITLE_MAX_LENGTH}`);
  const description = requiredText(report, '/description', 'description', fail);
  if (description !== undefined && utf8Length(description) > TEXT_MAX_BYTES) fail('/description', `description is ${utf8Length(description)} bytes of UTF-8; at most ${TEXT_MAX_BYTES} (1 MiB)`);
  const affected = readAffected(report['affected'], fail);
  const cwes = readCwes(report['cwe'], fail);
  const cvss = readCvss(report['cvss'], fail);
  const identifiers = textList(report['identifiers'], '/identifiers', 'identifiers', fail);
  const stackTrace = optionalText(report['stackTrace'], '/stackTrace', 'stackTrace', fail);
  if (stackTrace !== undefined && utf8Length(stackTrace) > TEXT_MAX_BYTES) fail('/stackTrace', `stackTrace is ${utf8Length(stackTrace)} bytes of UTF-8; at most ${TEXT_MAX_BYTES} (1 MiB)`);
  const locations = readLocations(report['locations'], fail);

  if (errors.length > 0 || title === undefined || description === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: {
      format: 'report',
      findings: [
        {
          title: title.trim(),
          description,
          affected,
          cwes,
          cvssVectors: cvss === undefined ? [] : [cvss],
          identifiers: uniqueTexts(identifiers),
          locations,
          partialFingerprints: {},
          fingerprints: {},
          codeFlows: [],
          ...(stackTrace === undefined || stackTrace.trim() === '' ? {} : { stackTrace }),
        },
      ],
    },
  };
}

type Fail = (path: string, message: string) => void;

function unknownFields(object: Record<string, unknown>, path: string, known: readonly string[], what: string, fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) fail(pointer(path, key), `unknown field "${key}"; ${what} has only ${known.join(', ')}`);
  }
}

function requiredText(object: Record<string, unknown>, path: string, name: string, fail: Fail): string | undefined {
  if (object[name] === undefined) {
    fail(path, `missing ${name}`);
    return undefined;
  }
  const text = optionalText(object[name], path, name, fail);
  if (text !== undefined && text.trim() === '') {
    fail(path, `${name} is blank`);
    return undefined;
  }
  return text;
}

function optionalText(value: unknown, path: string, name: string, fail: Fail): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    fail(path, `${name} must be a string, not ${kindOf(value)}`);
    return undefined;
  }
  return value;
}

/** A list of non-blank strings; each bad item is an error at its own index. */
function textList(value: unknown, path: string, name: string, fail: Fail): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    fail(path, `${name} must be a list of strings, not ${kindOf(value)}`);
    return [];
  }
  const texts: string[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'string') fail(pointer(path, i), `${name} must hold strings, not ${kindOf(item)}`);
    else if (item.trim() === '') fail(pointer(path, i), `${name} must not hold blank strings`);
    else texts.push(item.trim());
  });
  return texts;
}

function readAffected(value: unknown, fail: Fail): AffectedProduct[] {
  if (value === undefined) {
    fail('/affected', 'missing affected: name at least one product, by purl or cpe');
    return [];
  }
  if (!Array.isArray(value)) {
    fail('/affected', `affected must be a list of products, not ${kindOf(value)}`);
    return [];
  }
  if (value.length === 0) fail('/affected', 'affected is empty: name at least one product, by purl or cpe');
  return value.flatMap((item: unknown, i): AffectedProduct[] => {
    const path = pointer('/affected', i);
    const entry = asObject(item);
    if (entry === undefined) {
      fail(path, `a product must be an object with purl or cpe, not ${kindOf(item)}`);
      return [];
    }
    unknownFields(entry, path, AFFECTED_FIELDS, 'a product', fail);
    const purlText = optionalText(entry['purl'], `${path}/purl`, 'purl', fail);
    const cpe = optionalText(entry['cpe'], `${path}/cpe`, 'cpe', fail);
    if (entry['purl'] === undefined && entry['cpe'] === undefined) fail(path, 'a product needs a purl or a cpe');
    let purl: string | undefined;
    if (purlText !== undefined) {
      const read = readReportPurl(purlText, { registeredTypeOnly: true });
      if (read.ok) purl = read.canonical;
      else fail(`${path}/purl`, read.error);
    }
    const cpeProblem = cpe === undefined ? undefined : cpe23Error(cpe);
    if (cpeProblem !== undefined) fail(`${path}/cpe`, `invalid CPE "${cpe}": ${cpeProblem}`);
    const versions = uniqueTexts(textList(entry['versions'], `${path}/versions`, 'versions', fail));
    return [{ ...(purl === undefined ? {} : { purl }), ...(cpe === undefined ? {} : { cpe }), versions }];
  });
}

function readCwes(value: unknown, fail: Fail): string[] {
  if (value === undefined) return [];
  const check = (item: unknown, path: string): string[] => {
    if (typeof item !== 'string') {
      fail(path, `a CWE must be a string such as "CWE-79", not ${kindOf(item)}`);
      return [];
    }
    if (!isCweId(item)) {
      fail(path, `invalid CWE "${item}": expected CWE-<number>, e.g. CWE-79`);
      return [];
    }
    return [item];
  };
  if (Array.isArray(value)) {
    if (value.length === 0) fail('/cwe', 'cwe is an empty list: leave it out or name at least one CWE');
    return uniqueTexts(value.flatMap((item: unknown, i) => check(item, pointer('/cwe', i))));
  }
  return check(value, '/cwe');
}

function readCvss(value: unknown, fail: Fail): string | undefined {
  const text = optionalText(value, '/cvss', 'cvss', fail)?.trim();
  if (text === undefined) return undefined;
  if (!/^CVSS:(3\.1|4\.0)\//.test(text)) {
    fail('/cvss', `invalid CVSS vector "${text}": give a CVSS 3.1 or 4.0 vector, starting "CVSS:3.1/" or "CVSS:4.0/"`);
    return undefined;
  }
  const score = scoreVector(text);
  if (!score.ok) {
    fail('/cvss', `invalid CVSS vector "${text}": ${score.error}`);
    return undefined;
  }
  return text;
}

function readLocations(value: unknown, fail: Fail): CodeLocation[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    fail('/locations', `locations must be a list, not ${kindOf(value)}`);
    return [];
  }
  return value.flatMap((item: unknown, i): CodeLocation[] => {
    const path = pointer('/locations', i);
    const entry = asObject(item);
    if (entry === undefined) {
      fail(path, `a location must be an object with a uri, not ${kindOf(item)}`);
      return [];
    }
    unknownFields(entry, path, LOCATION_FIELDS, 'a location', fail);
    const uri = requiredText(entry, `${path}/uri`, 'uri', fail);
    const line = (name: 'startLine' | 'endLine'): number | undefined => {
      const n = entry[name];
      if (n === undefined) return undefined;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
        fail(`${path}/${name}`, `${name} must be a whole number from 1, not ${JSON.stringify(n)}`);
        return undefined;
      }
      return n;
    };
    const startLine = line('startLine');
    const endLine = line('endLine');
    if (startLine !== undefined && endLine !== undefined && endLine < startLine) fail(`${path}/endLine`, `endLine ${endLine} is before startLine ${startLine}`);
    const symbol = optionalText(entry['symbol'], `${path}/symbol`, 'symbol', fail);
    if (symbol !== undefined && symbol.trim() === '') fail(`${path}/symbol`, 'symbol is blank');
    if (uri === undefined) return [];
    return [
      {
        uri: uri.trim(),
        ...(startLine === undefined ? {} : { startLine }),
        ...(endLine === undefined ? {} : { endLine }),
        ...(symbol === undefined || symbol.trim() === '' ? {} : { symbol: symbol.trim() }),
      },
    ];
  });
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`;
}

/** UTF-8 length of a string, counted from its code points (the domain has no TextEncoder). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
