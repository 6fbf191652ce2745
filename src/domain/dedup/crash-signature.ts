/*
 * Crash signatures of sanitizer reports (AddressSanitizer, UndefinedBehaviorSanitizer,
 * LeakSanitizer, MemorySanitizer, ThreadSanitizer), as clang 14–16 print them: the
 * crash type and the top three meaningful frames of the crashing stack, the way
 * ClusterFuzz's crash state deduplicates fuzzer crashes.
 *
 * Hand-written: ClusterFuzz's stack analyzer is Python, and no npm package parses
 * sanitizer output.
 */

import { accessFromLine, headerCrashType, ubsanCrashType } from './crash-types.js';
import { parseFrameLine, signatureFrameName, type StackFrame } from './stack-frame.js';

export type SanitizerName =
  | 'AddressSanitizer'
  | 'UndefinedBehaviorSanitizer'
  | 'LeakSanitizer'
  | 'MemorySanitizer'
  | 'ThreadSanitizer';

export interface CrashSignature {
  readonly sanitizer: SanitizerName;
  /** e.g. `heap-buffer-overflow READ 4`, `stack-use-after-return`, `signed-integer-overflow`, `direct-leak`. */
  readonly crashType: string;
  /** The top meaningful frames, normalized (at most {@link SIGNATURE_FRAMES}). */
  readonly frames: readonly string[];
  /** `crashType|f1|f2|f3`: equal keys mean the same crash. */
  readonly key: string;
}

/** Frames in a signature, as in ClusterFuzz's crash state. */
export const SIGNATURE_FRAMES = 3;

const SANITIZER_HEADER =
  /(?:ERROR|WARNING): (AddressSanitizer|LeakSanitizer|MemorySanitizer|ThreadSanitizer|UndefinedBehaviorSanitizer): (.*)$/;
const UBSAN_RUNTIME_ERROR = /(?:^|\s)(\S+?): runtime error: (.*)$/;
const LEAK_BLOCK = /^\s*(Direct|Indirect) leak of \d+ byte/;
/** Lines that end the crashing stack's search: later sections describe other stacks. */
const SECTION_END =
  /allocated by thread|freed by thread|previously allocated by|is located|created at:|created by|Uninitialized value was|SUMMARY:|runtime error:|(?:ERROR|WARNING): \w+Sanitizer|leak of \d+ byte/;

interface FrameBlock {
  readonly frames: readonly StackFrame[];
  /** Lines between the section start and the first frame. */
  readonly preamble: readonly string[];
}

/** The first stack after line `start`, unless another section begins first. */
function stackAfter(lines: readonly string[], start: number): FrameBlock {
  const preamble: string[] = [];
  let i = start + 1;
  for (; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (parseFrameLine(line)) break;
    if (SECTION_END.test(line)) return { frames: [], preamble };
    preamble.push(line);
  }
  const frames: StackFrame[] = [];
  for (; i < lines.length; i += 1) {
    const frame = parseFrameLine(lines[i] ?? '');
    if (!frame) break;
    frames.push(frame);
  }
  return { frames, preamble };
}

function topFrames(frames: readonly StackFrame[]): string[] {
  const names: string[] = [];
  for (const frame of frames) {
    const name = signatureFrameName(frame);
    if (name !== undefined) names.push(name);
    if (names.length === SIGNATURE_FRAMES) break;
  }
  return names;
}

function signature(sanitizer: SanitizerName, crashType: string, frames: readonly string[]): CrashSignature | undefined {
  if (frames.length === 0) return undefined;
  return { sanitizer, crashType, frames, key: [crashType, ...frames].join('|') };
}

/** LeakSanitizer: the first direct leak with a meaningful stack, else the first indirect one (as ClusterFuzz). */
function leakSignature(lines: readonly string[], start: number): CrashSignature | undefined {
  let indirect: string[] | undefined;
  for (let i = start; i < lines.length; i += 1) {
    const kind = LEAK_BLOCK.exec(lines[i] ?? '')?.[1];
    if (kind === undefined) continue;
    const frames = topFrames(stackAfter(lines, i).frames);
    if (frames.length === 0) continue;
    if (kind === 'Direct') return signature('LeakSanitizer', 'direct-leak', frames);
    indirect ??= frames;
  }
  return indirect && signature('LeakSanitizer', 'indirect-leak', indirect);
}

function headerSignature(
  lines: readonly string[],
  start: number,
  sanitizer: SanitizerName,
  description: string,
): CrashSignature | undefined {
  const block = stackAfter(lines, start);
  const access = [description, ...block.preamble].map(accessFromLine).find((found) => found !== undefined);
  const crashType = headerCrashType(description);
  return signature(sanitizer, access === undefined ? crashType : `${crashType} ${access}`, topFrames(block.frames));
}

/**
 * UBSan: the stack printed under UBSAN_OPTIONS=print_stacktrace=1, or else the
 * source file's name (without its line), the only place the message itself names.
 */
function ubsanSignature(lines: readonly string[], start: number, location: string, message: string): CrashSignature | undefined {
  const crashType = ubsanCrashType(message);
  const frames = topFrames(stackAfter(lines, start).frames);
  if (frames.length > 0) return signature('UndefinedBehaviorSanitizer', crashType, frames);
  const file = location.replace(/(?::\d+)+$/, '').split(/[/\\]/).at(-1) ?? '';
  return /^[\w.+-]+$/.test(file) ? signature('UndefinedBehaviorSanitizer', crashType, [file]) : undefined;
}

/**
 * The signature of the first sanitizer report in `text` that names a crash site;
 * `undefined` when the text holds no sanitizer report, or none with a frame or
 * source file to name (a crash type alone would join unrelated crashes).
 */
export function parseSanitizerReport(text: string): CrashSignature | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  // The leak search reads to the end of the text, so one search answers for every LSan report.
  let leaksSearched = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const header = SANITIZER_HEADER.exec(line);
    const ubsan = header ? undefined : UBSAN_RUNTIME_ERROR.exec(line);
    let found: CrashSignature | undefined;
    if (header?.[1] === 'LeakSanitizer') {
      found = leaksSearched ? undefined : leakSignature(lines, i);
      leaksSearched = true;
    } else if (header) {
      found = headerSignature(lines, i, header[1] as SanitizerName, header[2] ?? '');
    } else if (ubsan) {
      found = ubsanSignature(lines, i, ubsan[1] ?? '', ubsan[2] ?? '');
    }
    if (found) return found;
  }
  return undefined;
}
