import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { readVex } from './read-vex.js';
import type { VexReadResult } from './vex-document.js';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    })
    .sort();
}

interface Outcome {
  file: string;
  result: VexReadResult;
}

async function readAll(files: string[], root: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const file of files) outcomes.push({ file: relative(root, file), result: await readVex(readFileSync(file)) });
  return outcomes;
}

/** One line per rejected file: its first error, for the test log and the assertions. */
function rejections(outcomes: Outcome[]): Record<string, string> {
  const lines: Record<string, string> = {};
  for (const { file, result } of outcomes) {
    if (!result.ok) lines[file] = result.errors.map((e) => `${e.path} ${e.message}`).join(' | ');
  }
  return lines;
}

function statementCount(outcomes: Outcome[]): number {
  return outcomes.reduce((n, { result }) => n + (result.ok ? result.vex.statements.length : 0), 0);
}

describe('readVex over the shared VEX corpora', () => {
  it('OpenVEX: every example of go-vex', async (t) => {
    const root = sharedDataPath('openvex', 'examples');
    const outcomes = await readAll(jsonFiles(root), root);
    const rejected = rejections(outcomes);
    const read = outcomes.filter((o) => o.result.ok).map((o) => o.file);
    t.diagnostic(`OpenVEX: ${outcomes.length} documents, ${read.length} read (${statementCount(outcomes)} statements), ${Object.keys(rejected).length} rejected`);
    for (const [file, reason] of Object.entries(rejected)) t.diagnostic(`rejected ${file}: ${reason}`);

    assert.equal(outcomes.length, 8);
    assert.deepEqual(read, ['csaf-openvex.json', 'vex-v0.0.1-noversion.json', 'vex-v0.0.1.json', 'vex-v0.2.0.json']);
    // go-vex's merge fixtures leave out the document timestamp and version, which OpenVEX requires;
    // the v0.0.1 ones also use a bare name as @id where an IRI is required.
    const v001 = ' (in the v0.2.0 form of this v0.0.1 document)';
    const missing = (note: string): string => ` must have required property 'timestamp'${note} |  must have required property 'version'${note}`;
    assert.deepEqual(rejected, {
      'vex-v001-1.vex.json': `${missing(v001)} | /@id must match format "iri"${v001}`,
      'vex-v001-2.vex.json': `${missing(v001)} | /@id must match format "iri"${v001}`,
      'vex-v020-1.vex.json': missing(''),
      'vex-v020-2.vex.json': missing(''),
    });
  });

  it('CSAF: every csaf_vex document among the examples, real-world advisories and valid test cases', async (t) => {
    const root = sharedDataPath('csaf');
    const candidates = [...jsonFiles(join(root, 'examples')), ...jsonFiles(join(root, 'real-world')), ...jsonFiles(join(root, 'valid-testcases'))];
    const isVex = (file: string): boolean => readJson<{ document?: { category?: unknown } }>(file).document?.category === 'csaf_vex';
    const vexFiles = candidates.filter(isVex);
    const outcomes = await readAll(vexFiles, root);
    const rejected = rejections(outcomes);
    t.diagnostic(`CSAF: ${candidates.length} JSON files, ${vexFiles.length} csaf_vex, ${outcomes.length - Object.keys(rejected).length} read (${statementCount(outcomes)} statements), ${Object.keys(rejected).length} rejected`);

    assert.equal(vexFiles.length, 20);
    assert.deepEqual(rejected, {});
    const statuses = new Set(outcomes.flatMap(({ result }) => (result.ok ? result.vex.statements.map((s) => s.status) : [])));
    assert.deepEqual([...statuses].sort(), ['affected', 'fixed', 'not_affected', 'under_investigation']);
    for (const { file, result } of outcomes) {
      assert.ok(result.ok);
      for (const statement of result.vex.statements) {
        assert.ok(statement.products.length > 0, file);
        if (statement.status === 'not_affected') assert.ok(statement.justification ?? statement.impactStatement, `${file}: ${statement.vulnerability}`);
      }
    }

    // The other CSAF documents there (advisories, provider metadata, ROLIE feeds) are refused as not VEX.
    const others = await readAll(
      candidates.filter((file) => !isVex(file)),
      root,
    );
    assert.ok(others.length > 100);
    for (const { file, result } of others) assert.ok(!result.ok && result.errors[0]!.message.startsWith('not a VEX document'), file);
  });

  it('CSAF: every csaf_vex document that must fail a mandatory test is rejected', async (t) => {
    const root = sharedDataPath('csaf');
    const files = jsonFiles(join(root, 'invalid', 'mandatory')).filter((file) => readJson<{ document?: { category?: unknown } }>(file).document?.category === 'csaf_vex');
    const outcomes = await readAll(files, root);
    const rejected = rejections(outcomes);
    t.diagnostic(`CSAF invalid test cases of category csaf_vex: ${files.length}, rejected ${Object.keys(rejected).length}`);
    assert.equal(files.length, 9);
    assert.equal(Object.keys(rejected).length, files.length);
    // Test 6.1.27.9 is VEX's "every not affected product needs a reason": its failures name the product entry.
    for (const [file, reason] of Object.entries(rejected).filter(([file]) => file.includes('-6-1-27-09-'))) {
      assert.match(reason, /^\/vulnerabilities\/\d+\/product_status\/known_not_affected\/\d+ not_affected statement without a justification/, file);
    }
  });

  it('CycloneDX: every BOM example with vulnerabilities', async (t) => {
    const root = sharedDataPath('sbom', 'cyclonedx', 'bom-examples');
    const files = jsonFiles(root);
    const withVulnerabilities = files.filter((file) => Array.isArray(readJson<{ vulnerabilities?: unknown }>(file).vulnerabilities));
    const outcomes = await readAll(withVulnerabilities, root);
    const rejected = rejections(outcomes);
    t.diagnostic(`CycloneDX: ${files.length} JSON files, ${withVulnerabilities.length} with vulnerabilities, ${outcomes.length - Object.keys(rejected).length} read (${statementCount(outcomes)} statements), ${Object.keys(rejected).length} rejected`);
    for (const [file, reason] of Object.entries(rejected)) t.diagnostic(`rejected ${file}: ${reason}`);

    assert.equal(withVulnerabilities.length, 25);
    // Use case 7 says "not exploitable in any current version of any product" and names no product.
    assert.deepEqual(rejected, {
      'VEX/Use-Cases/Case-7/vex.json': '/vulnerabilities/0 statement names no product (affects is empty), so it cannot be applied to anything',
    });
    const statuses = new Set(outcomes.flatMap(({ result }) => (result.ok ? result.vex.statements.map((s) => s.status) : [])));
    assert.deepEqual([...statuses].sort(), ['affected', 'fixed', 'not_affected', 'under_investigation']);

    // The SBOMs among the examples are refused as not VEX.
    const sboms = await readAll(
      files.filter((file) => !withVulnerabilities.includes(file)),
      root,
    );
    assert.ok(sboms.length >= 20);
    for (const { file, result } of sboms) {
      assert.ok(!result.ok, file);
      assert.match(result.errors[0]!.message, /^not a VEX document: this CycloneDX BOM has no vulnerabilities/, file);
    }
  });
});
