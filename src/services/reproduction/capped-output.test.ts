import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CappedOutput } from './capped-output.js';

describe('CappedOutput', () => {
  it('keeps output within the limit whole', () => {
    const output = new CappedOutput(10);
    output.write(Buffer.from('hello '));
    output.write(Buffer.from('you'));
    assert.equal(output.text(), 'hello you');
    assert.equal(output.truncated, false);
  });

  it('keeps the first and the last half of longer output, saying how much it dropped', () => {
    const output = new CappedOutput(8);
    output.write(Buffer.from('abcdefgh'));
    output.write(Buffer.from('ijklmnop'));
    assert.equal(output.truncated, true);
    assert.equal(output.text(), 'abcd\n[… 8 bytes omitted …]\nmnop');
  });

  it('keeps the end across many small writes, as a report printed last', () => {
    const output = new CappedOutput(1000);
    for (let i = 0; i < 10_000; i += 1) output.write(Buffer.from(`line ${i}\n`));
    output.write(Buffer.from('SUMMARY: AddressSanitizer: heap-buffer-overflow\n'));
    const text = output.text();
    assert.ok(text.startsWith('line 0\nline 1\n'));
    assert.ok(text.endsWith('line 9999\nSUMMARY: AddressSanitizer: heap-buffer-overflow\n'));
    assert.ok(Buffer.byteLength(text) < 1100, `kept ${Buffer.byteLength(text)} bytes`);
  });
});
