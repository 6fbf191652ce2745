import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readVex } from './read-vex.js';
import type { VexDocument, VexError, VexReadResult } from './vex-document.js';

const fixtureText = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
// Kept as JSON.parse's own type, so tests can reshape documents freely.
const fixture = (name: string): ReturnType<typeof JSON.parse> => JSON.parse(fixtureText(name));

function read(result: VexReadResult): VexDocument {
  assert.ok(result.ok, `expected a VEX document, got ${JSON.stringify(!result.ok && result.errors)}`);
  return result.vex;
}

function rejected(result: VexReadResult): VexError[] {
  assert.ok(!result.ok, 'expected the document to be rejected');
  return result.errors;
}

describe('readVex: OpenVEX', () => {
  it('reads v0.2.0 with canonical purls, subcomponents and the not_affected reasons', async () => {
    const vex = read(await readVex(Buffer.from(fixtureText('openvex-v0.2.0.json'))));
    assert.equal(vex.format, 'OpenVEX');
    assert.equal(vex.author, 'The OpenVEX Project <openvex@openssf.org>');
    assert.equal(vex.timestamp, '2023-07-17T18:28:47.696004345-06:00');
    assert.deepEqual(
      vex.statements.map((s) => [s.vulnerability, s.status]),
      [
        ['CVE-2023-1255', 'fixed'],
        ['CVE-2023-2650', 'fixed'],
        ['CVE-2023-2975', 'fixed'],
        ['CVE-2023-3446', 'not_affected'],
        ['CVE-2023-3817', 'not_affected'],
      ],
    );
    const notAffected = vex.statements[3]!;
    assert.equal(notAffected.justification, 'vulnerable_code_not_present');
    assert.equal(notAffected.justificationSource, 'vulnerable_code_not_present');
    assert.equal(notAffected.impactStatement, 'affected functions were removed before packaging');
    assert.deepEqual(notAffected.products, [
      {
        ref: 'pkg:oci/alpine@sha256%3A124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126',
        purl: 'pkg:oci/alpine@sha256:124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126',
        subcomponents: [
          { ref: 'pkg:apk/alpine/libssl3@3.0.8-r3', purl: 'pkg:apk/alpine/libssl3@3.0.8-r3' },
          { ref: 'pkg:apk/alpine/libcrypto3@3.0.8-r3', purl: 'pkg:apk/alpine/libcrypto3@3.0.8-r3' },
        ],
      },
    ]);
    assert.deepEqual(vex.warnings, []);
  });

  it('reads v0.0.1: string vulnerability, string products, string version', async () => {
    const vex = read(await readVex(fixtureText('openvex-v0.0.1.json')));
    assert.equal(vex.id, 'https://openvex.dev/docs/example/vex-9fb3463de1b57');
    assert.deepEqual(vex.statements, [
      {
        vulnerability: 'CVE-2023-12345',
        aliases: [],
        products: [
          { ref: 'pkg:apk/wolfi/git@2.39.0-r1?arch=armv7', purl: 'pkg:apk/wolfi/git@2.39.0-r1?arch=armv7' },
          { ref: 'pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64', purl: 'pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64' },
        ],
        status: 'fixed',
      },
    ]);
  });

  it('v0.0.1: statement-wide subcomponents go to each product; fields v0.2.0 lacks become warnings', async () => {
    const doc = fixture('openvex-v0.0.1.json');
    doc['format'] = 'text/vex+json';
    doc['statements'][0]['subcomponents'] = ['pkg:apk/wolfi/openssl@3.0.8'];
    doc['statements'][0]['vuln_description'] = 'described';
    const vex = read(await readVex(JSON.stringify(doc)));
    assert.deepEqual(vex.warnings, [{ path: '/format', message: '"format" is not an OpenVEX document field; ignored' }]);
    for (const product of vex.statements[0]!.products) {
      assert.deepEqual(product.subcomponents, [{ ref: 'pkg:apk/wolfi/openssl@3.0.8', purl: 'pkg:apk/wolfi/openssl@3.0.8' }]);
    }
  });

  it('not_affected without justification or impact_statement rejects the document, naming the statement', async () => {
    const doc = fixture('openvex-v0.2.0.json');
    delete doc['statements'][4]['justification'];
    delete doc['statements'][4]['impact_statement'];
    const errors = rejected(await readVex(JSON.stringify(doc)));
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0]!.path, '/statements/4');
    assert.match(errors[0]!.message, /not_affected statement without a justification or impact_statement.*whole document is rejected/);
  });

  it('an impact statement alone is a reason (OpenVEX allows either)', async () => {
    const doc = fixture('openvex-v0.2.0.json');
    delete doc['statements'][4]['justification'];
    const vex = read(await readVex(JSON.stringify(doc)));
    assert.equal(vex.statements[4]!.justification, undefined);
    assert.equal(vex.statements[4]!.impactStatement, 'affected functions were removed before packaging');
  });

  it('reports schema errors and bad purls with their JSON Pointers', async () => {
    const doc = fixture('openvex-v0.2.0.json');
    doc['statements'][0]['status'] = 'maybe';
    doc['statements'][1]['products'][0]['@id'] = 'pkg:npm/%';
    delete doc['timestamp'];
    const schemaErrors = rejected(await readVex(JSON.stringify(doc)));
    assert.ok(schemaErrors.some((e) => e.path === '' && e.message === "must have required property 'timestamp'"), JSON.stringify(schemaErrors));
    assert.ok(schemaErrors.some((e) => e.path === '/statements/0/status' && e.message.startsWith('must be equal to one of the allowed values')));

    const purlOnly = fixture('openvex-v0.2.0.json');
    purlOnly['statements'][1]['products'][0]['subcomponents'][1]['@id'] = 'pkg:npm/%zz@1';
    const purlErrors = rejected(await readVex(JSON.stringify(purlOnly)));
    assert.deepEqual(
      purlErrors.map((e) => e.path),
      ['/statements/1/products/0/subcomponents/1/@id'],
    );
    assert.match(purlErrors[0]!.message, /^invalid purl "pkg:npm\/%zz@1"/);
  });

  it('refuses an OpenVEX version it does not know', async () => {
    const doc = fixture('openvex-v0.2.0.json');
    doc['@context'] = 'https://openvex.dev/ns/v9.0.0';
    assert.deepEqual(rejected(await readVex(JSON.stringify(doc))), [
      { path: '/@context', message: 'unsupported OpenVEX version "https://openvex.dev/ns/v9.0.0": this reader knows v0.0.1 and v0.2.0' },
    ]);
  });
});

describe('readVex: CycloneDX', () => {
  it('maps states, justifications, versions and a ref to metadata.component (1.4)', async () => {
    const vex = read(await readVex(fixtureText('cyclonedx-1.4-use-case-5.json')));
    assert.equal(vex.format, 'CycloneDX');
    assert.equal(vex.timestamp, '2022-01-13T00:00:00Z');
    const [affected, notAffected] = vex.statements;
    assert.equal(affected!.status, 'affected');
    assert.deepEqual(affected!.products, [{ ref: 'acme-product', name: 'Acme Product', versions: [{ range: 'vers:semver/<7.0.0|>=1.5.0', status: 'affected' }] }]);
    assert.equal(notAffected!.status, 'not_affected');
    assert.equal(notAffected!.justification, 'vulnerable_code_not_in_execute_path');
    assert.equal(notAffected!.justificationSource, 'code_not_reachable');
    assert.match(notAffected!.impactStatement ?? '', /not reachable/);
    assert.equal(notAffected!.actionStatement, 'Response: will_not_fix, update');
    assert.deepEqual(notAffected!.products[0]!.versions, [{ range: 'vers:semver/<1.5.0|>=7.0.0', status: 'unaffected' }]);
  });

  it('resolves a bom-ref to the component purl and reads references as aliases (1.6)', async () => {
    const vex = read(await readVex(fixtureText('cyclonedx-1.6-vulnerability.json')));
    assert.equal(vex.id, 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79');
    const [statement] = vex.statements;
    assert.equal(statement!.vulnerability, 'SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111');
    assert.deepEqual(statement!.aliases, ['CVE-2018-7489']);
    assert.equal(statement!.products[0]!.purl, 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4');
    assert.equal(statement!.products[0]!.name, 'jackson-databind');
    assert.match(statement!.actionStatement ?? '', /^Upgrade com\.fasterxml.*\nDescribe the workarounds here\nResponse: will_not_fix, update$/);
  });

  it('maps every analysis state', async () => {
    const expected: Record<string, string> = {
      exploitable: 'affected',
      in_triage: 'under_investigation',
      false_positive: 'not_affected',
      not_affected: 'not_affected',
      resolved: 'fixed',
      resolved_with_pedigree: 'fixed',
    };
    for (const [state, status] of Object.entries(expected)) {
      const doc = fixture('cyclonedx-1.6-vulnerability.json');
      doc['vulnerabilities'][0]['analysis']['state'] = state;
      assert.equal(read(await readVex(JSON.stringify(doc))).statements[0]!.status, status, state);
    }
  });

  it('keeps BOM-Link refs into other BOMs, reads purl refs, warns about refs it cannot find', async () => {
    const doc = fixture('cyclonedx-1.4-use-case-5.json');
    doc['vulnerabilities'][0]['affects'] = [
      { ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#acme-product' },
      { ref: 'pkg:NPM/left-pad@1.3.0' },
      { ref: 'somewhere-else' },
    ];
    const vex = read(await readVex(JSON.stringify(doc)));
    assert.deepEqual(vex.statements[0]!.products, [
      { ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#acme-product' },
      { ref: 'pkg:NPM/left-pad@1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
      { ref: 'somewhere-else' },
    ]);
    assert.deepEqual(vex.warnings, [{ path: '/vulnerabilities/0/affects/2/ref', message: 'bom-ref "somewhere-else" is not in this BOM; the product is known by that ref alone' }]);
  });

  it('not_affected without justification or analysis.detail rejects the document, naming the analysis', async () => {
    const doc = fixture('cyclonedx-1.4-use-case-5.json');
    delete doc['vulnerabilities'][1]['analysis']['justification'];
    delete doc['vulnerabilities'][1]['analysis']['detail'];
    const errors = rejected(await readVex(JSON.stringify(doc)));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.path, '/vulnerabilities/1/analysis');
    assert.match(errors[0]!.message, /^not_affected statement without a justification or impact statement \(analysis\.detail\).*none of its statements are applied$/);
  });

  it('skips vulnerabilities without analysis with a warning, and refuses a BOM that has only those', async () => {
    const mixed = fixture('cyclonedx-1.4-use-case-5.json');
    delete mixed['vulnerabilities'][0]['analysis'];
    const vex = read(await readVex(JSON.stringify(mixed)));
    assert.equal(vex.statements.length, 1);
    assert.deepEqual(vex.warnings, [{ path: '/vulnerabilities/0', message: 'no analysis.state: a vulnerability report entry, not a VEX statement; skipped' }]);

    delete mixed['vulnerabilities'][1]['analysis'];
    const errors = rejected(await readVex(JSON.stringify(mixed)));
    assert.equal(errors[0]!.path, '/vulnerabilities');
    assert.match(errors[0]!.message, /^not a VEX document: no vulnerability has an analysis\.state/);
  });

  it('refuses a plain SBOM, a statement with no product, schema errors and unsupported versions', async () => {
    const sbom = fixture('cyclonedx-1.6-vulnerability.json');
    delete sbom['vulnerabilities'];
    assert.match(rejected(await readVex(JSON.stringify(sbom)))[0]!.message, /^not a VEX document: this CycloneDX BOM has no vulnerabilities/);

    const noProduct = fixture('cyclonedx-1.6-vulnerability.json');
    delete noProduct['vulnerabilities'][0]['affects'];
    assert.deepEqual(rejected(await readVex(JSON.stringify(noProduct))), [
      { path: '/vulnerabilities/0', message: 'statement names no product (affects is empty), so it cannot be applied to anything' },
    ]);

    const invalid = fixture('cyclonedx-1.6-vulnerability.json');
    invalid['vulnerabilities'][0]['analysis']['state'] = 'fine';
    assert.ok(rejected(await readVex(JSON.stringify(invalid))).some((e) => e.path === '/vulnerabilities/0/analysis/state'));

    const old = fixture('cyclonedx-1.4-use-case-5.json');
    old['specVersion'] = '1.3';
    assert.equal(rejected(await readVex(JSON.stringify(old)))[0]!.path, '/specVersion');
  });
});

describe('readVex: CSAF', () => {
  it('splits a vulnerability into statements by status and by reason, resolving product ids', async () => {
    const vex = read(await readVex(fixtureText('csaf-2022-evd-uc-07-001.json')));
    assert.equal(vex.format, 'CSAF');
    assert.equal(vex.id, '2022-EVD-UC-07-001');
    assert.equal(vex.author, 'Example Company ProductCERT');
    assert.equal(vex.timestamp, '2022-03-03T11:00:00.000Z');
    assert.deepEqual(
      vex.statements.map((s) => [s.status, s.products.map((p) => p.ref).join(' '), s.impactStatement ?? s.actionStatement ?? '']),
      [
        ['not_affected', 'CSAFPID-0001 CSAFPID-0005 CSAFPID-0006 CSAFPID-0007', 'Class with vulnerable code was removed before shipping.'],
        ['not_affected', 'CSAFPID-0009', 'Log4j was not included in those versions at all.'],
        ['affected', 'CSAFPID-0002 CSAFPID-0003 CSAFPID-0004', 'vendor_fix: Update to version 4.2 or later.'],
        ['affected', 'CSAFPID-0008', 'vendor_fix: Update to the new version 5.1 or later.'],
        ['fixed', 'CSAFPID-0010', ''],
      ],
    );
    const [first] = vex.statements;
    assert.deepEqual(first!.products[0], { ref: 'CSAFPID-0001', name: 'Example Company ABC 4.2', version: '4.2' });
    assert.deepEqual(first!.products[1], { ref: 'CSAFPID-0005', name: 'Example Company ABC >=1.0|<=2.3', versions: [{ range: 'vers:generic/>=1.0|<=2.3', status: 'unaffected' }] });
  });

  it('reads flag labels as justifications', async () => {
    const vex = read(await readVex(fixtureText('csaf-sec-vex-2022-0001.json')));
    assert.deepEqual(
      vex.statements.map((s) => [s.vulnerability, s.status, s.justification, s.justificationSource]),
      [
        ['CVE-2021-44228', 'not_affected', 'component_not_present', 'component_not_present'],
        ['CVE-2021-45046', 'not_affected', 'component_not_present', 'component_not_present'],
        ['CVE-2021-45105', 'not_affected', 'component_not_present', 'component_not_present'],
      ],
    );
  });

  it('resolves relationships and product helpers: canonical purl, cpe, the component as subcomponent', async () => {
    const doc = fixture('csaf-sec-vex-2022-0001.json');
    doc['product_tree']['full_product_names'] = [
      { name: 'Platform', product_id: 'PLATFORM', product_identification_helper: { cpe: 'cpe:2.3:o:example:platform:1:*:*:*:*:*:*:*' } },
      { name: 'left-pad 1.3.0', product_id: 'LEFTPAD', product_identification_helper: { purl: 'pkg:NPM/left-pad@1.3.0' } },
    ];
    doc['product_tree']['relationships'] = [
      { category: 'default_component_of', full_product_name: { name: 'left-pad on Platform', product_id: 'LEFTPAD-ON-PLATFORM' }, product_reference: 'LEFTPAD', relates_to_product_reference: 'PLATFORM' },
    ];
    doc['vulnerabilities'][0]['product_status']['known_not_affected'].push('LEFTPAD-ON-PLATFORM');
    doc['vulnerabilities'][0]['flags'][0]['product_ids'].push('LEFTPAD-ON-PLATFORM');
    doc['vulnerabilities'][0]['threats'][0]['product_ids'].push('LEFTPAD-ON-PLATFORM');
    const vex = read(await readVex(JSON.stringify(doc)));
    assert.deepEqual(vex.statements[0]!.products[1], {
      ref: 'LEFTPAD-ON-PLATFORM',
      name: 'left-pad on Platform',
      cpe: 'cpe:2.3:o:example:platform:1:*:*:*:*:*:*:*',
      subcomponents: [{ ref: 'LEFTPAD', name: 'left-pad 1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
    });
  });

  it('not_affected without a flag or impact threat rejects the document, naming the product entry', async () => {
    const doc = fixture('csaf-sec-vex-2022-0001.json');
    delete doc['vulnerabilities'][1]['flags'];
    delete doc['vulnerabilities'][1]['threats'];
    const errors = rejected(await readVex(JSON.stringify(doc)));
    assert.deepEqual(
      errors.map((e) => e.path),
      ['/vulnerabilities/1/product_status/known_not_affected/0'],
    );
    assert.match(errors[0]!.message, /^not_affected statement without a justification or impact statement.*whole document is rejected.*\(mandatory test 6\.1\.27\.9\)$/);
  });

  it('refuses a CSAF document that is not csaf_vex, and CSAF versions other than 2.0', async () => {
    const advisory = fixture('csaf-sec-vex-2022-0001.json');
    advisory['document']['category'] = 'csaf_security_advisory';
    assert.deepEqual(rejected(await readVex(JSON.stringify(advisory))), [
      { path: '/document/category', message: 'not a VEX document: CSAF category "csaf_security_advisory"; only csaf_vex documents are read as VEX' },
    ]);
    const newer = fixture('csaf-sec-vex-2022-0001.json');
    newer['document']['csaf_version'] = '2.1';
    assert.equal(rejected(await readVex(JSON.stringify(newer)))[0]!.path, '/document/csaf_version');
  });

  it('reports validator findings with the test that made them', async () => {
    const doc = fixture('csaf-sec-vex-2022-0001.json');
    doc['vulnerabilities'][0]['product_status']['known_not_affected'].push('CSAFPID-9999');
    const errors = rejected(await readVex(JSON.stringify(doc)));
    assert.ok(
      errors.some((e) => e.path === '/vulnerabilities/0/product_status/known_not_affected/1' && e.message.endsWith('(mandatory test 6.1.1)')),
      JSON.stringify(errors),
    );
  });
});

describe('readVex: input that is not VEX', () => {
  it('malformed JSON', async () => {
    const errors = rejected(await readVex('{"bomFormat": "CycloneDX",'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.path, '');
    assert.match(errors[0]!.message, /^not valid JSON: /);
  });

  it('JSON that is not an object, or an object of no VEX format', async () => {
    assert.deepEqual(rejected(await readVex('[1, 2]')), [{ path: '', message: 'not a VEX document: expected a JSON object' }]);
    assert.match(rejected(await readVex('{"spdxVersion": "SPDX-2.3"}'))[0]!.message, /^not a VEX document: expected CycloneDX .*OpenVEX .*CSAF/);
  });

  it('accepts a UTF-8 byte-order mark', async () => {
    const vex = read(await readVex(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixtureText('openvex-v0.0.1.json'))])));
    assert.equal(vex.statements.length, 1);
  });
});
