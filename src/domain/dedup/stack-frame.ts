/*
 * One frame of a sanitizer stack trace, and the name it contributes to a crash
 * signature. The rules follow ClusterFuzz's crash-state normalization
 * (clusterfuzz/stacktraces: `_filter_stack_frame`, `STACK_FRAME_IGNORE_REGEXES`):
 * function names only, anonymous namespaces dropped, and frames of the sanitizer
 * runtime, its interceptors, libc, the C++ runtime, allocators and fuzzing
 * harnesses skipped, so the same bug seen from different builds, paths and
 * harnesses gets the same frames.
 */

/** A parsed frame line, e.g. `#1 0x4f2a31 in png_read_row /src/libpng/pngread.c:601:7`. */
export interface StackFrame {
  readonly index: number;
  /** As printed (demangled), when symbolized. */
  readonly function?: string;
  readonly file?: string;
  /** The binary or shared object, when printed (`(module+0xoffset)`). */
  readonly module?: string;
}

// `#N`, then an address (ASan, MSan, UBSan, LSan) or none (TSan's default format), then `in ` when symbolized.
const FRAME_LINE = /^\s*#(\d+)\s+(?:(?:0x[0-9a-fA-F]+|<null>)\s+)?(?:in\s+)?(.*)$/;
const MODULE_SUFFIX = /(?:^|\s)\(([^()\s]+?)(?:\+0x[0-9a-fA-F]+)?\)$/;
/** `file:line[:col]`, a path without a line (line 0), or the symbolizer's unknowns. */
const FILE_TOKEN = /^(?:\S+:(?:\d+|\?)(?::\d+)?|\S*\/\S*|<null>|\?\?)$/;

/** Parses one stack-frame line; anything else gives `undefined`. */
export function parseFrameLine(line: string): StackFrame | undefined {
  const match = FRAME_LINE.exec(line);
  if (!match) return undefined;
  let rest = (match[2] ?? '')
    .replace(/\s+\(BuildId: [0-9a-fA-F]+\)$/, '')
    .replace(/\s+\(discriminator \d+\)$/, '')
    .trim();
  const frame: { index: number; function?: string; file?: string; module?: string } = { index: Number(match[1]) };
  if (rest.endsWith('(<unknown module>)')) return frame;
  const moduleMatch = MODULE_SUFFIX.exec(rest);
  if (moduleMatch) {
    frame.module = moduleMatch[1];
    rest = rest.slice(0, moduleMatch.index).trim();
  }
  const lastSpace = rest.lastIndexOf(' ');
  const lastToken = rest.slice(lastSpace + 1);
  if (lastSpace > 0 && FILE_TOKEN.test(lastToken)) {
    if (lastToken !== '<null>' && !lastToken.startsWith('??')) frame.file = lastToken.replace(/(?::\d+|:\?)+$/, '');
    rest = rest.slice(0, lastSpace).trim();
  }
  if (rest !== '' && rest !== '<null>') frame.function = rest;
  return frame;
}

const OPERATOR_NAME =
  /^operator(?:\s*(?:new\[\]|delete\[\]|\(\)|\[\]|->\*?|<=>|<<=?|>>=?|&&|\|\||\+\+|--|[-+*/%^&|~!=<>,]=?)|\s+[A-Za-z_][\w:]*)/;

/** Removes template arguments and parameter lists at any depth, keeping operator names whole. */
function stripGroups(name: string): string {
  let out = '';
  const open: string[] = [];
  for (let i = 0; i < name.length; i += 1) {
    const before = name[i - 1];
    if (open.length === 0 && (before === undefined || !/[\w$]/.test(before))) {
      const operator = OPERATOR_NAME.exec(name.slice(i))?.[0];
      if (operator) {
        out += operator;
        i += operator.length - 1;
        continue;
      }
    }
    const char = name[i] ?? '';
    if (char === '<' || char === '(') open.push(char);
    else if (char === '>' && open.at(-1) === '<') open.pop();
    else if (char === ')' && open.includes('(')) open.splice(open.lastIndexOf('('));
    else if (open.length === 0) out += char;
  }
  return out;
}

/** Rust's `<Type<T> as Trait>::method` becomes `Type<T>::method`. */
function dropTraitQualifier(name: string): string {
  if (!name.startsWith('<')) return name;
  let depth = 0;
  let asAt = -1;
  for (let i = 0; i < name.length; i += 1) {
    const char = name[i];
    if (char === '<') depth += 1;
    else if (char === '>') depth -= 1;
    if (depth === 1 && asAt < 0 && name.startsWith(' as ', i)) asAt = i;
    if (depth === 0) return asAt < 0 ? name : name.slice(1, asAt) + name.slice(i + 1);
  }
  return name;
}

/**
 * The bare, qualified function name: no return type, parameters, template arguments,
 * ABI tags, cv-qualifiers, offsets, anonymous namespaces, thunk prefixes, compiler
 * clone suffixes (`.cold`, `.isra.0`, `.llvm.123`), Rust symbol hashes or Rust
 * trait qualifiers.
 */
export function normalizeFunctionName(raw: string): string {
  let name = dropTraitQualifier(raw.trim())
    .replace(/^(?:non-virtual |virtual |covariant return )thunk to /, '')
    .replace(/\(anonymous namespace\)::|`anonymous namespace'::|\{anonymous\}::/g, '')
    .replace(/\[abi:[^\]]*\]/g, '')
    .replace(/\+0x[0-9a-fA-F]+$/, '');
  name = stripGroups(name).replace(/\s+/g, ' ').trim();
  let previous;
  do {
    previous = name;
    name = name
      .replace(/\s*(?:\bconst|\bvolatile|\bnoexcept|&&|&)$/, '')
      .replace(/\.(?:cold|part|isra|constprop|lto_priv|llvm)(?:\.\d+)*$/, '')
      .replace(/::h[0-9a-f]{16}$/, '')
      .trim();
  } while (name !== previous);
  const operatorAt = name.search(/(?:^|[\s:])operator\b/);
  const start = operatorAt >= 0 ? name.lastIndexOf(' ', operatorAt) + 1 : name.lastIndexOf(' ') + 1;
  return name.slice(start).replace(/^::/, '');
}

/** Frames that name the sanitizer, libc, the C++ runtime or the harness, never the bug. */
const IGNORED_FUNCTION = new RegExp(
  [
    '^_{1,3}(?:asan|lsan|msan|tsan|ubsan|hwasan|sanitizer|interceptor|interception)[_:]',
    '^(?:asan|lsan|msan|tsan|hwasan)_',
    '^_{1,2}(?:libc_|GI_|cxa_|assert|chk_fail|fortify_fail|pthread_kill|run_exit_handlers|dl_)',
    '^_start',
    '^(?:start_thread|main|abort|raise|gsignal|exit|tgkill|pthread_kill|pthread_create|(?:__)?clone3?)$',
    '^(?:malloc|calloc|realloc|reallocarray|free|cfree|valloc|pvalloc|memalign|posix_memalign|aligned_alloc)$',
    '^operator (?:new|delete)',
    '^(?:__)?(?:mem(?:cmp|cpy|move|set|chr)|bcmp|str(?:n?cmp|n?cpy|n?cat|n?len|n?dup|r?chr|str|casecmp))',
    '^(?:std::(?:__\\d+::)?)?(?:allocator|allocator_traits|__libcpp_allocate|__libcpp_deallocate|__libcpp_operator_new|__libcpp_operator_delete|__allocate_at_least)(?:::|$)',
    '^(?:std::|__gnu_cxx::)(?:__)?new_allocator::',
    '^(?:LLVMFuzzerTestOneInput|fuzzer::)',
  ].join('|'),
);

const IGNORED_FILE = /(?:^|\/)(?:compiler-rt|sanitizer_common|libc\+\+|libcxx|libcxxabi|libstdc\+\+[^/]*|csu|sysdeps|nptl)\/|\/include\/c\+\+\/|\/glibc-/;

const IGNORED_MODULE =
  /^(?:libclang_rt\.|lib(?:a|l|m|t|ub|hwa)san\.so|libc\.so|libc-|libm\.so|libpthread|libdl|libgcc_s|libstdc\+\+|libc\+\+|ld-linux|ld-musl|linux-vdso|\[vdso\])/;

function basename(path: string): string {
  return path.split(/[/\\]/).at(-1) ?? path;
}

/**
 * The name a frame contributes to a crash signature: its normalized function, or,
 * for a frame without symbols, its module's file name; `undefined` for a frame to
 * skip.
 */
export function signatureFrameName(frame: StackFrame): string | undefined {
  const file = frame.file?.replace(/\\/g, '/');
  if (file !== undefined && IGNORED_FILE.test(file)) return undefined;
  const module = frame.module === undefined ? undefined : basename(frame.module);
  if (module !== undefined && IGNORED_MODULE.test(module)) return undefined;
  if (frame.function !== undefined) {
    const name = normalizeFunctionName(frame.function);
    return name.length < 2 || IGNORED_FUNCTION.test(name) ? undefined : name;
  }
  return module;
}
