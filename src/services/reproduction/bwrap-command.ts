/*
 * The bubblewrap command line: no network (every namespace unshared), an unprivileged
 * user without capabilities, a read-only system, a private size-limited /tmp, the program
 * and its input bound read-only at fixed paths, and a minimal environment.
 */
import { lstat, readlink } from 'node:fs/promises';
import type { SandboxLimits } from './sandbox.js';

/** Where the program and its input appear inside the sandbox, whatever they were called outside. */
export const SANDBOX_TARGET_PATH = '/tmp/sandbox/target';
export const SANDBOX_INPUT_PATH = '/tmp/sandbox/input';

/**
 * The host's system, read-only: /usr, the top-level folders or merged-/usr links into it,
 * and the dynamic linker's cache. Nothing else of the host is visible (no /etc, /home,
 * /root or /var), so a program cannot read the host's secrets and print them.
 */
async function systemBinds(): Promise<string[]> {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const path of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) args.push('--symlink', await readlink(path), path);
    else if (info?.isDirectory()) args.push('--ro-bind', path, path);
  }
  args.push('--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache');
  return args;
}

/**
 * Sanitizer settings: symbolized reports, stop at the first error and exit 1. ASan's
 * hard_rss_limit_mb makes an ASan build stop itself at the memory limit
 * (malloc_limit_mb is libFuzzer's flag: the sanitizer runtime ignores it).
 */
function sanitizerEnv(limits: SandboxLimits): string[] {
  const common = 'symbolize=1:color=never:halt_on_error=1:exitcode=1:disable_coredump=1';
  return [
    '--setenv', 'ASAN_OPTIONS', `${common}:abort_on_error=0:detect_leaks=1:print_summary=1:hard_rss_limit_mb=${limits.memoryMb}`,
    '--setenv', 'UBSAN_OPTIONS', `${common}:print_stacktrace=1:print_summary=1`,
  ];
}

/** What the sandbox runs: host paths, the program's arguments and the limits bwrap applies. */
export interface SandboxCommand {
  readonly executable: string;
  readonly args: readonly string[];
  /** The input file on this host, when there is one. */
  readonly inputPath: string | undefined;
  readonly limits: SandboxLimits;
}

/** bwrap's arguments, ending with the program and its arguments. */
export async function bwrapArgs({ executable, args, inputPath, limits }: SandboxCommand): Promise<string[]> {
  return [
    // As root, bwrap would keep every capability (enough to remount / read-write): drop them and run as nobody.
    '--unshare-all', '--unshare-user', '--uid', '65534', '--gid', '65534', '--cap-drop', 'ALL',
    '--die-with-parent', '--new-session',
    ...(await systemBinds()),
    '--dev', '/dev', '--proc', '/proc',
    // A tmpfs lives in memory, outside any process's RSS: its size bounds it.
    '--size', String(limits.memoryMb * 1024 * 1024), '--tmpfs', '/tmp',
    '--ro-bind', executable, SANDBOX_TARGET_PATH,
    ...(inputPath === undefined ? [] : ['--ro-bind', inputPath, SANDBOX_INPUT_PATH]),
    '--remount-ro', '/',
    '--chdir', '/tmp',
    '--clearenv', '--setenv', 'PATH', '/usr/bin:/bin', '--setenv', 'HOME', '/tmp',
    ...sanitizerEnv(limits),
    '--json-status-fd', '3',
    '--', SANDBOX_TARGET_PATH, ...args,
  ];
}
