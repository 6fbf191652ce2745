import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeFunctionName, parseFrameLine, signatureFrameName } from './stack-frame.js';

function nameOf(line: string): string | undefined {
  const frame = parseFrameLine(line);
  assert.ok(frame, `not a frame line: ${line}`);
  return signatureFrameName(frame);
}

describe('parseFrameLine', () => {
  it('reads symbolized, symbol-table-only, unsymbolized and TSan-format frames', () => {
    assert.deepEqual(parseFrameLine('    #0 0x55a4c1e8b3f1 in png_read_row /src/libpng/pngread.c:601:7'), {
      index: 0,
      function: 'png_read_row',
      file: '/src/libpng/pngread.c',
    });
    assert.deepEqual(parseFrameLine('    #1 0x4f7a21 in png_read_row (/out/libpng_read_fuzzer+0x4f7a21) (BuildId: 1f0a9b2c)'), {
      index: 1,
      function: 'png_read_row',
      module: '/out/libpng_read_fuzzer',
    });
    assert.deepEqual(parseFrameLine('    #2 0x4c8ed6  (/out/libpng_read_fuzzer+0x4c8ed6) (BuildId: 1f0a9b2c)'), {
      index: 2,
      module: '/out/libpng_read_fuzzer',
    });
    assert.deepEqual(parseFrameLine('    #0 Thread1 /tmp/race.c:7:10 (race+0xd0a9)'), {
      index: 0,
      function: 'Thread1',
      file: '/tmp/race.c',
      module: 'race',
    });
    assert.deepEqual(parseFrameLine('    #3 0x55a4c1e8d3c4 in png_read_image /src/libpng/pngread.c'), {
      index: 3,
      function: 'png_read_image',
      file: '/src/libpng/pngread.c',
    });
    assert.deepEqual(parseFrameLine('    #18 0x7fefa1c9d040 in Builtin_implHandleApiCall src/builtins.cc:1115 (discriminator 1)'), {
      index: 18,
      function: 'Builtin_implHandleApiCall',
      file: 'src/builtins.cc',
    });
  });

  it('keeps C++ signatures with spaces whole and rejects other lines', () => {
    assert.equal(
      parseFrameLine('    #4 0x7f in blink::XSLTProcessor::transformToDocument(blink::Node*) /b/XSLTProcessor.cpp:113')?.function,
      'blink::XSLTProcessor::transformToDocument(blink::Node*)',
    );
    assert.equal(parseFrameLine('    #0 0x7f45adfd4da2 in operator new(unsigned long)')?.function, 'operator new(unsigned long)');
    assert.equal(parseFrameLine('READ of size 4 at 0x602000000014 thread T0'), undefined);
    assert.equal(parseFrameLine('SUMMARY: AddressSanitizer: heap-buffer-overflow'), undefined);
  });
});

describe('normalizeFunctionName', () => {
  const cases: [string, string][] = [
    ['(anonymous namespace)::Parser::peek() const', 'Parser::peek'],
    ["`anonymous namespace'::Parser::peek", 'Parser::peek'],
    [
      'std::__1::vector<int, std::__1::allocator<int> > proj::Parser::parseList<int>(std::__1::basic_string_view<char> )',
      'proj::Parser::parseList',
    ],
    ['std::__cxx11::basic_string<char>::_M_construct[abi:cxx11](char const*)', 'std::__cxx11::basic_string::_M_construct'],
    ['non-virtual thunk to blink::Foo::bar()', 'blink::Foo::bar'],
    ['foo()::$_0::operator()() const', 'foo::$_0::operator()'],
    ['Foo::operator<(Foo const&) const', 'Foo::operator<'],
    ['Foo::operator->() const', 'Foo::operator->'],
    ['Foo::operator bool() const', 'Foo::operator bool'],
    ['operator delete[](void*)', 'operator delete[]'],
    ['png_read_row+0x1a', 'png_read_row'],
    ['inflate_fast.cold', 'inflate_fast'],
    ['decode_row.isra.0', 'decode_row'],
    ['png::decoder::Reader<R>::next_frame::h1a2b3c4d5e6f7a8b', 'png::decoder::Reader::next_frame'],
    ['<png::Decoder<R> as core::iter::Iterator>::next', 'png::Decoder::next'],
  ];
  for (const [raw, expected] of cases) {
    it(`${raw} → ${expected}`, () => assert.equal(normalizeFunctionName(raw), expected));
  }
});

describe('signatureFrameName', () => {
  it('skips sanitizer runtime, interceptor, allocator, libc, C++ runtime and harness frames', () => {
    const skipped = [
      '    #0 0x4c8ed6 in __asan_memcpy /src/llvm-project/compiler-rt/lib/asan/asan_interceptors_memintrinsics.cpp:22:3',
      '    #0 0x7f3b595f8acb in __interceptor_malloc ??:?',
      '    #0 0x7f3b595f8acb in __interceptor_strcpy.part.0 (/lib/x86_64-linux-gnu/libasan.so.8+0x7be2c)',
      '    #0 0x55d0d5a2f6be in malloc /src/llvm-project/compiler-rt/lib/lsan/lsan_interceptors.cpp:75:3',
      '    #0 0x7f45adfd4da2 in operator new(unsigned long)',
      '    #1 0x7f3b4ed87839 in __GI___strdup /build/buildd/eglibc-2.19/string/strdup.c:42',
      '    #2 0x7f0 in std::vector<int>::operator[](unsigned long) /usr/include/c++/12/bits/stl_vector.h:1123:2',
      '    #3 0x7f0 in std::__1::allocator<char>::allocate[abi:v160006](unsigned long) /usr/lib/llvm-16/bin/../include/c++/v1/__memory/allocator.h:114:38',
      '    #4 0x55 in LLVMFuzzerTestOneInput /src/fuzz/read_fuzzer.cc:12:3',
      '    #5 0x55 in fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerLoop.cpp:611:15',
      '    #6 0x55 in main /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerMain.cpp:20:10',
      '    #7 0x7f3a5e629d8f in __libc_start_call_main csu/../sysdeps/nptl/libc_start_call_main.h:58:16',
      '    #8 0x7f3a5e629d8f  (/lib/x86_64-linux-gnu/libc.so.6+0x29d8f) (BuildId: 69389d485a9793dbe873f0ea2c93e02efaa9aa3d)',
      '    #9 0x55d2a in _start (/out/read_fuzzer+0x2a2a4)',
      '    #20 0x7fee08409afa  (<unknown module>)',
      '    #1 <null> <null> (libc.so.6+0x94b42)',
    ];
    for (const line of skipped) assert.equal(nameOf(line), undefined, line);
  });

  it('keeps a frame without symbols as its module file name', () => {
    assert.equal(nameOf('    #1 0x7f8e2c1d3a51  (/usr/lib/x86_64-linux-gnu/libpng16.so.16+0x1ea51)'), 'libpng16.so.16');
    assert.equal(nameOf('    #0 0x4c8ed6  (/out/libpng_read_fuzzer+0x4c8ed6) (BuildId: 1f0a)'), 'libpng_read_fuzzer');
  });

  it('keeps user functions whose names merely start like runtime ones', () => {
    assert.equal(nameOf('    #0 0x55 in mainloop_step /src/app/loop.c:10:3'), 'mainloop_step');
    assert.equal(nameOf('    #0 0x55 in freetype_load_glyph /src/ft/glyph.c:10:3'), 'freetype_load_glyph');
    assert.equal(nameOf('    #0 0x55 in clone_node /src/tree.c:10:3'), 'clone_node');
  });
});
