/*
 * Runs an untrusted program under bubblewrap: no network, a read-only system, a private
 * /tmp, an unprivileged user without capabilities, and limits on wall-clock time, CPU
 * time, memory and output. No npm package sandboxes a process; bubblewrap (Flatpak's
 * sandbox) does, without root or a daemon.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, open, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { ServiceError } from '../service-error.js';
import { bwrapArgs } from './bwrap-command.js';
import { CappedOutput } from './capped-output.js';
import { processTreeMemory } from './process-tree.js';

export { SANDBOX_INPUT_PATH, SANDBOX_TARGET_PATH } from './bwrap-command.js';

export interface SandboxLimits {
  /** Wall-clock time before the whole sandbox is killed. */
  readonly timeoutMs: number;
  /** CPU time of each process (RLIMIT_CPU): SIGXCPU when used up. */
  readonly cpuSeconds: number;
  /** Resident memory of all the sandbox's processes together; also the size of its /tmp. */
  readonly memoryMb: number;
  /** Bytes kept of stdout, and of stderr. */
  readonly outputBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { timeoutMs: 60_000, cpuSeconds: 30, memoryMb: 2048, outputBytes: 1 << 20 };

const LIMIT_RANGES: Readonly<Record<keyof SandboxLimits, readonly [number, number]>> = {
  timeoutMs: [1, 86_400_000],
  cpuSeconds: [1, 86_400],
  memoryMb: [16, 1 << 20],
  outputBytes: [1, 256 << 20],
};

export interface SandboxOptions {
  /** The program, as a path on this host. */
  readonly executable: string;
  readonly args?: readonly string[];
  /** Bytes to bind read-only at SANDBOX_INPUT_PATH (bwrap-command.ts). */
  readonly input?: Uint8Array;
  /** Also give the input on standard input (otherwise stdin is empty). */
  readonly inputOnStdin?: boolean;
  readonly limits?: Partial<SandboxLimits>;
}

export interface SandboxResult {
  /** The program's exit status; null when it died from a signal or was killed. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly memoryExceeded: boolean;
  readonly cpuTimeExceeded: boolean;
  readonly stdout: string;
  readonly stdoutTruncated: boolean;
  readonly stderr: string;
  readonly stderrTruncated: boolean;
  readonly durationMs: number;
}

/** The sandbox cannot run here: bwrap or prlimit is missing, or bwrap could not set up. */
export class SandboxUnavailableError extends Error {}

/** The program cannot be run at all: missing, not a file, not executable, or exec failed. */
export class UnrunnableTargetError extends ServiceError {
  constructor(message: string) {
    super('invalid', message, 'executable');
  }
}

/** Why `path` cannot be run, or `undefined` when it is an executable file. */
async function executableProblem(path: string): Promise<string | undefined> {
  if (typeof path !== 'string' || path === '' || path.includes('\0')) return 'path is empty or not a valid path';
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error.code ?? 'unreadable');
  if (typeof info === 'string') return info === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${info})`;
  if (!info.isFile()) return `${path} is not a file`;
  return (await isExecutable(path)) ? undefined : `${path} is not executable`;
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, fsConstants.X_OK).then(
    () => true,
    () => false,
  );
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, name);
    if (folder !== '' && (await isExecutable(candidate))) return candidate;
  }
  return undefined;
}

function checkedLimits(given: Partial<SandboxLimits> | undefined): SandboxLimits {
  const limits = { ...DEFAULT_SANDBOX_LIMITS };
  for (const name of Object.keys(LIMIT_RANGES) as (keyof SandboxLimits)[]) {
    const value: unknown = given?.[name] ?? DEFAULT_SANDBOX_LIMITS[name];
    const [min, max] = LIMIT_RANGES[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ServiceError('invalid', `limits.${name} must be a whole number from ${min} to ${max}, not ${String(value)}`, `limits.${name}`);
    }
    limits[name] = value;
  }
  return limits;
}

function checkOptions(options: SandboxOptions): void {
  (options.args ?? []).forEach((arg: unknown, index) => {
    if (typeof arg !== 'string' || arg.includes('\0')) throw new ServiceError('invalid', 'each argument must be a string without NUL characters', `args[${index}]`);
  });
  if (options.input !== undefined && !(options.input instanceof Uint8Array)) throw new ServiceError('invalid', 'input must be bytes', 'input');
  if (options.inputOnStdin === true && options.input === undefined) throw new ServiceError('invalid', 'inputOnStdin needs an input', 'inputOnStdin');
}

/**
 * Runs `options.executable` in the sandbox and reports how it ended.
 * Throws ServiceError for bad options, UnrunnableTargetError when the program cannot be
 * run, SandboxUnavailableError when the sandbox cannot.
 */
export async function runSandboxed(options: SandboxOptions): Promise<SandboxResult> {
  const limits = checkedLimits(options.limits);
  checkOptions(options);
  const problem = await executableProblem(options.executable);
  if (problem !== undefined) throw new UnrunnableTargetError(`the target ${problem}`);
  const [bwrap, prlimit] = await Promise.all([findOnPath('bwrap'), findOnPath('prlimit')]);
  if (bwrap === undefined) throw new SandboxUnavailableError('bwrap is not on PATH: install bubblewrap (Debian package "bubblewrap")');
  if (prlimit === undefined) throw new SandboxUnavailableError('prlimit is not on PATH: install util-linux (it sets the CPU time limit)');
  const workFolder = await mkdtemp(join(tmpdir(), 'clearinghouse-sandbox-'));
  let stdin: FileHandle | undefined;
  try {
    const inputPath = join(workFolder, 'input');
    if (options.input !== undefined) await writeFile(inputPath, options.input, { mode: 0o444 });
    if (options.inputOnStdin === true) stdin = await open(inputPath, 'r');
    const args = await bwrapArgs({ executable: resolve(options.executable), args: options.args ?? [], inputPath: options.input === undefined ? undefined : inputPath, limits });
    // prlimit sets RLIMIT_CPU and then execs bwrap, whose processes inherit it. Soft below hard: SIGXCPU, a signal that says why.
    const limited = [`--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`, '--core=0', bwrap, ...args];
    return await supervise(prlimit, limited, stdin?.fd, limits);
  } finally {
    await stdin?.close();
    await rm(workFolder, { recursive: true, force: true });
  }
}

/** How often the parent samples the sandbox's memory. */
const MEMORY_SAMPLE_MS = 25;

/** An ASan build stopping itself at hard_rss_limit_mb. */
const SANITIZER_MEMORY_LIMIT = /^==\d+==\w*Sanitizer: hard rss limit exhausted/m;

const SIGNAL_NAMES = new Map(Object.entries(osConstants.signals).map(([name, number]) => [number, name as NodeJS.Signals]));

/** The program's exit, from bwrap's `{"exit-code": N}` status line; bwrap reports death by signal S as 128 + S, as shells do. */
function programExit(statusLines: string): { exitCode: number | null; signal: NodeJS.Signals | null } | undefined {
  for (const line of statusLines.split('\n')) {
    let status: unknown;
    try {
      status = JSON.parse(line);
    } catch {
      continue;
    }
    const code = (status as { 'exit-code'?: unknown } | null)?.['exit-code'];
    if (typeof code !== 'number') continue;
    const signal = code > 128 ? SIGNAL_NAMES.get(code - 128) : undefined;
    return signal === undefined ? { exitCode: code, signal: null } : { exitCode: null, signal };
  }
  return undefined;
}

function supervise(command: string, args: readonly string[], stdinFd: number | undefined, limits: SandboxLimits): Promise<SandboxResult> {
  return new Promise((resolveRun, rejectRun) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: [stdinFd ?? 'ignore', 'pipe', 'pipe', 'pipe'], env: {} });
    const stdout = new CappedOutput(limits.outputBytes);
    const stderr = new CappedOutput(limits.outputBytes);
    let statusLines = '';
    child.stdout?.on('data', (chunk: Buffer) => stdout.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.write(chunk));
    (child.stdio[3] as Readable).on('data', (chunk: Buffer) => (statusLines += chunk.toString('utf8')));

    // Killing bwrap kills the rest: --die-with-parent, and the PID namespace ends with its first process.
    let stoppedFor: 'timeout' | 'memory' | undefined;
    const stop = (reason: 'timeout' | 'memory') => {
      stoppedFor ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), limits.timeoutMs);
    // RLIMIT_AS cannot limit memory: ASan reserves terabytes of address space it never touches;
    // a cgroup could, but needs a delegated cgroup that containers seldom have. So the parent
    // adds up the resident memory of the sandbox's process tree and kills it past the limit.
    let sampling = false;
    const watchdog = setInterval(() => {
      if (sampling || child.pid === undefined) return;
      sampling = true;
      void processTreeMemory(child.pid)
        .then(({ rssKib }) => {
          if (rssKib > limits.memoryMb * 1024) stop('memory');
        })
        .finally(() => {
          sampling = false;
        });
    }, MEMORY_SAMPLE_MS);
    const finish = () => {
      clearTimeout(timer);
      clearInterval(watchdog);
    };

    child.on('error', (error) => {
      finish();
      rejectRun(new SandboxUnavailableError(`could not start ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      finish();
      const exit = programExit(statusLines);
      if (exit === undefined && stoppedFor === undefined) {
        const message = stderr.text().trim();
        if (message.startsWith('bwrap: execvp ')) rejectRun(new UnrunnableTargetError(`the target could not be started (${message.slice('bwrap: '.length)})`));
        else rejectRun(new SandboxUnavailableError(`the sandbox did not start (exit ${code ?? signal}): ${message}`));
        return;
      }
      const { exitCode, signal: programSignal } = exit ?? { exitCode: null, signal };
      const errorText = stderr.text();
      resolveRun({
        exitCode,
        signal: programSignal,
        timedOut: stoppedFor === 'timeout',
        memoryExceeded: stoppedFor === 'memory' || SANITIZER_MEMORY_LIMIT.test(errorText),
        cpuTimeExceeded: programSignal === 'SIGXCPU',
        stdout: stdout.text(),
        stdoutTruncated: stdout.truncated,
        stderr: errorText,
        stderrTruncated: stderr.truncated,
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}
