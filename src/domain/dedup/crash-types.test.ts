import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessFromLine, headerCrashType, ubsanCrashType } from './crash-types.js';

describe('ubsanCrashType', () => {
  // Messages as clang 14–16's UBSan runtime prints them after "runtime error: ".
  const cases: [string, string][] = [
    ["signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'", 'signed-integer-overflow'],
    ["unsigned integer overflow: 0 - 1 cannot be represented in type 'unsigned int'", 'unsigned-integer-overflow'],
    ["negation of -2147483648 cannot be represented in type 'int'; cast to an unsigned type to negate this value to itself", 'signed-integer-overflow'],
    ['division by zero', 'division-by-zero'],
    ["shift exponent 32 is too large for 32-bit type 'int'", 'invalid-shift'],
    ["left shift of negative value -1", 'invalid-shift'],
    ["index 10 out of bounds for type 'int[10]'", 'array-index-out-of-bounds'],
    ["load of null pointer of type 'int'", 'null-pointer-dereference READ'],
    ["store to null pointer of type 'char'", 'null-pointer-dereference WRITE'],
    ["member call on null pointer of type 'Foo'", 'null-pointer-dereference'],
    ["load of misaligned address 0x7ffd3c4f5e21 for type 'int', which requires 4 byte alignment", 'misaligned-address'],
    ['applying non-zero offset 8 to null pointer', 'pointer-overflow'],
    ['pointer index expression with base 0x000000000001 overflowed to 0xffffffffffffffff', 'pointer-overflow'],
    ["load of value 5, which is not a valid value for type 'bool'", 'invalid-bool-value'],
    ["load of value 7, which is not a valid value for type 'Color'", 'invalid-enum-value'],
    ['null pointer passed as argument 2, which is declared to never be null', 'invalid-null-argument'],
    ["implicit conversion from type 'int' of value -1 (32-bit, signed) to type 'unsigned char' changed the value to 255 (8-bit, unsigned)", 'implicit-conversion'],
    ["1e+10 is outside the range of representable values of type 'int'", 'float-cast-overflow'],
    ["member access within address 0x602000000010 which does not point to an object of type 'Derived'", 'bad-cast'],
    ['passing zero to ctz(), which is not a valid argument', 'invalid-builtin-use'],
    ['something new in a later clang', 'undefined-behavior'],
  ];
  for (const [message, expected] of cases) {
    it(`${message.slice(0, 60)} → ${expected}`, () => assert.equal(ubsanCrashType(message), expected));
  }
});

describe('headerCrashType', () => {
  it('takes the bug name ASan, MSan and TSan print after "Sanitizer: "', () => {
    assert.equal(headerCrashType('heap-buffer-overflow on address 0x602000000014 at pc 0x1 bp 0x2 sp 0x3'), 'heap-buffer-overflow');
    assert.equal(headerCrashType('use-of-uninitialized-value'), 'use-of-uninitialized-value');
    assert.equal(headerCrashType('data race (pid=31337)'), 'data-race');
    assert.equal(headerCrashType('lock-order-inversion (potential deadlock) (pid=9)'), 'lock-order-inversion');
    assert.equal(headerCrashType('memcpy-param-overlap: memory ranges [0x1,0x5) and [0x3, 0x7) overlap'), 'memcpy-param-overlap');
    assert.equal(headerCrashType('requested allocation size 0xfffffffffffffff0 (0x800 after adjustments) exceeds maximum supported size of 0x10000000000'), 'allocation-size-too-big');
    assert.equal(headerCrashType('calloc parameters overflow: count * size (-1 * 4) cannot be represented in type size_t'), 'calloc-overflow');
    assert.equal(headerCrashType('out of memory: allocator is trying to allocate 0x100000000 bytes'), 'out-of-memory');
    assert.equal(headerCrashType('SEGV on unknown address 0x000000000fff (pc 0x1 bp 0x2 sp 0x3 T0)'), 'null-pointer-dereference');
    assert.equal(headerCrashType('SEGV on unknown address 0x000000001000 (pc 0x1 bp 0x2 sp 0x3 T0)'), 'SEGV');
    assert.equal(headerCrashType('stack-overflow on address 0x7ffc (pc 0x1 bp 0x2 sp 0x3 T0)'), 'stack-overflow');
  });
});

describe('accessFromLine', () => {
  it('reads ASan, TSan and SEGV access lines', () => {
    assert.equal(accessFromLine('READ of size 4 at 0x602000000014 thread T0'), 'READ 4');
    assert.equal(accessFromLine('WRITE of size 17 at 0x602000000014 thread T0'), 'WRITE {*}');
    assert.equal(accessFromLine('  Atomic write of size 8 at 0x7b04 by thread T1:'), 'ATOMIC WRITE 8');
    assert.equal(accessFromLine('==12==The signal is caused by a WRITE memory access.'), 'WRITE');
    assert.equal(accessFromLine('==12==The signal is caused by a UNKNOWN memory access.'), undefined);
    assert.equal(accessFromLine('allocated by thread T0 here:'), undefined);
  });
});
