import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import AjvModule from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { FreeFormReport } from './free-form-report.js';
import { draftFromFreeForm, FREE_FORM_REPORT_SCHEMA, TEXT_MAX_BYTES } from './free-form-report.js';

const full: FreeFormReport = {
  title: 'Heap overflow in frame parser',
  description: 'A crafted frame header overflows `buf`.\n\n## Reproduce\n\n`frames decode poc.bin`',
  affected: [
    { purl: 'pkg:npm/@acme/frames@2.1.0', versions: ['2.1.0', '< 2.1.1', '2.1.0'] },
    { cpe: 'cpe:2.3:a:acme:frames:2.1.0:*:*:*:*:*:*:*' },
  ],
  cwe: ['CWE-122', 'CWE-787'],
  cvss: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  identifiers: ['CVE-2026-0001', 'ACME-42', 'CVE-2026-0001'],
  stackTrace: '==1==ERROR: AddressSanitizer: heap-buffer-overflow\n    #0 parse_frame src/frame.c:120',
  locations: [{ uri: 'src/frame.c', startLine: 120, endLine: 131, symbol: 'parse_frame' }, { uri: 'src/io.c' }],
};

function errorsOf(report: unknown): { path: string; message: string }[] {
  const result = draftFromFreeForm(report);
  assert.ok(!result.ok, 'expected errors');
  return [...result.errors];
}

/** The one error at `path`; fails unless there is exactly one. */
function errorAt(report: unknown, path: string): string {
  const errors = errorsOf(report).filter((e) => e.path === path);
  assert.equal(errors.length, 1, `errors at ${path}: ${JSON.stringify(errorsOf(report))}`);
  return errors[0]!.message;
}

describe('draftFromFreeForm', () => {
  it('reads a full report into one finding', () => {
    const result = draftFromFreeForm(full);
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      format: 'report',
      findings: [
        {
          title: 'Heap overflow in frame parser',
          description: full.description,
          affected: [
            { purl: 'pkg:npm/%40acme/frames@2.1.0', versions: ['2.1.0', '< 2.1.1'] },
            { cpe: 'cpe:2.3:a:acme:frames:2.1.0:*:*:*:*:*:*:*', versions: [] },
          ],
          cwes: ['CWE-122', 'CWE-787'],
          cvssVectors: ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'],
          identifiers: ['CVE-2026-0001', 'ACME-42'],
          locations: [{ uri: 'src/frame.c', startLine: 120, endLine: 131, symbol: 'parse_frame' }, { uri: 'src/io.c' }],
          partialFingerprints: {},
          fingerprints: {},
          codeFlows: [],
          stackTrace: full.stackTrace,
        },
      ],
    });
  });

  it('reads a minimal report, a single CWE as a string, a blank stack trace as none', () => {
    const result = draftFromFreeForm({ title: ' SSRF in fetch ', description: 'x', affected: [{ purl: 'pkg:pypi/Requests_Toolbelt' }], cwe: 'CWE-918', stackTrace: ' ' });
    assert.ok(result.ok);
    const [finding] = result.value.findings;
    assert.equal(finding?.title, 'SSRF in fetch');
    assert.deepEqual(finding?.affected, [{ purl: 'pkg:pypi/requests-toolbelt', versions: [] }]);
    assert.deepEqual(finding?.cwes, ['CWE-918']);
    assert.equal(finding?.stackTrace, undefined);
  });

  it('names missing and unknown fields', () => {
    assert.deepEqual(errorsOf({ titel: 'x' }), [
      { path: '/titel', message: 'unknown field "titel"; a report has only title, description, affected, cwe, cvss, identifiers, stackTrace, locations' },
      { path: '/title', message: 'missing title' },
      { path: '/description', message: 'missing description' },
      { path: '/affected', message: 'missing affected: name at least one product, by purl or cpe' },
    ]);
    assert.deepEqual(errorsOf([full]), [{ path: '', message: 'a report must be a JSON object' }]);
  });

  it('checks the title and the description', () => {
    assert.equal(errorAt({ ...full, title: '   ' }, '/title'), 'title is blank');
    assert.equal(errorAt({ ...full, title: 7 }, '/title'), 'title must be a string, not the number 7');
    assert.equal(errorAt({ ...full, title: 't'.repeat(301) }, '/title'), 'title is 301 characters long; at most 300');
    assert.ok(draftFromFreeForm({ ...full, title: '€'.repeat(300) }).ok, '300 characters are fine whatever their bytes');
    // 350,000 euro signs are 1,050,000 bytes of UTF-8: over 1 MiB, though under 1 Mi characters.
    assert.equal(errorAt({ ...full, description: '€'.repeat(350_000) }, '/description'), `description is 1050000 bytes of UTF-8; at most ${TEXT_MAX_BYTES} (1 MiB)`);
  });

  it('says why a purl is invalid, and names an unknown purl type', () => {
    const at = (purl: string): string => errorAt({ ...full, affected: [{ purl }] }, '/affected/0/purl');
    assert.equal(at('npm/left-pad'), 'invalid purl "npm/left-pad": a purl must start with "pkg:"');
    assert.equal(at('pkg:maven/commons-text@1.9'), 'invalid purl "pkg:maven/commons-text@1.9": maven purls require a namespace');
    assert.equal(at('pkg:npm/x?Arch=%ZZ'), 'invalid purl "pkg:npm/x?Arch=%ZZ": qualifier "arch" has invalid percent-encoding');
    assert.equal(at('pkg:foobar/thing@1.0'), 'invalid purl "pkg:foobar/thing@1.0": unknown purl type "foobar" (not a type registered in the purl specification)');
  });

  it('checks each product', () => {
    assert.equal(errorAt({ ...full, affected: [] }, '/affected'), 'affected is empty: name at least one product, by purl or cpe');
    assert.equal(errorAt({ ...full, affected: 'pkg:npm/x' }, '/affected'), 'affected must be a list of products, not the string "pkg:npm/x"');
    assert.equal(errorAt({ ...full, affected: [{ versions: ['1.0'] }] }, '/affected/0'), 'a product needs a purl or a cpe');
    assert.equal(
      errorAt({ ...full, affected: [{ cpe: 'cpe:/a:acme:frames:2.1.0' }] }, '/affected/0/cpe'),
      'invalid CPE "cpe:/a:acme:frames:2.1.0": this is a CPE 2.2 URI; give the CPE 2.3 formatted string (cpe:2.3:part:vendor:product:…)',
    );
    assert.equal(errorAt({ ...full, affected: [{ purl: 'pkg:npm/x', versions: ['1', 2] }] }, '/affected/0/versions/1'), 'versions must hold strings, not the number 2');
    assert.equal(errorAt({ ...full, affected: [{ purl: 'pkg:npm/x', name: 'x' }] }, '/affected/0/name'), 'unknown field "name"; a product has only purl, cpe, versions');
  });

  it('rejects an invalid CWE, as a string or in a list', () => {
    assert.equal(errorAt({ ...full, cwe: 'CWE79' }, '/cwe'), 'invalid CWE "CWE79": expected CWE-<number>, e.g. CWE-79');
    assert.equal(errorAt({ ...full, cwe: ['CWE-79', 'XSS'] }, '/cwe/1'), 'invalid CWE "XSS": expected CWE-<number>, e.g. CWE-79');
    assert.equal(errorAt({ ...full, cwe: 79 }, '/cwe'), 'a CWE must be a string such as "CWE-79", not the number 79');
    assert.equal(errorAt({ ...full, cwe: [] }, '/cwe'), 'cwe is an empty list: leave it out or name at least one CWE');
  });

  it('rejects a CVSS vector that is not a valid 3.1 or 4.0 vector, saying why', () => {
    assert.equal(
      errorAt({ ...full, cvss: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }, '/cvss'),
      'invalid CVSS vector "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H": give a CVSS 3.1 or 4.0 vector, starting "CVSS:3.1/" or "CVSS:4.0/"',
    );
    assert.equal(
      errorAt({ ...full, cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X' }, '/cvss'),
      'invalid CVSS vector "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X": metric A has invalid value "X"; expected one of N, L, H',
    );
    assert.equal(
      errorAt({ ...full, cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H' }, '/cvss'),
      'invalid CVSS vector "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H": missing base metrics I, A for CVSS 3.1',
    );
  });

  it('checks locations', () => {
    assert.equal(errorAt({ ...full, locations: [{ startLine: 3 }] }, '/locations/0/uri'), 'missing uri');
    assert.equal(errorAt({ ...full, locations: [{ uri: 'a.c', startLine: 0 }] }, '/locations/0/startLine'), 'startLine must be a whole number from 1, not 0');
    assert.equal(errorAt({ ...full, locations: [{ uri: 'a.c', startLine: 9, endLine: 3 }] }, '/locations/0/endLine'), 'endLine 3 is before startLine 9');
  });

  it('reports every error of a report at once', () => {
    const errors = errorsOf({ title: '', description: 'd', affected: [{ purl: 'pkg:npm/ok' }, { purl: 'not-a-purl' }], cwe: 'CWE-x', cvss: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' });
    assert.deepEqual(
      errors.map((e) => e.path),
      ['/title', '/affected/1/purl', '/cwe', '/cvss'],
    );
  });
});

describe('FREE_FORM_REPORT_SCHEMA', () => {
  // Reports the schema alone can judge: it and the reader must agree on each.
  const cases: [string, unknown][] = [
    ['full', full],
    ['minimal', { title: 't', description: 'd', affected: [{ cpe: 'cpe:2.3:a:acme:frames:2.1.0:*:*:*:*:*:*:*' }] }],
    ['missing title', { description: 'd', affected: [{ purl: 'pkg:npm/x' }] }],
    ['blank title', { ...full, title: '  ' }],
    ['long title', { ...full, title: 't'.repeat(301) }],
    ['unknown field', { ...full, severity: 'high' }],
    ['empty affected', { ...full, affected: [] }],
    ['product without purl or cpe', { ...full, affected: [{ versions: ['1'] }] }],
    ['purl without scheme', { ...full, affected: [{ purl: 'npm/x' }] }],
    ['CPE 2.2', { ...full, affected: [{ cpe: 'cpe:/a:acme:frames' }] }],
    ['bad CWE', { ...full, cwe: 'CWE79' }],
    ['bad CWE in list', { ...full, cwe: ['CWE-79', 'xss'] }],
    ['CVSS 3.0', { ...full, cvss: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    ['blank identifier', { ...full, identifiers: [' '] }],
    ['line 0', { ...full, locations: [{ uri: 'a', startLine: 0 }] }],
    ['location without uri', { ...full, locations: [{ symbol: 'f' }] }],
  ];
  const validators = [
    ['draft-07', new AjvModule.default({ allErrors: true }).compile(FREE_FORM_REPORT_SCHEMA)],
    ['draft 2020-12', new Ajv2020Module.default({ allErrors: true }).compile(FREE_FORM_REPORT_SCHEMA)],
  ] as const;

  for (const [draft, validate] of validators) {
    it(`agrees with the reader under ${draft}`, () => {
      for (const [name, report] of cases) assert.equal(validate(report), draftFromFreeForm(report).ok, name);
    });
  }
});
