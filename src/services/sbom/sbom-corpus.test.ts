import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { sharedDataPath } from '../../testing/shared-data.js';
import { readSbom } from './read-sbom.js';
import type { ParsedSbom, ReadSbomResult } from './read-sbom.js';

const UNSUPPORTED_CYCLONEDX_1_2 = 'CycloneDX 1.2 is not supported';
const UNSUPPORTED_CYCLONEDX_1_3 = 'CycloneDX 1.3 is not supported';
const UNSUPPORTED_SPDX_3 = 'SPDX 3.0 is not supported';

/** SPDX 3.0 JSON-LD documents: out of scope, each must be refused as such. */
const SPDX_3_DOCUMENTS = [
  'spdx/spec-examples-3.0/package_sbom.json',
  'spdx/spdx-examples/ai/example01/spdx3.0/simplehtr-example.json',
  'spdx/spdx-examples/ai/example02/spdx3.0/sbom.spdx3.json',
  'spdx/spdx-examples/dataset/example01/spdx3.0/example01.spdx3.json',
  'spdx/spdx-examples/software/example1/spdx3.0/example1.json',
  'spdx/spdx-examples/software/example3/spdx3.0/example3-bin.json',
  'spdx/spdx-examples/software/example3/spdx3.0/example3-src.json',
  'spdx/spdx-examples/software/example4/spdx3.0/example4-bin.json',
  'spdx/spdx-examples/software/example4/spdx3.0/example4-src.json',
  'spdx/spdx-examples/software/example5/spdx3.0/example5-bin.json',
  'spdx/spdx-examples/software/example5/spdx3.0/example5-src.json',
  'spdx/spdx-examples/software/example6/spdx3.0/example6-bin.json',
  'spdx/spdx-examples/software/example6/spdx3.0/example6-lib.json',
  'spdx/spdx-examples/software/example6/spdx3.0/example6-src.json',
  'spdx/spdx-examples/software/example7/spdx3.0/example7-bin.spdx3.json',
  'spdx/spdx-examples/software/example7/spdx3.0/example7-go-module.spdx3.json',
  'spdx/spdx-examples/software/example7/spdx3.0/example7-golang.spdx3.json',
  'spdx/spdx-examples/software/example7/spdx3.0/example7-third-party-modules.spdx3.json',
  'spdx/spdx-examples/software/example8/spdx3.0/examplemaven-0.0.1.spdx3.json',
  'spdx/spdx-examples/software/example10/spdx3.0/hello-source.spdx3.json',
  'spdx/spdx-examples/software/example12/spdx3.0/hello-dist.spdx3.json',
  'spdx/spdx-examples/software/example12/spdx3.0/hello-src.spdx3.json',
  'spdx/spdx-examples/software/example13/spdx3.0/example13.spdx3.json',
  'spdx/spdx-examples/software/example14/spdx3.0/examplemaven-0.0.1-enriched.spdx3.json',
];

/** Every real SBOM under shared/data/sbom that is refused, and the start of the reason. All others must read. */
const EXPECTED_REJECTIONS: Readonly<Record<string, string>> = {
  'cyclonedx/bom-examples/SBOM/dropwizard-1.3.15/bom.json': UNSUPPORTED_CYCLONEDX_1_2,
  'cyclonedx/bom-examples/SBOM/dropwizard-1.3.15/bom.xml': UNSUPPORTED_CYCLONEDX_1_2,
  'cyclonedx/bom-examples/SBOM/proton-bridge/proton-bridge-v1.6.3.bom.json': UNSUPPORTED_CYCLONEDX_1_2,
  'cyclonedx/bom-examples/SBOM/proton-bridge/proton-bridge-v1.6.3.bom.xml': UNSUPPORTED_CYCLONEDX_1_2,
  'cyclonedx/bom-examples/SBOM/proton-bridge/proton-bridge-v1.8.0.bom.json': UNSUPPORTED_CYCLONEDX_1_2,
  'cyclonedx/bom-examples/SBOM/proton-bridge/proton-bridge-v1.8.0.bom.xml': UNSUPPORTED_CYCLONEDX_1_2,
  'cyclonedx/bom-examples/VEX/bom.json': UNSUPPORTED_CYCLONEDX_1_3,
  'spdx/spec-examples-2.3/SPDXRdfExample-v2.3.spdx.rdf.xml': 'SPDX RDF/XML is not supported',
  'spdx/spec-examples-2.3/SPDXXMLExample-v2.3.spdx.xml': 'SPDX XML is not supported',
  'spdx/spec-examples-2.3/SPDXYAMLExample-2.3.spdx.yaml': 'SPDX YAML is not supported',
  ...Object.fromEntries(SPDX_3_DOCUMENTS.map((path) => [path, UNSUPPORTED_SPDX_3])),
};

/** The large CycloneDX examples: 1.2 and 1.3 refused, 1.4 read, with the components each holds once flattened. */
const LARGE_EXAMPLES: Readonly<Record<string, string | number>> = {
  'OBOM/Example-1-Decoupled/bom.json': 903,
  'OBOM/Example-1-Standalone/bom.json': 904,
  'SBOM/juice-shop/v11.1.2/bom.json': UNSUPPORTED_CYCLONEDX_1_2,
  'SBOM/juice-shop/v11.1.2/bom.xml': UNSUPPORTED_CYCLONEDX_1_2,
  'SBOM/juice-shop/via_npm/bare/bom.1.2.json': UNSUPPORTED_CYCLONEDX_1_2,
  'SBOM/juice-shop/via_npm/bare/bom.1.2.xml': UNSUPPORTED_CYCLONEDX_1_2,
  'SBOM/juice-shop/via_npm/bare/bom.1.3.json': UNSUPPORTED_CYCLONEDX_1_3,
  'SBOM/juice-shop/via_npm/bare/bom.1.3.xml': UNSUPPORTED_CYCLONEDX_1_3,
  'SBOM/juice-shop/via_npm/bare/bom.1.4.json': 1115,
  'SBOM/juice-shop/via_npm/bare/bom.1.4.xml': 1115,
  'SBOM/juice-shop/via_npm/flat/bom.1.2.json': UNSUPPORTED_CYCLONEDX_1_2,
  'SBOM/juice-shop/via_npm/flat/bom.1.2.xml': UNSUPPORTED_CYCLONEDX_1_2,
  'SBOM/juice-shop/via_npm/flat/bom.1.3.json': UNSUPPORTED_CYCLONEDX_1_3,
  'SBOM/juice-shop/via_npm/flat/bom.1.3.xml': UNSUPPORTED_CYCLONEDX_1_3,
  'SBOM/juice-shop/via_npm/flat/bom.1.4.json': 1115,
  'SBOM/juice-shop/via_npm/flat/bom.1.4.xml': 1115,
  'SBOM/keycloak-10.0.2/bom.json': UNSUPPORTED_CYCLONEDX_1_2,
  'SBOM/keycloak-10.0.2/bom.xml': UNSUPPORTED_CYCLONEDX_1_2,
};

/** The specification's valid-/invalid- JSON and XML test documents per version, as counted in shared/data/README.md and the archive. */
const SPEC_TEST_COUNTS: Readonly<Record<string, { json: [valid: number, invalid: number]; xml: [valid: number, invalid: number] }>> = {
  '1.4': { json: [29, 22], xml: [31, 24] },
  '1.5': { json: [36, 22], xml: [38, 24] },
  '1.6': { json: [45, 25], xml: [47, 27] },
};

/**
 * The regular files of a tar archive. Written by hand for the test (no tar package is a
 * dependency): both archives are plain tar with names under 100 bytes, so the header's name
 * and size fields are all that is needed.
 */
function tarFiles(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number): string => header.subarray(start, start + length).toString('utf8').replace(/\0[\s\S]*$/, '');
    const type = String.fromCharCode(header[156]!);
    assert.ok(['0', '\0', '5'].includes(type), `tar entry type ${type} is not read by this test's reader`);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const start = offset + 512;
    if (type !== '5') files.set(field(0, 100).replace(/^\.\//, ''), archive.subarray(start, start + size));
    offset = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Reads documents a few at a time: each XML validation runs in its own xmllint worker. */
async function readAll(documents: ReadonlyArray<[string, Buffer]>): Promise<Map<string, ReadSbomResult>> {
  const results = new Map<string, ReadSbomResult>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < documents.length; index = next++) {
      const [name, bytes] = documents[index]!;
      results.set(name, await readSbom(bytes, { fileName: name }));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return results;
}

function outcome(result: ReadSbomResult | undefined): string | number {
  assert.ok(result);
  return result.ok ? result.sbom.components.length : (result.errors[0]?.message ?? '');
}

function parsedResult(result: ReadSbomResult | undefined): ParsedSbom {
  assert.ok(result?.ok, JSON.stringify(result));
  return result.sbom;
}

describe('readSbom on the real SBOMs in shared/data/sbom', () => {
  it('reads every CycloneDX 1.4–1.6 and SPDX 2.2/2.3 document, and refuses each other one for its named reason', async () => {
    const root = sharedDataPath('sbom');
    const paths = filesUnder(root)
      .filter((path) => !path.endsWith('.tar.gz') && !path.split('/').includes('schema'))
      .sort();
    const results = await readAll(paths.map((path) => [path, readFileSync(join(root, path))]));

    const read: string[] = [];
    for (const path of paths) {
      const result = results.get(path)!;
      const reason = EXPECTED_REJECTIONS[path];
      if (reason === undefined) {
        assert.ok(result.ok, `${path}: ${JSON.stringify(result)}`);
        read.push(path);
      } else {
        assert.ok(!result.ok, `${path} should be refused: ${reason}`);
        assert.ok(result.errors[0]!.message.startsWith(reason), `${path}: ${JSON.stringify(result.errors)}`);
      }
    }
    assert.deepEqual(Object.keys(EXPECTED_REJECTIONS).filter((path) => !paths.includes(path)), [], 'every listed rejection is a real file');
    assert.equal(paths.length, 108);
    assert.equal(read.length, 74);
    assert.equal(SPDX_3_DOCUMENTS.length, 24);
  });

  it('refuses SPDX 3.0 with a clear error', async () => {
    const result = await readSbom(readFileSync(sharedDataPath('sbom', 'spdx', 'spec-examples-3.0', 'package_sbom.json')));
    assert.deepEqual(result, { ok: false, errors: [{ path: '/@context', message: 'SPDX 3.0 is not supported: this reader takes SPDX 2.2 and 2.3' }] });
  });

  it('reads the SPDX 2.3 specification example the same in JSON and tag-value', async () => {
    const folder = sharedDataPath('sbom', 'spdx', 'spec-examples-2.3');
    const json = parsedResult(await readSbom(readFileSync(join(folder, 'SPDXJSONExample-v2.3.spdx.json'))));
    const tagValue = parsedResult(await readSbom(readFileSync(join(folder, 'SPDXTagExample-v2.3.spdx'))));
    assert.equal(json.name, 'SPDX-Tools-v2.0');
    assert.equal(tagValue.name, 'SPDX-Tools-v2.0');
    const summary = (sbom: ParsedSbom): string[] => sbom.components.map((c) => `${c.ref} ${c.name} ${c.version ?? '-'} ${c.purl ?? c.unmatchedReason} [${c.cpes.join(' ')}]`).sort();
    assert.deepEqual(summary(tagValue), summary(json));
    const jena = json.components.find((c) => c.name === 'Jena');
    assert.equal(jena?.purl, 'pkg:maven/org.apache.jena/apache-jena@3.12.0');
    const glibc = json.components.find((c) => c.name === 'glibc');
    assert.deepEqual(glibc?.cpes, ['cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*']);
  });
});

describe('readSbom on bom-examples-large.tar.gz', () => {
  it('reads the 1.4 examples, flattening nested components, and refuses 1.2 and 1.3', async () => {
    const files = tarFiles(gunzipSync(readFileSync(sharedDataPath('sbom', 'cyclonedx', 'bom-examples-large.tar.gz'))));
    assert.deepEqual([...files.keys()].sort(), Object.keys(LARGE_EXAMPLES).sort());
    const results = await readAll([...files]);
    for (const [name, expected] of Object.entries(LARGE_EXAMPLES)) {
      const actual = outcome(results.get(name));
      if (typeof expected === 'number') assert.equal(actual, expected, name);
      else assert.ok(String(actual).startsWith(expected), `${name}: ${actual}`);
    }
    // "bare" nests components under their dependents, "flat" lists them side by side: flattened, they are the same.
    const refs = (name: string): string[] => parsedResult(results.get(name)).components.map((c) => `${c.ref} ${c.purl}`).sort();
    assert.deepEqual(refs('SBOM/juice-shop/via_npm/bare/bom.1.4.json'), refs('SBOM/juice-shop/via_npm/flat/bom.1.4.json'));
    assert.deepEqual(refs('SBOM/juice-shop/via_npm/bare/bom.1.4.xml'), refs('SBOM/juice-shop/via_npm/bare/bom.1.4.json'));
  });
});

describe('readSbom on the CycloneDX specification test documents (spec-testdata.tar.gz)', () => {
  const files = tarFiles(gunzipSync(readFileSync(sharedDataPath('sbom', 'cyclonedx', 'spec-testdata.tar.gz'))));

  for (const [version, counts] of Object.entries(SPEC_TEST_COUNTS)) {
    for (const encoding of ['json', 'xml'] as const) {
      it(`CycloneDX ${version} ${encoding}: every valid-* document reads and every invalid-* one is refused`, async () => {
        const documents = [...files].filter(([name]) => name.startsWith(`${version}/`) && name.endsWith(`.${encoding}`));
        const results = await readAll(documents);
        const valid = documents.filter(([name]) => name.startsWith(`${version}/valid-`));
        const invalid = documents.filter(([name]) => name.startsWith(`${version}/invalid-`));
        assert.deepEqual([valid.length, invalid.length], counts[encoding]);
        assert.equal(valid.length + invalid.length, documents.length);
        for (const [name] of valid) {
          const result = results.get(name)!;
          assert.ok(result.ok, `${name}: ${JSON.stringify(result)}`);
          assert.equal(result.sbom.specVersion, version);
          assert.deepEqual(result.sbom.warnings, [], name);
        }
        for (const [name] of invalid) {
          const result = results.get(name)!;
          assert.ok(!result.ok, `${name} should be refused`);
          assert.ok(result.errors.length > 0 && result.errors.every((e) => e.path !== '' && e.message !== ''), name);
        }
      });
    }
  }
});
