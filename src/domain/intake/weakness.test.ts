import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cweOfTaxonId, cwesInText, isCweId } from './weakness.js';

describe('isCweId', () => {
  it('accepts CWE-<n> and nothing else', () => {
    assert.equal(isCweId('CWE-79'), true);
    assert.equal(isCweId('CWE-1333'), true);
    for (const bad of ['cwe-79', 'CWE-079', 'CWE-0', 'CWE79', 'CWE-79 ', 'NVD-CWE-Other', '79']) assert.equal(isCweId(bad), false, bad);
  });
});

describe('cwesInText', () => {
  it('reads the tag styles of CodeQL and Semgrep, dropping leading zeros', () => {
    assert.deepEqual(cwesInText('external/cwe/cwe-079'), ['CWE-79']);
    assert.deepEqual(cwesInText("CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')"), ['CWE-89']);
    assert.deepEqual(cwesInText('cwe 1333'), ['CWE-1333']);
  });

  it('finds no CWE in other tags, and reads bare numbers only when asked', () => {
    for (const tag of ['security', 'external/owasp/owasp-a03', 'cwe-top-25', '476']) assert.deepEqual(cwesInText(tag), [], tag);
    assert.deepEqual(cwesInText('134, 787', { bareNumbers: true }), ['CWE-134', 'CWE-787']);
    assert.deepEqual(cwesInText('CWE-20, 22', { bareNumbers: true }), ['CWE-20', 'CWE-22']);
  });
});

describe('cweOfTaxonId', () => {
  it('reads a CWE taxonomy id with or without prefix', () => {
    assert.equal(cweOfTaxonId('401'), 'CWE-401');
    assert.equal(cweOfTaxonId('CWE-022'), 'CWE-22');
    assert.equal(cweOfTaxonId('RQL1001'), undefined);
  });
});
