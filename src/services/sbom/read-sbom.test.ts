import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readSbom } from './read-sbom.js';
import type { ParsedSbom, ReadSbomResult, SbomComponent, SbomError } from './read-sbom.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

function parsed(result: ReadSbomResult): ParsedSbom {
  assert.ok(result.ok, `expected the SBOM to read, got ${JSON.stringify(result)}`);
  return result.sbom;
}

function rejected(result: ReadSbomResult): SbomError[] {
  assert.ok(!result.ok, `expected the SBOM to be rejected, got ${JSON.stringify(result)}`);
  return result.errors;
}

function byName(sbom: ParsedSbom, name: string): SbomComponent {
  const component = sbom.components.find((c) => c.name === name);
  assert.ok(component, `no component ${name}`);
  return component;
}

const minimalCycloneDx = (specVersion: string, components: unknown[] = []): string =>
  JSON.stringify({ bomFormat: 'CycloneDX', specVersion, version: 1, components });

const tagValueHeader = [
  'SPDXVersion: SPDX-2.3',
  'DataLicense: CC0-1.0',
  'SPDXID: SPDXRef-DOCUMENT',
  'DocumentName: example',
  'DocumentNamespace: https://example.com/spdx/example',
  'Creator: Tool: test',
  'Created: 2024-05-01T12:00:00Z',
];

describe('readSbom: CycloneDX JSON', () => {
  it('flattens nested components in document order and keeps the document name', async () => {
    const sbom = parsed(await readSbom(fixture('cyclonedx-1.5-nested.json'), { fileName: 'bom.json' }));
    assert.equal(sbom.format, 'CycloneDX');
    assert.equal(sbom.specVersion, '1.5');
    assert.equal(sbom.encoding, 'json');
    assert.equal(sbom.name, 'acme-app');
    assert.deepEqual(
      sbom.components.map((c) => c.name),
      ['lodash', 'Django_Rest', 'babel-core', 'zlib', 'commons-text', 'openssl', 'lodash-copy'],
    );
  });

  it('normalizes purls through the domain parser and collects the CPE', async () => {
    const sbom = parsed(await readSbom(fixture('cyclonedx-1.5-nested.json')));
    assert.deepEqual(byName(sbom, 'lodash'), {
      ref: 'lodash',
      name: 'lodash',
      version: '4.17.20',
      purl: 'pkg:npm/lodash@4.17.20',
      cpes: ['cpe:2.3:a:lodash:lodash:4.17.20:*:*:*:*:node.js:*:*'],
    });
    assert.equal(byName(sbom, 'Django_Rest').purl, 'pkg:pypi/django-rest@1.0');
    assert.equal(byName(sbom, 'babel-core').purl, 'pkg:npm/%40babel/core@7.0.0');
  });

  it('keeps components without a usable purl, saying why', async () => {
    const sbom = parsed(await readSbom(fixture('cyclonedx-1.5-nested.json')));
    assert.equal(byName(sbom, 'zlib').unmatchedReason, 'no purl given');
    assert.equal(byName(sbom, 'zlib').purl, undefined);
    const broken = byName(sbom, 'commons-text');
    assert.equal(broken.purl, undefined);
    assert.equal(broken.unmatchedReason, 'unparseable purl: maven purls require a namespace');
    const generic = byName(sbom, 'openssl');
    assert.equal(generic.purl, 'pkg:generic/openssl@3.0.7');
    assert.equal(generic.unmatchedReason, 'no OSV ecosystem for pkg:generic');
    assert.equal(byName(sbom, 'lodash').unmatchedReason, undefined);
  });

  it('warns about a malformed purl and a repeated bom-ref, with their JSON Pointers', async () => {
    const sbom = parsed(await readSbom(fixture('cyclonedx-1.5-nested.json')));
    assert.deepEqual(sbom.warnings, [
      { path: '/components/2/purl', message: 'purl "pkg:maven/commons-text@1.9" is not valid (maven purls require a namespace); the component is kept without it' },
      { path: '/components/4', message: 'ref "lodash" is used by an earlier component too; this one is referred to as "#/components/4"' },
    ]);
  });

  it('gives components without a bom-ref a synthetic ref that is the same on every read', async () => {
    const first = parsed(await readSbom(fixture('cyclonedx-1.5-nested.json')));
    const second = parsed(await readSbom(fixture('cyclonedx-1.5-nested.json').toString('utf8')));
    assert.equal(byName(first, 'babel-core').ref, '#/components/0/components/0/components/0');
    assert.deepEqual(first.components, second.components);
    assert.equal(new Set(first.components.map((c) => c.ref)).size, first.components.length);
  });

  it('reads each supported version and an empty component list', async () => {
    for (const version of ['1.4', '1.5', '1.6']) {
      const sbom = parsed(await readSbom(minimalCycloneDx(version)));
      assert.equal(sbom.specVersion, version);
      assert.deepEqual(sbom.components, []);
    }
  });

  it('rejects a schema-invalid BOM with JSON Pointers to the faults', async () => {
    const errors = rejected(await readSbom(minimalCycloneDx('1.6', [{ type: 'bogus', name: 'x' }, { type: 'library' }])));
    assert.ok(errors.some((e) => e.path === '/components/0/type' && e.message === 'must be equal to one of the allowed values'), JSON.stringify(errors));
    assert.ok(errors.some((e) => e.path === '/components/1' && e.message === "must have required property 'name'"), JSON.stringify(errors));
  });

  it('rejects unsupported CycloneDX versions by name', async () => {
    for (const version of ['1.2', '1.3', '1.7']) {
      assert.deepEqual(rejected(await readSbom(minimalCycloneDx(version))), [
        { path: '/specVersion', message: `CycloneDX ${version} is not supported: this reader takes CycloneDX 1.4, 1.5, 1.6` },
      ]);
    }
    assert.deepEqual(rejected(await readSbom('{"bomFormat":"CycloneDX"}')), [{ path: '/specVersion', message: 'a CycloneDX BOM needs specVersion' }]);
    assert.deepEqual(rejected(await readSbom('{"bomFormat":"SWID","specVersion":"1.5"}')), [{ path: '/bomFormat', message: 'bomFormat must be "CycloneDX", not "SWID"' }]);
  });

  it('finds repeated components whatever their key order', async () => {
    const components = [{ type: 'library', name: 'x' }, { name: 'y', type: 'library' }, { name: 'x', type: 'library' }];
    assert.deepEqual(rejected(await readSbom(minimalCycloneDx('1.6', components))), [
      { path: '/components', message: 'must NOT have duplicate items (items ## 0 and 2 are identical)' },
    ]);
  });

  it('lists at most 100 errors and counts the rest', async () => {
    const components = Array.from({ length: 150 }, (_, i) => ({ type: 'bogus', name: `x${i}` }));
    const errors = rejected(await readSbom(minimalCycloneDx('1.5', components)));
    assert.equal(errors.length, 101);
    assert.deepEqual(errors[100], { path: '/', message: 'and 50 more errors' });
  });
});

describe('readSbom: CycloneDX XML', () => {
  it('reads the same components as the JSON, with XML paths', async () => {
    const sbom = parsed(await readSbom(fixture('cyclonedx-1.6-nested.xml')));
    const json = parsed(await readSbom(fixture('cyclonedx-1.5-nested.json')));
    assert.equal(sbom.format, 'CycloneDX');
    assert.equal(sbom.specVersion, '1.6');
    assert.equal(sbom.encoding, 'xml');
    assert.equal(sbom.name, 'acme-app');
    assert.deepEqual(
      sbom.components.map((c) => [c.name, c.version, c.unmatchedReason]),
      json.components.slice(0, 6).map((c) => [c.name, c.version, c.unmatchedReason]),
    );
    assert.deepEqual(byName(sbom, 'lodash'), byName(json, 'lodash'));
    assert.equal(byName(sbom, 'babel-core').ref, '#/bom/components/component[1]/components/component[1]/components/component[1]');
    assert.deepEqual(sbom.warnings, [
      { path: '/bom/components/component[3]/purl', message: 'purl "pkg:maven/commons-text@1.9" is not valid (maven purls require a namespace); the component is kept without it' },
    ]);
  });

  it('decodes the predefined entities in values', async () => {
    const sbom = parsed(await readSbom(fixture('cyclonedx-1.6-nested.xml')));
    assert.equal(byName(sbom, 'openssl').purl, 'pkg:generic/openssl@3.0.7?checksum=sha256:ab&download_url=https:%2F%2Fexample.com%2Fopenssl');
  });

  it('reads a namespace prefix on the root', async () => {
    const xml = `<?xml version="1.0"?>
<cdx:bom xmlns:cdx="http://cyclonedx.org/schema/bom/1.4" version="1">
  <cdx:components>
    <cdx:component type="library" bom-ref="a"><cdx:name>jinja2</cdx:name><cdx:version>2.4.1</cdx:version><cdx:purl>pkg:pypi/jinja2@2.4.1</cdx:purl></cdx:component>
  </cdx:components>
</cdx:bom>`;
    const sbom = parsed(await readSbom(xml));
    assert.equal(sbom.specVersion, '1.4');
    assert.deepEqual(sbom.components, [{ ref: 'a', name: 'jinja2', version: '2.4.1', purl: 'pkg:pypi/jinja2@2.4.1', cpes: [] }]);
  });

  it('rejects an XSD-invalid BOM with the line xmllint reports', async () => {
    const xml = '<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">\n<components>\n<component type="bogus"><name>x</name></component>\n</components>\n</bom>';
    const errors = rejected(await readSbom(xml));
    assert.equal(errors[0]?.path, 'line 3');
    assert.match(errors[0]?.message ?? '', /^Element 'component', attribute 'type': \[facet 'enumeration'\] The value 'bogus' is not an element of the set \{'application'/);
  });

  it('reports a reference to an undeclared entity as xmllint finds it, without its source line', async () => {
    const xml = '<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">\n<components>\n<component type="library"><name>&foo;</name></component>\n</components>\n</bom>';
    assert.deepEqual(rejected(await readSbom(xml)), [{ path: 'line 3', message: "not well-formed XML: Entity 'foo' not defined" }]);
  });

  it('rejects malformed XML, a missing namespace and an unsupported version', async () => {
    assert.deepEqual(rejected(await readSbom('<bom xmlns="http://cyclonedx.org/schema/bom/1.5">\n<components>\n</bom>')), [
      { path: 'line 3', message: "not well-formed XML: Expected closing tag 'components' (opened in line 2, col 1) instead of closing tag 'bom'." },
    ]);
    assert.deepEqual(rejected(await readSbom('<bom version="1"/>')), [
      { path: '/bom', message: 'a CycloneDX XML BOM needs the namespace http://cyclonedx.org/schema/bom/<version>, not ""' },
    ]);
    assert.deepEqual(rejected(await readSbom('<bom xmlns="http://cyclonedx.org/schema/bom/1.3" version="1"/>')), [
      { path: '/bom', message: 'CycloneDX 1.3 is not supported: this reader takes CycloneDX 1.4, 1.5, 1.6' },
    ]);
  });
});

describe('readSbom: XML safety', () => {
  const doctypeRefusal = {
    path: 'line 2',
    message: 'XML with a <!DOCTYPE> declaration is not accepted: entity declarations can expand without bound or read local files',
  };

  it('rejects a billion-laughs document before parsing it', async () => {
    assert.deepEqual(rejected(await readSbom(fixture('billion-laughs.xml'))), [doctypeRefusal]);
  });

  it('rejects an external-entity document before parsing it, and reads no file', async () => {
    const errors = rejected(await readSbom(fixture('external-entity.xml')));
    assert.deepEqual(errors, [doctypeRefusal]);
    assert.ok(!JSON.stringify(errors).includes('root:'));
  });

  it('rejects a DOCTYPE in any letter case', async () => {
    const errors = rejected(await readSbom('<?xml version="1.0"?>\n<!doctype bom>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>'));
    assert.equal(errors[0]?.path, 'line 2');
  });
});

describe('readSbom: SPDX JSON', () => {
  it('reads packages with their purls and CPEs', async () => {
    const sbom = parsed(await readSbom(fixture('spdx-2.3.json')));
    assert.equal(sbom.format, 'SPDX');
    assert.equal(sbom.specVersion, '2.3');
    assert.equal(sbom.encoding, 'json');
    assert.equal(sbom.name, 'acme-app-2.0.0');
    assert.deepEqual(sbom.components, [
      {
        ref: 'SPDXRef-Package-jinja2',
        name: 'Jinja2',
        version: '2.4.1',
        purl: 'pkg:pypi/jinja2@2.4.1',
        cpes: ['cpe:2.3:a:palletsprojects:jinja:2.4.1:*:*:*:*:*:*:*', 'cpe:/a:palletsprojects:jinja:2.4.1'],
      },
      { ref: 'SPDXRef-Package-openssl', name: 'openssl', version: '3.0.11-1', purl: 'pkg:deb/debian/openssl@3.0.11-1?distro=debian-12', cpes: [] },
      {
        ref: 'SPDXRef-Package-firmware',
        name: 'board-firmware',
        version: '5',
        cpes: ['cpe:2.3:o:acme:board_firmware:5:*:*:*:*:*:*:*'],
        unmatchedReason: 'unparseable purl: a purl must start with "pkg:"',
      },
    ]);
    assert.deepEqual(sbom.warnings, [
      { path: '/packages/0', message: 'package has 2 different purls; the first, "pkg:pypi/Jinja2@2.4.1", is used' },
      { path: '/packages/2/externalRefs/1/referenceLocator', message: 'purl "npm/not-a-purl" is not valid (a purl must start with "pkg:"); the component is kept without it' },
    ]);
  });

  it('validates SPDX 2.2 against the 2.2 schema, which knows no 2.3 fields', async () => {
    const document = JSON.parse(fixture('spdx-2.3.json').toString('utf8')) as Record<string, unknown>;
    const packages = document.packages as Array<Record<string, unknown>>;
    const as22 = { ...document, spdxVersion: 'SPDX-2.2', packages: packages.map((p) => ({ ...p, copyrightText: 'NOASSERTION', licenseConcluded: 'NOASSERTION', licenseDeclared: 'NOASSERTION' })) };
    assert.equal(parsed(await readSbom(JSON.stringify(as22))).specVersion, '2.2');
    const errors = rejected(await readSbom(JSON.stringify({ ...as22, packages: [{ ...as22.packages[0], primaryPackagePurpose: 'LIBRARY' }] })));
    assert.deepEqual(errors, [{ path: '/packages/0', message: 'must NOT have additional properties (primaryPackagePurpose)' }]);
  });

  it('rejects a document missing required fields', async () => {
    const errors = rejected(await readSbom(JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', packages: [{ SPDXID: 'SPDXRef-1' }] })));
    for (const expected of [
      { path: '/', message: "must have required property 'dataLicense'" },
      { path: '/', message: "must have required property 'documentNamespace'" },
      { path: '/packages/0', message: "must have required property 'name'" },
    ]) {
      assert.ok(errors.some((e) => e.path === expected.path && e.message === expected.message), `${JSON.stringify(expected)} in ${JSON.stringify(errors)}`);
    }
  });

  it('rejects SPDX 3.0 and other versions by name', async () => {
    assert.deepEqual(rejected(await readSbom('{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[]}')), [
      { path: '/@context', message: 'SPDX 3.0 is not supported: this reader takes SPDX 2.2 and 2.3' },
    ]);
    assert.deepEqual(rejected(await readSbom('{"spdxVersion":"SPDX-3.0"}')), [{ path: '/spdxVersion', message: 'SPDX 3.0 is not supported: this reader takes SPDX 2.2 and 2.3' }]);
    assert.deepEqual(rejected(await readSbom('{"spdxVersion":"SPDX-2.1"}')), [
      { path: '/spdxVersion', message: 'SPDX version "SPDX-2.1" is not supported: this reader takes SPDX 2.2 and 2.3' },
    ]);
  });
});

describe('readSbom: SPDX tag-value', () => {
  it('reads the same packages as the JSON, with line numbers', async () => {
    const sbom = parsed(await readSbom(fixture('spdx-2.2.spdx')));
    const json = parsed(await readSbom(fixture('spdx-2.3.json')));
    assert.equal(sbom.format, 'SPDX');
    assert.equal(sbom.specVersion, '2.2');
    assert.equal(sbom.encoding, 'tag-value');
    assert.equal(sbom.name, 'acme-app-2.0.0');
    assert.deepEqual(sbom.components, json.components);
    assert.deepEqual(sbom.warnings, [
      { path: 'line 12', message: 'package has 2 different purls; the first, "pkg:pypi/Jinja2@2.4.1", is used' },
      { path: 'line 36', message: 'purl "npm/not-a-purl" is not valid (a purl must start with "pkg:"); the component is kept without it' },
    ]);
  });

  it('reads CRLF line endings', async () => {
    const sbom = parsed(await readSbom(fixture('spdx-2.2.spdx').toString('utf8').replace(/\n/g, '\r\n')));
    assert.equal(sbom.components.length, 3);
  });

  it('names each missing required field and the line at fault', async () => {
    const text = ['SPDXVersion: SPDX-2.3', 'DataLicense: CC0-1.0', 'DocumentName: example', '', 'PackageName: foo', 'PackageVersion: 1.0', 'PackageName: bar', 'SPDXID:'].join('\n');
    assert.deepEqual(rejected(await readSbom(text)), [
      { path: 'line 1', message: 'the document has no SPDXID' },
      { path: 'line 1', message: 'the document has no DocumentNamespace' },
      { path: 'line 1', message: 'the document has no Created' },
      { path: 'line 1', message: 'the document has no Creator' },
      { path: 'line 5', message: 'package "foo" has no SPDXID' },
      { path: 'line 8', message: 'SPDXID is empty' },
    ]);
  });

  it('rejects malformed lines, repeated fields and an unclosed <text>', async () => {
    const text = [...tagValueHeader, 'DataLicense: CC0-1.0', 'this is not a tag', 'PackageName: foo', 'SPDXID: SPDXRef-foo', 'ExternalRef: purl pkg:npm/foo', 'PackageComment: <text>never', 'closed'].join('\n');
    assert.deepEqual(rejected(await readSbom(text)), [
      { path: 'line 8', message: 'DataLicense appears again (first on line 2)' },
      { path: 'line 9', message: 'expected "Tag: value"' },
      { path: 'line 12', message: 'ExternalRef must be "<category> <type> <locator>"' },
      { path: 'line 13', message: 'the <text> value of PackageComment is never closed with </text>' },
    ]);
  });

  it('rejects unsupported versions on their line', async () => {
    assert.deepEqual(rejected(await readSbom(['# comment', 'SPDXVersion: SPDX-2.1', ...tagValueHeader.slice(1)].join('\n'))), [
      { path: 'line 2', message: 'SPDX version "SPDX-2.1" is not supported: this reader takes SPDX 2.2 and 2.3' },
    ]);
  });
});

describe('readSbom: input that is no SBOM', () => {
  it('rejects empty input', async () => {
    for (const input of ['', '  \n\t', Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf])]) {
      assert.deepEqual(rejected(await readSbom(input)), [{ path: '/', message: 'the SBOM is empty' }]);
    }
  });

  it('rejects malformed JSON with the line at fault', async () => {
    assert.deepEqual(rejected(await readSbom('{\n  "bomFormat": "CycloneDX",\n}')), [{ path: 'line 3', message: 'not valid JSON: Expected double-quoted property name' }]);
    assert.deepEqual(rejected(await readSbom('{"bomFormat": ')), [{ path: 'line 1', message: 'not valid JSON: Unexpected end of JSON input' }]);
    assert.deepEqual(rejected(await readSbom('{"bomFormat":\ntru}')), [{ path: '/', message: "not valid JSON: Unexpected token '}'" }]);
  });

  it('rejects bytes that are not UTF-8', async () => {
    assert.deepEqual(rejected(await readSbom(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))), [{ path: '/', message: 'the SBOM is not valid UTF-8' }]);
    assert.deepEqual(rejected(await readSbom(Buffer.from('\ufeff{}', 'utf16le'))), [{ path: '/', message: 'the SBOM is UTF-16; SBOMs are read as UTF-8' }]);
  });

  it('reads a UTF-8 byte order mark', async () => {
    assert.equal(parsed(await readSbom(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(minimalCycloneDx('1.6'))]))).specVersion, '1.6');
  });

  it('rejects unknown formats, naming the file', async () => {
    const unknown = 'unknown SBOM format in "notes.txt": expected CycloneDX 1.4–1.6 (JSON or XML) or SPDX 2.2/2.3 (JSON or tag-value)';
    for (const input of ['hello world', '[]', '{"name":"x"}', '<project/>']) {
      assert.deepEqual(rejected(await readSbom(input, { fileName: 'notes.txt' })), [{ path: '/', message: unknown }]);
    }
  });

  it('names the SPDX serialisations it does not read', async () => {
    assert.match(rejected(await readSbom('spdxVersion: "SPDX-2.3"\nname: x\n'))[0]?.message ?? '', /^SPDX YAML is not supported/);
    assert.match(rejected(await readSbom('<Document><spdxVersion>SPDX-2.3</spdxVersion></Document>'))[0]?.message ?? '', /^SPDX XML is not supported/);
    const rdf = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:spdx="http://spdx.org/rdf/terms#"/>';
    assert.match(rejected(await readSbom(rdf))[0]?.message ?? '', /^SPDX RDF\/XML is not supported/);
  });

  it('rejects a document nested too deeply for the validator', async () => {
    const deep = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${'{"type":"library","name":"x","components":['.repeat(20000)}${']}'.repeat(20000)}]}`;
    assert.deepEqual(rejected(await readSbom(deep)), [{ path: '/', message: 'the document nests too deeply to be read' }]);
  });
});
