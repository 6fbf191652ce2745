import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseSanitizerReport } from './crash-signature.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** A report from fixtures/ (see its README: written in clang 14–16's format, or ClusterFuzz's test data). */
function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

const ASAN_MEMCPY_OVERFLOW = fixture('asan-heap-buffer-overflow.txt');
/** The same crash from another build: other addresses, paths, line numbers, pid, interceptor and harness. */
const ASAN_MEMCPY_OVERFLOW_OTHER_BUILD = fixture('asan-heap-buffer-overflow-other-build.txt');
const ASAN_STACK_USE_AFTER_RETURN = fixture('asan-stack-use-after-return.txt');
const ASAN_NULL_SEGV = fixture('asan-null-segv.txt');
const UBSAN_WITH_STACK = fixture('ubsan-signed-integer-overflow.txt');
const UBSAN_NULL_MEMBER = fixture('ubsan-null-member-access.txt');
const MSAN_REPORT = fixture('msan-use-of-uninitialized-value.txt');
const TSAN_DEFAULT_FORMAT = fixture('tsan-data-race.txt');

/** An unsymbolized ASan report; `base` varies the pid and load addresses between runs. */
const ASAN_UNSYMBOLIZED = (base: string) => `==${base}==ERROR: AddressSanitizer: heap-use-after-free on address 0x60b000000${base} at pc 0x0000004f7a21 bp 0x7ffd00000010 sp 0x7ffd00000008
READ of size 8 at 0x60b000000${base} thread T0
    #0 0x${base}f7a21  (/out/xml_fuzzer+0x4f7a21) (BuildId: 9f8e7d6c5b4a39281706f5e4d3c2b1a0)
    #1 0x${base}1d3a51  (/usr/lib/x86_64-linux-gnu/libxml2.so.2+0x1ea51) (BuildId: 0a1b2c3d)
    #2 0x${base}29d8f  (/lib/x86_64-linux-gnu/libc.so.6+0x29d8f) (BuildId: 69389d485a9793dbe873f0ea2c93e02efaa9aa3d)
`;

/** A UBSan error without a stack (print_stacktrace off), at the given line. */
const UBSAN_NO_STACK = (line: number) =>
  `/build/libtiff-4.5.0/libtiff/tif_dirread.c:${line}:28: runtime error: signed integer overflow: 2147483600 + 100 cannot be represented in type 'int'
SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /build/libtiff-4.5.0/libtiff/tif_dirread.c:${line}:28 in
`;

describe('parseSanitizerReport: AddressSanitizer', () => {
  it('names the crash type, access and top three meaningful frames, skipping the interceptor and harness', () => {
    assert.deepEqual(parseSanitizerReport(ASAN_MEMCPY_OVERFLOW), {
      sanitizer: 'AddressSanitizer',
      crashType: 'heap-buffer-overflow WRITE 12',
      frames: ['png_combine_row', 'png_read_row', 'png_read_image'],
      key: 'heap-buffer-overflow WRITE 12|png_combine_row|png_read_row|png_read_image',
    });
  });

  it('gives the same key from another build, path, line numbers, interceptor name and harness', () => {
    const other = parseSanitizerReport(ASAN_MEMCPY_OVERFLOW_OTHER_BUILD.replace('WRITE of size 16', 'WRITE of size 12'));
    assert.equal(other?.key, parseSanitizerReport(ASAN_MEMCPY_OVERFLOW)?.key);
  });

  it('gives the same key when symbols come from the symbol table only (no file:line)', () => {
    const symbolTableOnly = ASAN_MEMCPY_OVERFLOW.replace(/ \/src\/libpng\/(\w+)\.c:\d+:\d+/g, ' (/out/libpng_read_fuzzer+0x4f7a21)');
    assert.notEqual(symbolTableOnly, ASAN_MEMCPY_OVERFLOW);
    assert.equal(parseSanitizerReport(symbolTableOnly)?.key, parseSanitizerReport(ASAN_MEMCPY_OVERFLOW)?.key);
  });

  it('gives a different key when the top function differs', () => {
    const elsewhere = ASAN_MEMCPY_OVERFLOW.replace('in png_combine_row /src/libpng/pngrutil.c:3413:10', 'in png_do_expand /src/libpng/pngrtran.c:4460:10');
    assert.equal(parseSanitizerReport(elsewhere)?.frames[0], 'png_do_expand');
    assert.notEqual(parseSanitizerReport(elsewhere)?.key, parseSanitizerReport(ASAN_MEMCPY_OVERFLOW)?.key);
  });

  it('folds access sizes above 16 bytes, as ClusterFuzz does', () => {
    assert.equal(parseSanitizerReport(ASAN_MEMCPY_OVERFLOW_OTHER_BUILD)?.crashType, 'heap-buffer-overflow WRITE 16');
    const big = ASAN_MEMCPY_OVERFLOW_OTHER_BUILD.replace('WRITE of size 16', 'WRITE of size 4096');
    assert.equal(parseSanitizerReport(big)?.crashType, 'heap-buffer-overflow WRITE {*}');
  });

  it('simplifies anonymous namespaces, template arguments, parameters and return types', () => {
    assert.deepEqual(parseSanitizerReport(ASAN_STACK_USE_AFTER_RETURN), {
      sanitizer: 'AddressSanitizer',
      crashType: 'stack-use-after-return READ 4',
      frames: ['Cursor::peek', 'proj::Parser::parseList', 'proj::parse'],
      key: 'stack-use-after-return READ 4|Cursor::peek|proj::Parser::parseList|proj::parse',
    });
  });

  it('keeps frames without symbols as module names, so reruns at other load addresses match', () => {
    const first = parseSanitizerReport(ASAN_UNSYMBOLIZED('55'));
    assert.deepEqual(first?.frames, ['xml_fuzzer', 'libxml2.so.2']);
    assert.equal(first?.crashType, 'heap-use-after-free READ 8');
    assert.equal(parseSanitizerReport(ASAN_UNSYMBOLIZED('7f'))?.key, first?.key);
  });

  it('reports a SEGV in the zero page as a null-pointer dereference with its access', () => {
    assert.equal(parseSanitizerReport(ASAN_NULL_SEGV)?.key, 'null-pointer-dereference READ|xmlNodeGetContent|xmlXPathCastNodeToString');
    const far = ASAN_NULL_SEGV.replace('unknown address 0x000000000008', 'unknown address 0x7f0000001000');
    assert.equal(parseSanitizerReport(far)?.crashType, 'SEGV READ');
  });

  it('names double frees and frees of foreign pointers as ASan does', () => {
    const header = (text: string) => `==9==ERROR: AddressSanitizer: ${text}\n    #0 0x4 in free x.c:1\n    #1 0x5 in release_node /src/tree.c:80:3\n`;
    assert.equal(parseSanitizerReport(header('attempting double-free on 0x602000000010 in thread T0:'))?.key, 'double-free|release_node');
    assert.equal(
      parseSanitizerReport(header('attempting free on address which was not malloc()-ed: 0x7ffc in thread T0'))?.crashType,
      'bad-free',
    );
    assert.equal(
      parseSanitizerReport(header('alloc-dealloc-mismatch (operator new [] vs operator delete) on 0x6020'))?.crashType,
      'alloc-dealloc-mismatch',
    );
  });
});

describe('parseSanitizerReport: UBSan, LSan, MSan, TSan', () => {
  it('reads a UBSan runtime error with its print_stacktrace=1 stack', () => {
    assert.deepEqual(parseSanitizerReport(UBSAN_WITH_STACK), {
      sanitizer: 'UndefinedBehaviorSanitizer',
      crashType: 'signed-integer-overflow',
      frames: ['TIFFFetchStripThing', 'TIFFReadDirectory', 'TIFFClientOpen'],
      key: 'signed-integer-overflow|TIFFFetchStripThing|TIFFReadDirectory|TIFFClientOpen',
    });
  });

  it('falls back to the source file name for a UBSan error without a stack, ignoring line numbers', () => {
    const signature = parseSanitizerReport(UBSAN_NO_STACK(5463));
    assert.equal(signature?.key, 'signed-integer-overflow|tif_dirread.c');
    assert.equal(parseSanitizerReport(UBSAN_NO_STACK(5470))?.key, signature?.key);
  });

  it('names UBSan null-pointer uses', () => {
    assert.equal(parseSanitizerReport(UBSAN_NULL_MEMBER)?.key, 'null-pointer-dereference|png_read_info|read_png');
    const load = UBSAN_NULL_MEMBER.replace('member access within null pointer', 'load of null pointer');
    assert.equal(parseSanitizerReport(load)?.crashType, 'null-pointer-dereference READ');
  });

  it('reads MemorySanitizer, stopping before the origin stack', () => {
    assert.equal(parseSanitizerReport(MSAN_REPORT)?.key, 'use-of-uninitialized-value|inflate_fast|inflate|uncompress2');
    assert.equal(parseSanitizerReport(MSAN_REPORT)?.sanitizer, 'MemorySanitizer');
  });

  it("reads ThreadSanitizer's default frame format (no addresses)", () => {
    assert.deepEqual(parseSanitizerReport(TSAN_DEFAULT_FORMAT), {
      sanitizer: 'ThreadSanitizer',
      crashType: 'data-race READ 4',
      frames: ['counter_get', 'worker'],
      key: 'data-race READ 4|counter_get|worker',
    });
  });

  // Real ClusterFuzz test data; the expected states are ClusterFuzz's own (stack_analyzer_test.py).
  it('agrees with ClusterFuzz on its LSan direct-leak report (the indirect leak before it has only runtime frames)', () => {
    const text = fixture('clusterfuzz-lsan-direct-leak.txt');
    assert.deepEqual(parseSanitizerReport(text), {
      sanitizer: 'LeakSanitizer',
      crashType: 'direct-leak',
      frames: ['xmlStrndup', 'xmlStrdup', 'xmlGetPropNodeValueInternal'],
      key: 'direct-leak|xmlStrndup|xmlStrdup|xmlGetPropNodeValueInternal',
    });
  });

  it('agrees with ClusterFuzz on its TSan data-race report', () => {
    const text = fixture('clusterfuzz-tsan-data-race.txt');
    assert.equal(parseSanitizerReport(text)?.key, 'data-race WRITE 4|sqlite3StatusSet|pcache1Alloc|pcache1AllocPage');
  });

  it('falls back to an indirect leak when there is no direct one', () => {
    const text = `==5==ERROR: LeakSanitizer: detected memory leaks

Indirect leak of 24 byte(s) in 1 object(s) allocated from:
    #0 0x4c3e8e in calloc /src/llvm-project/compiler-rt/lib/lsan/lsan_interceptors.cpp:90:3
    #1 0x4f1a2b in json_object_new /src/jsonc/json_object.c:232:36

SUMMARY: LeakSanitizer: 24 byte(s) leaked in 1 allocation(s).
`;
    assert.equal(parseSanitizerReport(text)?.key, 'indirect-leak|json_object_new');
  });
});

describe('parseSanitizerReport: no signature', () => {
  it('returns undefined for text without a sanitizer report', () => {
    assert.equal(parseSanitizerReport(''), undefined);
    assert.equal(parseSanitizerReport('Segmentation fault (core dumped)\n#1 priority: fix the parser'), undefined);
  });

  it('returns undefined when no frame names the crash site', () => {
    const onlyRuntime = `==3==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602 at pc 0x1 bp 0x2 sp 0x3
READ of size 1 at 0x602 thread T0
    #0 0x4c in __asan_memcpy /src/llvm-project/compiler-rt/lib/asan/asan_interceptors_memintrinsics.cpp:22:3
    #1 0x4d in main /src/poc.c:5:3
`;
    assert.equal(parseSanitizerReport(onlyRuntime), undefined);
  });
});
