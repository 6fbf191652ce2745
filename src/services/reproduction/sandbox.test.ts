import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ServiceError } from '../service-error.js';
import { compileFixture } from './fixtures/compile.js';
import { runSandboxed, SANDBOX_INPUT_PATH, SandboxUnavailableError, UnrunnableTargetError } from './sandbox.js';

const runOutside = promisify(execFile);

/** Command lines of the processes now running whose arguments include `marker`. */
function processesNamed(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let commandLine = '';
    try {
      commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (commandLine.split('\0').includes(marker)) found.push(commandLine);
  }
  return found;
}

describe('runSandboxed', () => {
  let folder: string;
  let probe: string;
  let plainProbe: string;
  let heapOverflow: string;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ch-sandbox-test-'));
    [probe, plainProbe, heapOverflow] = await Promise.all([
      compileFixture(folder, 'sandbox-probe', ['-fsanitize=address']),
      compileFixture(folder, 'sandbox-probe', [], 'sandbox-probe-plain'),
      compileFixture(folder, 'heap-buffer-overflow', ['-fsanitize=address']),
    ]);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it("runs an ASan build on its input and returns the sanitizer's symbolized report", async () => {
    const result = await runSandboxed({ executable: heapOverflow, input: Buffer.from('more than eight bytes'), inputOnStdin: true });
    assert.equal(result.exitCode, 1);
    assert.equal(result.signal, null);
    assert.match(result.stderr, /ERROR: AddressSanitizer: heap-buffer-overflow/);
    assert.match(result.stderr, /#0 0x[0-9a-f]+ in copy_name .*heap-buffer-overflow\.c:\d+/);
    assert.deepEqual([result.timedOut, result.memoryExceeded, result.cpuTimeExceeded], [false, false, false]);
  });

  it('binds the input read-only at a fixed path', async () => {
    const result = await runSandboxed({ executable: '/usr/bin/cat', args: [SANDBOX_INPUT_PATH], input: Buffer.from('proof of concept\n') });
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, 'proof of concept\n');
    const overwrite = await runSandboxed({ executable: probe, args: ['write', SANDBOX_INPUT_PATH], input: Buffer.from('x') });
    assert.equal(overwrite.stdout, 'write failed: Read-only file system\n');
  });

  describe('network', () => {
    let server: Server;
    let connections = 0;
    let port: number;
    before(async () => {
      server = createServer((socket) => {
        connections += 1;
        socket.destroy();
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });
    after(() => server.close());

    it('has none: a connection to a port listening on the host fails and never arrives', async () => {
      const arrived = once(server, 'connection');
      const outside = await runOutside(plainProbe, ['connect', String(port)]);
      assert.equal(outside.stdout, 'connected\n', 'the probe connects when run outside the sandbox');
      await arrived;
      assert.equal(connections, 1);

      const inside = await runSandboxed({ executable: probe, args: ['connect', String(port)] });
      assert.equal(inside.exitCode, 1);
      assert.match(inside.stdout, /^connect failed: /);
      assert.equal(connections, 1, 'the test server saw no connection from the sandbox');
    });
  });

  it('cannot write outside its /tmp: not to a host folder, not to the system', async () => {
    const outsidePath = join(folder, 'written-outside.txt');
    const outside = await runOutside(plainProbe, ['write', outsidePath]);
    assert.equal(outside.stdout, 'wrote\n', 'the folder is writable outside the sandbox');
    rmSync(outsidePath);

    const hostFile = join(folder, 'written-from-sandbox.txt');
    const toHost = await runSandboxed({ executable: probe, args: ['write', hostFile] });
    assert.equal(toHost.exitCode, 1);
    assert.match(toHost.stdout, /^write failed: /);
    assert.equal(existsSync(hostFile), false);

    const toSystem = await runSandboxed({ executable: probe, args: ['write', `/usr/${randomUUID()}`] });
    assert.equal(toSystem.stdout, 'write failed: Read-only file system\n');
    const toRoot = await runSandboxed({ executable: probe, args: ['write', `/${randomUUID()}`] });
    assert.equal(toRoot.stdout, 'write failed: Read-only file system\n');
  });

  it('has a private /tmp: what it writes there is not on the host', async () => {
    const name = `ch-sandbox-private-${randomUUID()}`;
    const result = await runSandboxed({ executable: probe, args: ['write', `/tmp/${name}`] });
    assert.equal(result.stdout, 'wrote\n');
    assert.equal(result.exitCode, 0);
    assert.equal(existsSync(join('/tmp', name)), false);
    assert.equal(existsSync(join(tmpdir(), name)), false);
  });

  it('kills every process of a run that passes the wall-clock limit', async () => {
    const marker = `spin-${randomUUID()}`;
    const result = await runSandboxed({ executable: probe, args: ['spin', marker], limits: { timeoutMs: 1000 } });
    assert.equal(result.timedOut, true);
    assert.equal(result.signal, 'SIGKILL');
    assert.equal(result.exitCode, null);
    assert.deepEqual(processesNamed(marker), [], 'the spinning parent and child are gone');
  });

  it('stops a process at the CPU time limit with SIGXCPU', async () => {
    const result = await runSandboxed({ executable: probe, args: ['spin', `cpu-${randomUUID()}`], limits: { cpuSeconds: 1 } });
    assert.equal(result.cpuTimeExceeded, true);
    assert.equal(result.signal, 'SIGXCPU');
    assert.equal(result.timedOut, false);
  });

  it('stops an ASan build that allocates past the memory limit', async () => {
    const result = await runSandboxed({ executable: probe, args: ['hog'], limits: { memoryMb: 64 } });
    assert.equal(result.memoryExceeded, true);
    assert.equal(result.timedOut, false);
    assert.doesNotMatch(result.stdout, /not stopped/);
  });

  it('stops a build without sanitizers whose child process allocates past the memory limit', async () => {
    const result = await runSandboxed({ executable: plainProbe, args: ['fork-hog'], limits: { memoryMb: 64 } });
    assert.equal(result.memoryExceeded, true);
    assert.equal(result.signal, 'SIGKILL');
    assert.doesNotMatch(result.stdout, /not stopped/);
  });

  it('truncates huge output, keeping its beginning and end', async () => {
    const result = await runSandboxed({ executable: probe, args: ['output', String(5 << 20)], limits: { outputBytes: 1 << 20 } });
    assert.equal(result.exitCode, 0);
    for (const [text, truncated] of [
      [result.stdout, result.stdoutTruncated],
      [result.stderr, result.stderrTruncated],
    ] as const) {
      assert.equal(truncated, true);
      assert.ok(text.length < (1 << 20) + 100, `kept ${text.length} characters`);
      assert.ok(text.startsWith('xxxx'));
      assert.ok(text.endsWith('xxxxEND\n'));
      assert.match(text, /\[… \d+ bytes omitted …\]/);
    }
  });

  describe('bad options', () => {
    it('rejects limits out of range, naming the limit', async () => {
      await assert.rejects(runSandboxed({ executable: probe, limits: { timeoutMs: 0 } }), (error: unknown) => {
        assert.ok(error instanceof ServiceError);
        assert.equal(error.field, 'limits.timeoutMs');
        return true;
      });
      await assert.rejects(runSandboxed({ executable: probe, limits: { memoryMb: 1.5 } }), { field: 'limits.memoryMb' });
    });

    it('rejects an argument with a NUL character, naming it', async () => {
      await assert.rejects(runSandboxed({ executable: probe, args: ['write', 'a\0b'] }), { field: 'args[1]' });
    });

    it('refuses a target that is missing, not executable, or cannot start', async () => {
      await assert.rejects(runSandboxed({ executable: join(folder, 'missing') }), (error: unknown) => {
        assert.ok(error instanceof UnrunnableTargetError);
        assert.match(error.message, /does not exist/);
        return true;
      });
      const source = join(folder, 'not-executable');
      writeFileSync(source, 'int main(void) { return 0; }\n');
      await assert.rejects(runSandboxed({ executable: source }), (error: unknown) => {
        assert.ok(error instanceof UnrunnableTargetError);
        assert.match(error.message, /is not executable/);
        return true;
      });

      // An ELF program whose loader does not exist: the kernel's exec fails inside the sandbox.
      const broken = join(folder, 'missing-loader');
      const program = readFileSync(plainProbe);
      const loader = /\/[\w/.-]*\/ld-[\w.-]+\.so[\w.]*/.exec(program.toString('latin1'));
      assert.ok(loader, 'the probe names its loader');
      program.write(loader[0].replace(/ld-[\w.-]+$/, (name) => 'x'.repeat(name.length)), loader.index, 'latin1');
      writeFileSync(broken, program);
      chmodSync(broken, 0o755);
      await assert.rejects(runSandboxed({ executable: broken }), (error: unknown) => {
        assert.ok(error instanceof UnrunnableTargetError);
        assert.match(error.message, /could not be started/);
        return true;
      });
    });

    it('says so when bwrap is not installed', async () => {
      const path = process.env.PATH;
      process.env.PATH = folder;
      try {
        await assert.rejects(runSandboxed({ executable: probe }), (error: unknown) => {
          assert.ok(error instanceof SandboxUnavailableError);
          assert.match(error.message, /bwrap is not on PATH/);
          return true;
        });
      } finally {
        process.env.PATH = path;
      }
    });
  });
});
