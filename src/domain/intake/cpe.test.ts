import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpe23Error } from './cpe.js';

describe('cpe23Error', () => {
  it('accepts CPE 2.3 formatted strings, with escapes, wildcards and languages', () => {
    for (const cpe of [
      'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
      'cpe:2.3:o:linux:linux_kernel:5.15:-:*:*:*:*:*:*',
      'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
      'cpe:2.3:a:foo\\:bar:big\\$money_2010:*:*:*:en-us:*:*:*:*',
      'cpe:2.3:a:apache:http_server:2.4.*:*:*:*:*:*:*:*',
    ]) {
      assert.equal(cpe23Error(cpe), undefined, cpe);
    }
  });

  it('names what is wrong', () => {
    assert.match(cpe23Error('cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha') ?? '', /CPE 2\.2 URI/);
    assert.match(cpe23Error('pkg:npm/x') ?? '', /starts with "cpe:2\.3:"/);
    assert.match(cpe23Error('cpe:2.3:a:vendor:product') ?? '', /expected 11 components .* found 3/);
    assert.match(cpe23Error('cpe:2.3:x:vendor:product:1:*:*:*:*:*:*:*') ?? '', /part "x"/);
    assert.match(cpe23Error('cpe:2.3:a:my vendor:product:1:*:*:*:*:*:*:*') ?? '', /vendor "my vendor"/);
    assert.match(cpe23Error('cpe:2.3:a:vendor:product:1:*:*:english:*:*:*:*') ?? '', /language "english"/);
    assert.match(cpe23Error('cpe:2.3:a:vendor:pro*duct:1:*:*:*:*:*:*:*') ?? '', /product "pro\*duct"/);
  });
});
