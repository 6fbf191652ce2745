import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ReportFormat } from '../../domain/intake/report-draft.js';
import { readJsonLines, sharedDataPath } from '../../testing/shared-data.js';
import { detectReportFormat, MAX_REPORTED_ERRORS, readReport } from './read-report.js';

const fixture = (folder: string, name: string): string => readFileSync(new URL(`../../domain/${folder}/fixtures/${name}`, import.meta.url), 'utf8');

/** Every file under a folder, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)]));
}

/** The parts of a CVE record the corpus test compares with. */
interface CveContainer {
  problemTypes?: { descriptions?: { cweId?: string }[] }[];
  metrics?: Record<string, { vectorString?: string } | undefined>[];
}
interface CveRecord {
  cveMetadata: { cveId: string; state: string };
  containers: { cna: CveContainer; adp?: CveContainer[] };
}

async function errorsOf(text: string, format?: ReportFormat): Promise<{ path: string; message: string }[]> {
  const result = await readReport(text, format === undefined ? {} : { format });
  assert.ok(!result.ok, 'expected errors');
  return result.errors;
}

describe('detectReportFormat', () => {
  it('tells the five formats apart by content', () => {
    const cases: [string, ReportFormat][] = [
      [fixture('intake', 'ResultStacks.sarif'), 'sarif'],
      [fixture('intake', 'bsi-2022-0001.json'), 'csaf'],
      [fixture('cve', 'CVE-2023-5752.json'), 'cve'],
      [fixture('intake', 'OSEC-2016-01.json'), 'osv'],
      [JSON.stringify({ title: 't', description: 'd', affected: [{ purl: 'pkg:npm/x' }] }), 'report'],
      // A SARIF log without `version` still names its schema.
      [JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [] }), 'sarif'],
    ];
    for (const [text, format] of cases) assert.equal(detectReportFormat(JSON.parse(text) as Record<string, unknown>), format, text.slice(0, 80));
  });
});

describe('readReport', () => {
  it('reads each format into a draft of that format', async () => {
    for (const [text, format, findings] of [
      [fixture('intake', 'OneResultBasic.fpr.sarif'), 'sarif', 1],
      [fixture('intake', 'bsi-2022-0001.json'), 'csaf', 1],
      [fixture('cve', 'CVE-2022-47894.json'), 'cve', 1],
      [fixture('intake', 'OSEC-2016-01.json'), 'osv', 1],
      [JSON.stringify({ title: 'XSS in search', description: 'Reflected.', affected: [{ purl: 'pkg:npm/search-box@1.0.0' }], cwe: 'CWE-79' }), 'report', 1],
    ] as const) {
      const result = await readReport(text);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.draft.format, format);
      assert.equal(result.draft.findings.length, findings);
    }
  });

  it('reads a document in the format the caller names, and says what is wrong when it is not one', async () => {
    const osv = fixture('intake', 'OSEC-2016-01.json');
    assert.ok((await readReport(osv, { format: 'osv' })).ok);
    const errors = await errorsOf(osv, 'sarif');
    assert.ok(errors.some((e) => e.path === '' && e.message === "must have required property 'version' (SARIF 2.1.0 schema)"), JSON.stringify(errors));
  });

  it('says where JSON is malformed, by line and column', async () => {
    assert.deepEqual(await errorsOf('{\n  "title": "t",\n  "affected": [1 2]\n}'), [
      { path: '', message: "not valid JSON at line 3, column 18: Expected ',' or ']' after array element" },
    ]);
    assert.deepEqual(await errorsOf('{"title": '), [{ path: '', message: 'not valid JSON at line 1, column 11: Unexpected end of JSON input' }]);
    assert.deepEqual(await errorsOf('{"title": "t'), [{ path: '', message: 'not valid JSON at line 1, column 13: Unterminated string' }]);
    assert.deepEqual(await errorsOf('  '), [{ path: '', message: 'the report is empty: expected a JSON object' }]);
    assert.deepEqual(await errorsOf('[{"title": "t"}]'), [{ path: '', message: 'a report must be a JSON object, not a list' }]);
    assert.equal((await errorsOf("{'title': 't'}"))[0]?.message, 'not valid JSON at line 1, column 2: Expected property name or \'}\'');
  });

  it('takes a UTF-8 byte-order mark', async () => {
    assert.ok((await readReport(`\uFEFF${fixture('intake', 'standard-taxonomy.sarif')}`)).ok);
  });

  it('refuses a schema-invalid SARIF log, naming the path', async () => {
    assert.deepEqual(await errorsOf(readFileSync(sharedDataPath('sarif', 'sarif-tutorials', 'ExceptionalConditions', 'No_runs.sarif'), 'utf8')), [
      { path: '/runs', message: 'must be array (SARIF 2.1.0 schema)' },
    ]);
    const log = JSON.parse(fixture('intake', 'ResultStacks.sarif')) as { runs: { results: Record<string, unknown>[] }[] };
    delete log.runs[0]!.results[0]!['message'];
    log.runs[0]!.results[0]!['level'] = 'fatal';
    assert.deepEqual(await errorsOf(JSON.stringify(log)), [
      { path: '/runs/0/results/0', message: "must have required property 'message' (SARIF 2.1.0 schema)" },
      { path: '/runs/0/results/0/level', message: 'must be equal to one of the allowed values (SARIF 2.1.0 schema)' },
    ]);
  });

  it('refuses a CSAF document failing a mandatory test, naming the test', async () => {
    // Red Hat's 2003 advisory, as published: its revision history is out of date order and starts at version 2.
    assert.deepEqual(await errorsOf(readFileSync(sharedDataPath('csaf', 'real-world', 'redhat', 'rhsa-2003_315.json'), 'utf8')), [
      { path: '/document/tracking/revision_history', message: 'the items must be in ascending order according to the date (CSAF mandatory test 6.1.14)' },
      { path: '/document/tracking/revision_history', message: 'revision history does not start with a version of 0 or 1 when sorted by date (CSAF mandatory test 6.1.21)' },
    ]);
  });

  it('refuses the OASIS test documents that must fail a mandatory test, each for that test', async () => {
    const folder = sharedDataPath('csaf', 'invalid', 'mandatory');
    const accepted: string[] = [];
    const names = readdirSync(folder).sort();
    for (const name of names) {
      const result = await readReport(readFileSync(join(folder, name), 'utf8'));
      if (result.ok) {
        accepted.push(name);
        continue;
      }
      const section = /-(6-1-\d+(?:-\d+)?)-\d+\.json$/.exec(name)?.[1]?.replace(/-0*/g, '.');
      // Test 6.1.8 (the CVSS objects match their schemas) is part of the library's schema test.
      const label = section === '6.1.8' ? 'CSAF 2.0 schema' : `CSAF mandatory test ${section}`;
      assert.ok(
        result.errors.some((e) => e.message.endsWith(`(${label})`)),
        `${name}: ${JSON.stringify(result.errors)}`,
      );
    }
    assert.equal(names.length, 87);
    // csaf-validator-lib 2.0's test 6.1.26 checks the prohibited category names with "_" or "-" between their words; this newer example writes one without any.
    assert.deepEqual(accepted, ['oasis_csaf_tc-csaf_2_0-2021-6-1-26-04.json']);
  });

  it('refuses a CSAF version other than 2.0', async () => {
    const draft = readFileSync(sharedDataPath('csaf', 'csaf_2.1', 'examples', 'csaf', 'bsi-2022-0001.json'), 'utf8');
    assert.deepEqual(await errorsOf(draft), [{ path: '/document/csaf_version', message: 'CSAF version "2.1" is not supported: this reader takes CSAF 2.0' }]);
  });

  it('refuses a free-form report with an invalid CWE, CVSS vector and purl, each at its field', async () => {
    const errors = await errorsOf(
      JSON.stringify({
        title: 'Deserialization in loader',
        description: 'Untrusted YAML reaches `load`.',
        affected: [{ purl: 'pkg:pypi/loader@1.0' }, { purl: 'pkg:mystery/loader@1.0' }],
        cwe: ['CWE-502', 'CWE-five-hundred'],
        cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
      }),
    );
    assert.deepEqual(errors, [
      { path: '/affected/1/purl', message: 'invalid purl "pkg:mystery/loader@1.0": unknown purl type "mystery" (not a type registered in the purl specification)' },
      { path: '/cwe/1', message: 'invalid CWE "CWE-five-hundred": expected CWE-<number>, e.g. CWE-79' },
      { path: '/cvss', message: 'invalid CVSS vector "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H": missing base metric A for CVSS 3.1' },
    ]);
  });

  it('returns at most a hundred errors, and says how many more there were', async () => {
    const report = { title: 't', description: 'd', affected: Array.from({ length: 150 }, () => ({ purl: 'not-a-purl' })) };
    const errors = await errorsOf(JSON.stringify(report));
    assert.equal(errors.length, MAX_REPORTED_ERRORS + 1);
    assert.deepEqual(errors.at(-1), { path: '', message: '50 more errors not shown' });
  });
});

describe('readReport on the shared corpora', () => {
  let sdkFolder = '';
  before(() => {
    sdkFolder = mkdtempSync(join(tmpdir(), 'sarif-sdk-'));
    execFileSync('tar', ['-xzf', sharedDataPath('sarif', 'sarif-sdk-v2-testdata.tar.gz'), '-C', sdkFolder]);
  });
  after(() => rmSync(sdkFolder, { recursive: true, force: true }));

  it('reads every SARIF log of the tutorials and the SARIF SDK: one finding per result that reports a problem', async () => {
    const files = [...filesUnder(sharedDataPath('sarif', 'sarif-tutorials')), ...filesUnder(sdkFolder)].filter((f) => /\.sarif(\.json)?$/.test(f));
    let findings = 0;
    let withCwe = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const result = await readReport(text);
      if (file.endsWith('No_runs.sarif')) {
        assert.equal(result.ok, false);
        continue;
      }
      assert.ok(result.ok, `${file}: ${JSON.stringify(!result.ok && result.errors.slice(0, 3))}`);
      assert.equal(result.draft.format, 'sarif');
      const log = JSON.parse(text.replace(/^\uFEFF/, '')) as { runs: { tool: { driver: { name: string } }; results?: { kind?: string; ruleId?: string }[] }[] };
      const results = log.runs.flatMap((run) => run.results ?? []);
      assert.equal(result.draft.findings.length, results.filter((r) => r.kind !== 'pass' && r.kind !== 'notApplicable').length, file);
      if (log.runs.length > 0) assert.equal(result.draft.tool?.name, log.runs[0]?.tool.driver.name, file);
      for (const finding of result.draft.findings) {
        assert.ok(finding.title.length > 0 && [...finding.title].length <= 300, file);
        assert.ok(finding.cwes.every((c) => /^CWE-[1-9]\d*$/.test(c)), file);
        findings++;
        if (finding.cwes.length > 0) withCwe++;
      }
    }
    assert.ok(files.length > 290, `${files.length} logs`);
    assert.ok(findings > 8900, `${findings} findings`);
    assert.ok(withCwe > 600, `${withCwe} findings with a CWE`);
  });

  it('reads every CSAF 2.0 example and real-world advisory that passes the mandatory tests', async () => {
    const files = [...filesUnder(sharedDataPath('csaf', 'examples')), ...filesUnder(sharedDataPath('csaf', 'real-world'))].filter((f) => {
      const document = JSON.parse(readFileSync(f, 'utf8')) as { document?: { csaf_version?: string } };
      return document.document?.csaf_version === '2.0';
    });
    const refused: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const result = await readReport(text);
      if (!result.ok) {
        refused.push(file.slice(file.lastIndexOf('/') + 1));
        continue;
      }
      const vulnerabilities = (JSON.parse(text) as { vulnerabilities?: { cve?: string }[] }).vulnerabilities ?? [];
      assert.equal(result.draft.findings.length, vulnerabilities.length, file);
      result.draft.findings.forEach((finding, i) => {
        const cve = vulnerabilities[i]?.cve;
        if (cve !== undefined) assert.equal(finding.identifiers[0], cve, file);
      });
    }
    assert.ok(files.length >= 25, `${files.length} documents`);
    assert.deepEqual(refused, ['rhsa-2003_315.json']);
  });

  it('reads every OSV record, refusing only withdrawn and schema-invalid ones', async () => {
    const folder = sharedDataPath('osv');
    let records = 0;
    const invalid: string[] = [];
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.jsonl.gz'))) {
      for await (const record of readJsonLines<{ id: string; withdrawn?: string; aliases?: string[]; affected?: { package?: unknown }[] }>(join(folder, file))) {
        records++;
        const result = await readReport(JSON.stringify(record));
        if (record.withdrawn !== undefined) {
          assert.ok(!result.ok && result.errors[0]?.path === '/withdrawn', record.id);
          continue;
        }
        if (!result.ok) {
          invalid.push(record.id);
          assert.ok(result.errors.every((e) => e.message.endsWith('(OSV schema)')), record.id);
          continue;
        }
        assert.equal(result.draft.format, 'osv', record.id);
        const [finding] = result.draft.findings;
        // Some feeds pad aliases with spaces (Drupal's do); identifiers are trimmed.
        assert.deepEqual(finding?.identifiers, [...new Set([record.id, ...(record.aliases ?? [])].map((id) => id.trim()))], record.id);
        assert.ok((finding?.affected.length ?? 0) > 0 || !(record.affected ?? []).some((a) => a.package !== undefined), record.id);
      }
    }
    assert.ok(records > 58_000, `${records} records`);
    // The README's six PyPA records whose GIT `fixed` events are not full commit hashes.
    assert.deepEqual(invalid.sort(), ['PYSEC-2019-155', 'PYSEC-2021-371', 'PYSEC-2021-424', 'PYSEC-2021-425', 'PYSEC-2021-436', 'PYSEC-2023-80']);
  });

  it('reads every published CVE record, keeping its problem types\' CWEs and every scorable CVSS vector', async () => {
    let records = 0;
    let rejected = 0;
    for await (const record of readJsonLines<CveRecord>(sharedDataPath('cve', 'vulnrichment.jsonl.gz'))) {
      records++;
      const id = record.cveMetadata.cveId;
      const result = await readReport(JSON.stringify(record));
      if (record.cveMetadata.state === 'REJECTED') {
        rejected++;
        assert.ok(!result.ok && result.errors[0]?.path === '/cveMetadata/state', id);
        continue;
      }
      assert.ok(result.ok, `${id}: ${JSON.stringify(!result.ok && result.errors.slice(0, 3))}`);
      const [finding] = result.draft.findings;
      assert.equal(finding?.identifiers[0], id);
      const containers = [record.containers.cna, ...(record.containers.adp ?? [])];
      const cwes = new Set(containers.flatMap((c) => (c.problemTypes ?? []).flatMap((p) => (p.descriptions ?? []).map((d) => d.cweId))));
      assert.deepEqual(finding?.cwes, [...cwes].filter((c): c is string => c !== undefined && /^CWE-\d+$/.test(c)).sort(), id);
      const vectors = new Set(containers.flatMap((c) => (c.metrics ?? []).flatMap((m) => Object.values(m).map((v) => v?.vectorString))));
      for (const vector of finding?.cvssVectors ?? []) assert.ok(vectors.has(vector), `${id}: ${vector}`);
    }
    assert.ok(records > 42_000, `${records} records`);
    assert.equal(rejected, 102);
  });
});
