import { weaknesses } from '@secvisogram/csaf-validator-lib/cwe.js';
import type { CsafDocumentTest } from '@secvisogram/csaf-validator-lib/validateStrict.js';
import type { CsafDocument } from '../../domain/publication/csaf-json.js';
import type { CveRecord } from '../../domain/publication/cve-json.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { validateCve, validateOsv } from '../validation/schema-validators.js';

/**
 * CWE id → name from the catalog that CSAF mandatory test 6.1.11 checks names against (the
 * validator library's own copy), for `csafAdvisory` and `cveRecord`.
 */
export const cweNames: ReadonlyMap<string, string> = new Map(weaknesses.map((w) => [w.id, w.name]));

/** What is wrong with one published document, as `<JSON Pointer> <message>` lines. */
export interface PublicationProblem {
  readonly format: 'OSV' | 'CVE' | 'CSAF';
  readonly errors: readonly string[];
}

/**
 * Checks a CSAF 2.0 document as the BSI/secvisogram validator library does: the strict CSAF 2.0
 * schema and every mandatory test (section 6.1). The library is loaded on first use, as the
 * report reader does: it takes seconds.
 */
export async function csafErrors(document: CsafDocument): Promise<string[]> {
  const [basicTests, { default: validateStrict }] = await Promise.all([
    import('@secvisogram/csaf-validator-lib/basic.js'),
    import('@secvisogram/csaf-validator-lib/validateStrict.js'),
  ]);
  // The declaration types the module as `export =`, so a dynamic import looks like `{ default }`; at run time it is the namespace of named tests.
  const tests = Object.values(basicTests as unknown as Record<string, unknown>).filter((test): test is CsafDocumentTest => typeof test === 'function');
  const validation = await validateStrict(tests, document);
  return validation.tests.flatMap((test) => test.errors.map((e) => `${e.instancePath === '' ? '/' : e.instancePath} ${e.message} (${testLabel(test.name)})`));
}

function testLabel(testName: string): string {
  const mandatory = /^mandatoryTest_(\d+(?:_\d+)*)$/.exec(testName)?.[1];
  return mandatory === undefined ? 'CSAF 2.0 schema' : `CSAF mandatory test ${mandatory.replaceAll('_', '.')}`;
}

/**
 * Every problem with a case's published documents, each against its official schema (and CSAF
 * against its mandatory tests too); empty when all of them may be published. A case without a
 * CVE id has no CVE record.
 */
export async function publicationProblems(documents: { readonly osv: OsvRecord; readonly cve?: CveRecord; readonly csaf: CsafDocument }): Promise<PublicationProblem[]> {
  const problems: PublicationProblem[] = [];
  const osv = validateOsv(documents.osv);
  if (!osv.ok) problems.push({ format: 'OSV', errors: osv.errors });
  if (documents.cve !== undefined) {
    const cve = validateCve(documents.cve);
    if (!cve.ok) problems.push({ format: 'CVE', errors: cve.errors });
  }
  const csaf = await csafErrors(documents.csaf);
  if (csaf.length > 0) problems.push({ format: 'CSAF', errors: csaf });
  return problems;
}
