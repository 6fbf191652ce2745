import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSanitizerReport, type CrashSignature } from '../../domain/dedup/crash-signature.js';
import { ServiceError } from '../service-error.js';
import { compileFixture } from './fixtures/compile.js';
import { reproduce } from './reproduction.js';
import { runSandboxed, SANDBOX_INPUT_PATH } from './sandbox.js';

const bytes = (text: string) => Buffer.from(text);

/** The signature of a first run, as a report would carry it. */
async function firstRunSignature(executable: string, args: readonly string[], poc: string): Promise<CrashSignature> {
  const usesFile = args.some((arg) => arg.includes('{poc}'));
  const run = await runSandboxed({
    executable,
    args: args.map((arg) => arg.replaceAll('{poc}', SANDBOX_INPUT_PATH)),
    input: bytes(poc),
    inputOnStdin: !usesFile,
  });
  const signature = parseSanitizerReport(run.stderr);
  assert.ok(signature, `a sanitizer report in:\n${run.stderr}`);
  return signature;
}

describe('reproduce', () => {
  let folder: string;
  const programs: Record<string, string> = {};
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ch-reproduction-test-'));
    const builds: [string, string[]][] = [
      ['heap-buffer-overflow', ['-fsanitize=address']],
      ['use-after-free', ['-fsanitize=address']],
      ['stack-buffer-overflow', ['-fsanitize=address']],
      ['signed-integer-overflow', ['-fsanitize=undefined']],
      ['magic-input', ['-fsanitize=address']],
      ['sandbox-probe', ['-fsanitize=address']],
    ];
    await Promise.all(builds.map(async ([name, flags]) => (programs[name] = await compileFixture(folder, name, flags))));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  describe('reproduces real memory-safety bugs with their signatures', () => {
    const cases: { program: string; args: string[]; poc: string; crashType: string; frames: string[] }[] = [
      { program: 'heap-buffer-overflow', args: [], poc: 'a name longer than eight bytes', crashType: 'heap-buffer-overflow WRITE 1', frames: ['copy_name', 'parse_record'] },
      { program: 'use-after-free', args: ['{poc}'], poc: 'open\nclose\nlength\n', crashType: 'heap-use-after-free READ 4', frames: ['session_length', 'run_command'] },
      { program: 'stack-buffer-overflow', args: [], poc: 'a line longer than sixteen bytes\n', crashType: 'stack-buffer-overflow WRITE 1', frames: ['read_word', 'parse_command'] },
      { program: 'signed-integer-overflow', args: [], poc: '3000000', crashType: 'signed-integer-overflow', frames: ['scale_reading', 'parse_reading'] },
    ];
    for (const { program, args, poc, crashType, frames } of cases) {
      it(`${program}: ${crashType} in ${frames[0]}`, async () => {
        const expected = await firstRunSignature(programs[program]!, args, poc);
        assert.equal(expected.crashType, crashType);
        assert.deepEqual(expected.frames, frames);

        const result = await reproduce({ target: { executable: programs[program]!, args }, poc: bytes(poc), expected: { key: expected.key } });
        assert.equal(result.status, 'reproduced', result.detail);
        assert.equal(result.matches, true);
        assert.deepEqual(result.signature, expected);
        assert.equal(result.detail, `The target crashed with the report's signature, ${crashType}|${frames.join('|')}.`);
        assert.equal(result.run?.exitCode, 1);
      });
    }
  });

  it('counts any sanitizer crash as reproduced when the report gives no signature', async () => {
    const result = await reproduce({ target: { executable: programs['magic-input']!, args: [] }, poc: bytes('OVERFLOW and then some') });
    assert.equal(result.status, 'reproduced');
    assert.equal(result.matches, false);
    assert.equal(result.signature?.key, 'heap-buffer-overflow WRITE 1|handle_overflow');
    assert.match(result.detail, /gave no signature to compare/);
  });

  it('does not reproduce with a PoC that does not trigger the bug', async () => {
    const expected = await firstRunSignature(programs['magic-input']!, [], 'OVERFLOW and then some');
    const result = await reproduce({ target: { executable: programs['magic-input']!, args: [] }, poc: bytes('hello'), expected });
    assert.equal(result.status, 'not_reproduced');
    assert.equal(result.signature, undefined);
    assert.equal(result.run?.exitCode, 0);
    assert.equal(result.detail, 'The target exited with status 0 without a sanitizer report.');
  });

  it('does not reproduce when the PoC crashes differently, naming both signatures', async () => {
    const expected = await firstRunSignature(programs['magic-input']!, [], 'OVERFLOW and then some');
    assert.equal(expected.key, 'heap-buffer-overflow WRITE 1|handle_overflow');
    const result = await reproduce({ target: { executable: programs['magic-input']!, args: [] }, poc: bytes('FREE'), expected: { key: expected.key } });
    assert.equal(result.status, 'not_reproduced');
    assert.equal(result.matches, false);
    assert.equal(result.signature?.key, 'heap-use-after-free READ 4|handle_free');
    assert.equal(
      result.detail,
      'The target crashed differently: the report expects heap-buffer-overflow WRITE 1|handle_overflow, the run gave heap-use-after-free READ 4|handle_free.',
    );
  });

  it('does not reproduce a run stopped at the wall-clock limit, and says so', async () => {
    const target = { executable: programs['sandbox-probe']!, args: ['spin', 'reproduction-timeout'] };
    const result = await reproduce({ target, poc: bytes('x'), limits: { timeoutMs: 1500 } });
    assert.equal(result.status, 'not_reproduced');
    assert.equal(result.run?.timedOut, true);
    assert.equal(result.detail, 'The run was stopped at the wall-clock limit of 1500 ms before it finished.');
  });

  it('does not reproduce a run stopped at the memory limit, and says so', async () => {
    const result = await reproduce({ target: { executable: programs['sandbox-probe']!, args: ['hog'] }, poc: bytes('x'), limits: { memoryMb: 64 } });
    assert.equal(result.status, 'not_reproduced');
    assert.equal(result.run?.memoryExceeded, true);
    assert.equal(result.detail, 'The run was stopped at the memory limit of 64 MiB.');
  });

  describe('invalid: a PoC that cannot be run at all', () => {
    it('is empty', async () => {
      const result = await reproduce({ target: { executable: programs['heap-buffer-overflow']!, args: [] }, poc: new Uint8Array() });
      assert.equal(result.status, 'invalid');
      assert.equal(result.run, undefined);
      assert.equal(result.detail, 'The proof of concept is empty: there is nothing to run.');
    });

    it('targets a program that does not exist', async () => {
      const missing = join(folder, 'no-such-build');
      const result = await reproduce({ target: { executable: missing, args: ['{poc}'] }, poc: bytes('x') });
      assert.equal(result.status, 'invalid');
      assert.equal(result.detail, `The proof of concept cannot be run: the target ${missing} does not exist.`);
    });

    it('targets a file that is not executable', async () => {
      const source = new URL('./fixtures/magic-input.c', import.meta.url).pathname;
      const result = await reproduce({ target: { executable: source, args: [] }, poc: bytes('x') });
      assert.equal(result.status, 'invalid');
      assert.match(result.detail, /magic-input\.c is not executable\.$/);
    });
  });

  describe('malformed requests', () => {
    it('rejects an empty expected signature key', async () => {
      const request = { target: { executable: programs['magic-input']!, args: [] }, poc: bytes('x'), expected: { key: '' } };
      await assert.rejects(reproduce(request), (error: unknown) => error instanceof ServiceError && error.field === 'expected.key');
    });

    it('rejects a bad limit, naming it', async () => {
      const request = { target: { executable: programs['magic-input']!, args: [] }, poc: bytes('x'), limits: { memoryMb: -1 } };
      await assert.rejects(reproduce(request), (error: unknown) => error instanceof ServiceError && error.field === 'limits.memoryMb');
    });
  });
});
