import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createXmlParser, doctypeError, rootElement, wellFormednessError } from './xml-document.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('doctypeError', () => {
  it('finds a DOCTYPE or ENTITY declaration and its line', () => {
    assert.equal(doctypeError(fixture('billion-laughs.xml'))?.path, 'line 2');
    assert.equal(doctypeError(fixture('external-entity.xml'))?.path, 'line 2');
    assert.equal(doctypeError('<a>\n\n<!ENTITY x "y"></a>')?.path, 'line 3');
  });

  it('passes a document without one', () => {
    assert.equal(doctypeError(fixture('cyclonedx-1.6-nested.xml')), undefined);
  });
});

describe('createXmlParser', () => {
  const parser = createXmlParser((path) => path.endsWith('.item'));

  it('refuses entity declarations itself, should a DOCTYPE ever reach it', () => {
    assert.throws(() => parser.parse(fixture('billion-laughs.xml')), /entity declarations are not accepted/);
    assert.throws(() => parser.parse(fixture('external-entity.xml')), /External entities are not supported/);
  });

  it('decodes the five predefined entities and character references, nothing else', () => {
    const parsed = parser.parse('<a b="&quot;&#x1F600;&#0;"><c>&lt;&gt;&amp;&apos;&#65;&amp;#65;&nbsp;&undeclared;</c><d><![CDATA[&amp;]]></d></a>') as unknown;
    assert.deepEqual(parsed, { a: { c: "<>&'A&#65;&nbsp;&undeclared;", d: '&amp;', '@b': '"😀&#0;' } });
  });

  it('keeps values as strings and makes the named elements arrays', () => {
    assert.deepEqual(parser.parse('<list><item>01.0</item></list>') as unknown, { list: { item: ['01.0'] } });
  });
});

describe('rootElement', () => {
  it('reads the root name and its namespace past the prolog', () => {
    const xml = '<?xml version="1.0"?>\n<!-- a > comment -->\n<?pi x?>\n<cdx:bom xmlns="urn:other" xmlns:cdx="http://cyclonedx.org/schema/bom/1.5" a=">">';
    assert.deepEqual(rootElement(xml), { name: 'bom', namespace: 'http://cyclonedx.org/schema/bom/1.5' });
    assert.deepEqual(rootElement("<bom xmlns='http://cyclonedx.org/schema/bom/1.6'/>"), { name: 'bom', namespace: 'http://cyclonedx.org/schema/bom/1.6' });
    assert.deepEqual(rootElement('<bom/>'), { name: 'bom' });
  });
});

describe('wellFormednessError', () => {
  it('names the line of the fault', () => {
    assert.deepEqual(wellFormednessError('<a>\n<b>\n</a>'), { path: 'line 3', message: "not well-formed XML: Expected closing tag 'b' (opened in line 2, col 1) instead of closing tag 'a'." });
    assert.equal(wellFormednessError('<a><b/></a>'), undefined);
  });
});
