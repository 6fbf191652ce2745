import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { draftFromSarif } from './sarif-findings.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
const tutorial = (...path: string[]): unknown => readJson(sharedDataPath('sarif', 'sarif-tutorials', ...path));

function findingsOf(log: unknown) {
  const result = draftFromSarif(log);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value.findings;
}

describe('draftFromSarif', () => {
  it('reads a result with a logical location and a call stack', () => {
    const result = draftFromSarif(fixture('ResultStacks.sarif'));
    assert.ok(result.ok);
    assert.deepEqual(result.value.tool, { name: 'SarifSamples', version: '1.0' });
    assert.deepEqual(result.value.findings, [
      {
        title: 'Uninitialized variable.',
        description: 'Uninitialized variable.',
        affected: [],
        cwes: [],
        cvssVectors: [],
        identifiers: ['TUT1001'],
        locations: [{ uri: 'collections/list.h', startLine: 15, symbol: 'collections::list::add' }],
        partialFingerprints: {},
        fingerprints: {},
        codeFlows: [],
        stackTrace: [
          'Call stack resulting from usage of uninitialized variable.',
          '    at collections::list::add_core (collections/list.h:110) in platform: Exception thrown.',
          '    at collections::list::add (collections/list.h:43) in platform',
          '    at main (application/main.cpp:28) in application',
        ].join('\n'),
      },
    ]);
  });

  it('takes CWEs from a rule\'s relationships and a result\'s taxa in the CWE taxonomy', () => {
    const [finding] = findingsOf(fixture('standard-taxonomy.sarif'));
    assert.equal(finding?.title, 'Failed to release dynamic memory.');
    assert.equal(finding?.description, "Memory allocated in variable 'p' was not released.");
    assert.deepEqual(finding?.cwes, ['CWE-401']);
    assert.deepEqual(finding?.identifiers, ['CA2101']);
  });

  it('reads a Fortify log: rule by index, artifact by index, CWE relationships, the code flow kept whole', () => {
    const log = fixture('OneResultBasic.fpr.sarif') as { runs: { results: { codeFlows: unknown[] }[] }[] };
    const [finding] = findingsOf(log);
    assert.equal(finding?.title, 'Sample abstract text. SQL injection vulnerability.');
    assert.deepEqual(finding?.cwes, ['CWE-22', 'CWE-73']);
    assert.deepEqual(finding?.identifiers, ['31D4607A-A3FF-447C-908A-CA2BBE4CE4B7']);
    assert.deepEqual(finding?.locations, [{ uri: 'file:///root/projects/myproject/src/Helpers/InvoiceHelper.cs', startLine: 57 }]);
    assert.deepEqual(finding?.codeFlows, log.runs[0]?.results[0]?.codeFlows);
  });

  it('fills a message given by id from the rule\'s message strings, in text and Markdown', () => {
    assert.equal(findingsOf(tutorial('3-Beyond-basics', 'message-with-arguments.sarif'))[0]?.description, "Variable 'x' was used without being initialized.");
    const [finding] = findingsOf(tutorial('RuleMetadata.sarif'));
    assert.equal(finding?.title, "Properties defined with the 'uri' or 'uri-reference' format must contain valid URIs.");
    assert.equal(finding?.description, 'The URI `//C:/code/dev` is invalid.');
  });

  it('resolves artifact URIs against originalUriBaseIds where the base has a URI', () => {
    const uris = findingsOf(tutorial('OriginalUriBaseIds.sarif')).flatMap((f) => f.locations.map((l) => l.uri));
    // REPOROOT has no URI in the log, so paths under it stay relative; SRCROOT is "src/" under REPOROOT.
    assert.deepEqual(uris, ['README.md', 'src/io/kb.c', '.']);
  });

  it('reads CodeQL\'s conventions: rules in extensions, CWE tags, fingerprints, Markdown messages; leaves out passes', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: { name: 'CodeQL', semanticVersion: '2.19.3' },
            extensions: [
              {
                name: 'codeql/python-queries',
                rules: [
                  {
                    id: 'py/path-injection',
                    shortDescription: { text: 'Uncontrolled data used in path expression' },
                    properties: { tags: ['correctness', 'security', 'external/cwe/cwe-022', 'external/cwe/cwe-023', 'external/cwe/cwe-036'] },
                  },
                ],
              },
            ],
          },
          properties: { purl: 'pkg:pypi/Flask-Uploads@0.2.1' },
          results: [
            {
              ruleId: 'py/path-injection',
              rule: { id: 'py/path-injection', index: 0, toolComponent: { index: 0 } },
              message: { text: 'This path depends on a user-provided value.', markdown: 'This path depends on a [user-provided value](1).' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'app/files.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 22, endLine: 23 } } }],
              partialFingerprints: { primaryLocationLineHash: 'a8e1daf8b5008d1d:1' },
            },
            { ruleId: 'py/path-injection', kind: 'pass', message: { text: 'checked' } },
          ],
        },
      ],
    };
    const result = draftFromSarif(log);
    assert.ok(result.ok);
    assert.deepEqual(result.value.tool, { name: 'CodeQL', version: '2.19.3' });
    assert.equal(result.value.findings.length, 1);
    const [finding] = result.value.findings;
    assert.equal(finding?.title, 'Uncontrolled data used in path expression');
    assert.equal(finding?.description, 'This path depends on a [user-provided value](1).');
    assert.deepEqual(finding?.cwes, ['CWE-22', 'CWE-23', 'CWE-36']);
    assert.deepEqual(finding?.locations, [{ uri: 'app/files.py', startLine: 22, endLine: 23 }]);
    assert.deepEqual(finding?.partialFingerprints, { primaryLocationLineHash: 'a8e1daf8b5008d1d:1' });
    assert.deepEqual(finding?.affected, [{ purl: 'pkg:pypi/flask-uploads', versions: ['0.2.1'] }]);
  });

  it('reads Fortify\'s cwe property and reports an invalid purl property at its path', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Fortify' } },
          results: [{ ruleId: 'Buffer Overflow: Format String', message: { text: 'Format string' }, properties: { cwe: '134, 787', purls: ['pkg:npm/ok', 'pkg:npm'] } }],
        },
      ],
    };
    assert.deepEqual(draftFromSarif(log), {
      ok: false,
      errors: [{ path: '/runs/0/results/0/properties/purls/1', message: 'invalid purl "pkg:npm": a purl needs a type and a name' }],
    });
    log.runs[0]!.results[0]!.properties.purls = ['pkg:npm/ok'];
    assert.deepEqual(findingsOf(log)[0]?.cwes, ['CWE-134', 'CWE-787']);
  });

  it('gives no finding for a log with no results', () => {
    for (const file of ['One_run_empty_results.sarif', 'One_run_no_results.sarif', 'Empty_runs.sarif']) {
      assert.deepEqual(findingsOf(tutorial('ExceptionalConditions', file)), [], file);
    }
  });
});
