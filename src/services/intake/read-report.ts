import { draftFromCsaf } from '../../domain/intake/csaf-findings.js';
import { draftFromCve } from '../../domain/intake/cve-findings.js';
import { draftFromFreeForm } from '../../domain/intake/free-form-report.js';
import type { IntakeError, IntakeResult } from '../../domain/intake/intake-error.js';
import { draftFromOsv } from '../../domain/intake/osv-findings.js';
import type { ReportDraft, ReportFormat } from '../../domain/intake/report-draft.js';
import { draftFromSarif } from '../../domain/intake/sarif-findings.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import type { CsafDocumentTest } from '@secvisogram/csaf-validator-lib/validateStrict.js';
import type { SchemaValidation } from '../validation/schema-validators.js';
import { validateCve, validateOsv, validateSarif } from '../validation/schema-validators.js';
import { uniqueErrors } from '../validation/unique-errors.js';

/** A report read into the intake's one shape, or every error found, each at a JSON Pointer into the upload. */
export type ReadReportResult = { ok: true; draft: ReportDraft } | { ok: false; errors: IntakeError[] };

export interface ReadReportOptions {
  /** The format the sender says the report is in; detected from the content when absent. */
  format?: ReportFormat;
}

/** Most errors returned for one report; a broken log can have thousands, and the first ones say what is wrong. */
export const MAX_REPORTED_ERRORS = 100;

/**
 * Reads a vulnerability report as uploaded: a free-form report, OSV, CVE JSON 5.x, CSAF 2.0 or
 * SARIF 2.1.0 (see {@link detectReportFormat}). Each standard format is validated against its
 * official schema (CSAF also through the mandatory tests of section 6.1) before it is read;
 * the free-form shape is checked field by field. Never throws for bad input. Async because
 * the CSAF validator library is; it is loaded (which takes seconds) only for CSAF.
 */
export async function readReport(text: string, options: ReadReportOptions = {}): Promise<ReadReportResult> {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, errors: [...parsed.errors] };
  const document = parsed.value;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { ok: false, errors: [{ path: '', message: `a report must be a JSON object, not ${Array.isArray(document) ? 'a list' : JSON.stringify(document)}` }] };
  }
  const json = document as Record<string, unknown>;
  const read = await readAs(options.format ?? detectReportFormat(json), json);
  if (read.ok) return { ok: true, draft: read.value };
  return { ok: false, errors: capped(read.errors) };
}

/**
 * The format a report is in, told from its content: SARIF has `runs` with `version` "2.1.0"
 * (or a SARIF `$schema`); CSAF has `document.csaf_version`; a CVE record has `dataType`
 * "CVE_RECORD"; an OSV record has an `id`, `modified` or `schema_version`, and one of the
 * fields that describe a vulnerability. Anything else is read as a free-form report.
 */
export function detectReportFormat(document: Record<string, unknown>): ReportFormat {
  const schema = document['$schema'];
  if ('runs' in document && (document['version'] === '2.1.0' || (typeof schema === 'string' && /sarif/i.test(schema)))) return 'sarif';
  const meta = document['document'];
  if (typeof meta === 'object' && meta !== null && 'csaf_version' in meta) return 'csaf';
  if (document['dataType'] === 'CVE_RECORD') return 'cve';
  const osvFields = ['affected', 'aliases', 'summary', 'details', 'severity', 'references', 'published', 'withdrawn', 'related', 'upstream', 'database_specific'];
  if (typeof document['id'] === 'string' && ('modified' in document || 'schema_version' in document) && osvFields.some((f) => f in document)) return 'osv';
  return 'report';
}

async function readAs(format: ReportFormat, json: Record<string, unknown>): Promise<IntakeResult<ReportDraft>> {
  switch (format) {
    case 'report':
      return draftFromFreeForm(json);
    case 'osv':
      return validated(validateOsv(json), 'OSV schema', () => draftFromOsv(json as unknown as OsvRecord));
    case 'cve':
      return validated(validateCve(json), 'CVE JSON 5.1.1 schema', () => draftFromCve(json));
    case 'sarif':
      return validated(validateSarif(json), 'SARIF 2.1.0 schema', () => draftFromSarif(json));
    case 'csaf': {
      const version = (json['document'] as Record<string, unknown> | undefined)?.['csaf_version'];
      if (version !== '2.0') {
        return { ok: false, errors: [{ path: '/document/csaf_version', message: `CSAF version ${JSON.stringify(version)} is not supported: this reader takes CSAF 2.0` }] };
      }
      const errors = await csafErrors(json);
      return errors.length > 0 ? { ok: false, errors } : draftFromCsaf(json);
    }
  }
}

/** Reads the document only when its schema passed; schema errors come back as `<pointer> <message>` lines. */
function validated(validation: SchemaValidation, schema: string, read: () => IntakeResult<ReportDraft>): IntakeResult<ReportDraft> {
  if (validation.ok) return read();
  return {
    ok: false,
    errors: validation.errors.map((line) => {
      const space = line.indexOf(' ');
      const path = line.slice(0, space);
      return { path: path === '/' ? '' : path, message: `${line.slice(space + 1)} (${schema})` };
    }),
  };
}

/**
 * CSAF 2.0 checked by the BSI/secvisogram validator library, as the CSAF VEX reader does: the
 * strict schema test and every mandatory test (section 6.1). Its tests assume a document the
 * schema let through, and on other input some of them throw; that is reported, not thrown.
 */
async function csafErrors(document: Record<string, unknown>): Promise<IntakeError[]> {
  const [basicTests, { default: validateStrict }] = await Promise.all([
    import('@secvisogram/csaf-validator-lib/basic.js'),
    import('@secvisogram/csaf-validator-lib/validateStrict.js'),
  ]);
  try {
    // The declaration types the module as `export =`, so a dynamic import looks like `{ default }`; at run time it is the namespace of named tests.
    const tests = Object.values(basicTests as unknown as Record<string, unknown>).filter((test): test is CsafDocumentTest => typeof test === 'function');
    const validation = await validateStrict(tests, document);
    if (validation.isValid) return [];
    return uniqueErrors(
      validation.tests
        .filter((test) => !test.isValid)
        .flatMap((test) => test.errors.map((e) => ({ path: e.instancePath, message: `${e.message} (${csafTestLabel(test.name)})` }))),
    );
  } catch (error) {
    return [{ path: '', message: `the CSAF validator could not check this document: ${error instanceof Error ? error.message : String(error)}` }];
  }
}

function csafTestLabel(testName: string): string {
  const mandatory = /^mandatoryTest_(\d+(?:_\d+)*)$/.exec(testName)?.[1];
  return mandatory === undefined ? 'CSAF 2.0 schema' : `CSAF mandatory test ${mandatory.replaceAll('_', '.')}`;
}


function capped(errors: readonly IntakeError[]): IntakeError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return [...errors];
  return [...errors.slice(0, MAX_REPORTED_ERRORS), { path: '', message: `${errors.length - MAX_REPORTED_ERRORS} more errors not shown` }];
}

/**
 * Parses JSON (a leading byte-order mark allowed, as in a UTF-8 file) and, when it is not,
 * says where: V8 gives a character position for most syntax errors, which is turned into a
 * line and column; "Unexpected end" is at the end of the text.
 */
function parseJson(text: string): IntakeResult<unknown> {
  const source = text.replace(/^\uFEFF/, '');
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(reason)?.[1];
    const at = position !== undefined ? Number(position) : /Unexpected end of JSON input/.test(reason) ? source.length : undefined;
    const where = at === undefined ? '' : ` at ${lineAndColumn(source, at)}`;
    const message = source.trim() === '' ? 'the report is empty: expected a JSON object' : `not valid JSON${where}: ${reason.replace(/ in JSON at position \d+.*$/, '')}`;
    return { ok: false, errors: [{ path: '', message }] };
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
