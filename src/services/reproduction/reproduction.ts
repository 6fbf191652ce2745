/*
 * Reproduction of a vulnerability report: run its proof of concept (PoC) against a target
 * build in the sandbox and compare the sanitizer's crash signature with the report's.
 *
 * The rules, in order:
 *  - invalid: the PoC cannot be run at all: it is empty, or the target is missing, not a
 *    file, not executable, or cannot be started;
 *  - not_reproduced: the run hit a limit (wall-clock time, memory, CPU time), named in the detail;
 *  - not_reproduced: no sanitizer report, whether the program exited cleanly or not;
 *  - not_reproduced: a sanitizer report whose signature differs from the report's ("crashed
 *    differently", naming both);
 *  - reproduced: a sanitizer report whose signature key equals the report's, or, when the
 *    report gives no signature, any sanitizer report.
 * `unvalidated` is a report's status before any run; a run never ends in it.
 */
import { parseSanitizerReport, type CrashSignature } from '../../domain/dedup/crash-signature.js';
import { ServiceError } from '../service-error.js';
import { DEFAULT_SANDBOX_LIMITS, runSandboxed, SANDBOX_INPUT_PATH, UnrunnableTargetError, type SandboxLimits, type SandboxResult } from './sandbox.js';

export type ReproductionStatus = 'unvalidated' | 'reproduced' | 'not_reproduced' | 'invalid';

export interface ReproductionTarget {
  /** The target build's program, as a path on this host. */
  readonly executable: string;
  /** Arguments; `{poc}` is replaced by the PoC's path in the sandbox. With no `{poc}`, the PoC is given on stdin. */
  readonly args: readonly string[];
}

export interface ReproductionRequest {
  readonly target: ReproductionTarget;
  readonly poc: Uint8Array;
  /** The report's crash signature. */
  readonly expected?: { readonly key: string } | undefined;
  readonly limits?: Partial<SandboxLimits>;
}

/** How the run ended, with the sanitizer's output (stderr) as evidence. */
export type RunSummary = Omit<SandboxResult, 'stdout' | 'stdoutTruncated'>;

export interface ReproductionResult {
  readonly status: Exclude<ReproductionStatus, 'unvalidated'>;
  /** The run's crash signature, when the sanitizer reported one. */
  readonly signature?: CrashSignature;
  /** Whether the run's signature equals the report's; false when the report gave none to compare. */
  readonly matches: boolean;
  /** Why, in a sentence. */
  readonly detail: string;
  /** Absent when the PoC could not be run. */
  readonly run?: RunSummary;
}

const POC_PLACEHOLDER = '{poc}';

function checkRequest(request: ReproductionRequest): void {
  const { args } = request.target;
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) throw new ServiceError('invalid', 'target.args must be a list of strings', 'target.args');
  const key: unknown = request.expected?.key;
  if (request.expected !== undefined && (typeof key !== 'string' || key === '')) {
    throw new ServiceError('invalid', 'expected.key must be a crash signature key, such as "heap-buffer-overflow READ 4|parse|main_loop"', 'expected.key');
  }
}

function summary(run: SandboxResult): RunSummary {
  const { stdout: _stdout, stdoutTruncated: _stdoutTruncated, ...rest } = run;
  return rest;
}

function limitDetail(run: SandboxResult, given: Partial<SandboxLimits> | undefined): string | undefined {
  const limit = (name: keyof SandboxLimits) => given?.[name] ?? DEFAULT_SANDBOX_LIMITS[name];
  if (run.timedOut) return `The run was stopped at the wall-clock limit of ${limit('timeoutMs')} ms before it finished.`;
  if (run.memoryExceeded) return `The run was stopped at the memory limit of ${limit('memoryMb')} MiB.`;
  if (run.cpuTimeExceeded) return `The run was stopped at the CPU time limit of ${limit('cpuSeconds')} s.`;
  return undefined;
}

function endingOf(run: SandboxResult): string {
  return run.signal === null ? `exited with status ${run.exitCode ?? 'unknown'}` : `was killed by ${run.signal}`;
}

/** Runs the PoC and judges the run (see the rules above). Throws ServiceError for a malformed request, SandboxUnavailableError when the sandbox cannot run. */
export async function reproduce(request: ReproductionRequest): Promise<ReproductionResult> {
  checkRequest(request);
  const { target, poc, expected, limits } = request;
  if (!(poc instanceof Uint8Array) || poc.length === 0) return { status: 'invalid', matches: false, detail: 'The proof of concept is empty: there is nothing to run.' };
  const pocInArgs = target.args.some((arg) => arg.includes(POC_PLACEHOLDER));
  let run: SandboxResult;
  try {
    run = await runSandboxed({
      executable: target.executable,
      args: target.args.map((arg) => arg.replaceAll(POC_PLACEHOLDER, SANDBOX_INPUT_PATH)),
      input: poc,
      inputOnStdin: !pocInArgs,
      limits,
    });
  } catch (error) {
    if (error instanceof UnrunnableTargetError) return { status: 'invalid', matches: false, detail: `The proof of concept cannot be run: ${error.message}.` };
    throw error;
  }

  const limitReason = limitDetail(run, limits);
  if (limitReason !== undefined) return { status: 'not_reproduced', matches: false, detail: limitReason, run: summary(run) };
  const signature = parseSanitizerReport(run.stderr);
  if (signature === undefined) {
    return { status: 'not_reproduced', matches: false, detail: `The target ${endingOf(run)} without a sanitizer report.`, run: summary(run) };
  }
  if (expected === undefined) {
    return { status: 'reproduced', signature, matches: false, detail: `The target crashed with ${signature.key}; the report gave no signature to compare.`, run: summary(run) };
  }
  if (signature.key === expected.key) {
    return { status: 'reproduced', signature, matches: true, detail: `The target crashed with the report's signature, ${signature.key}.`, run: summary(run) };
  }
  return {
    status: 'not_reproduced',
    signature,
    matches: false,
    detail: `The target crashed differently: the report expects ${expected.key}, the run gave ${signature.key}.`,
    run: summary(run),
  };
}
