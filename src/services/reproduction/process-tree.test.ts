import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { processTreeMemory } from './process-tree.js';

describe('processTreeMemory', () => {
  it('adds up a process and its children', async () => {
    const shell = spawn('/bin/sh', ['-c', 'sleep 600 & sleep 600 & echo started; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await once(shell.stdout, 'data');
      const tree = await processTreeMemory(shell.pid!);
      assert.equal(tree.processes, 3);
      const own = await processTreeMemory(process.pid);
      assert.ok(tree.rssKib > 0);
      assert.ok(own.processes >= 4, 'this process, the shell and its two children');
    } finally {
      process.kill(-shell.pid!, 'SIGKILL');
    }
  });

  it('finds nothing for a process that does not exist', async () => {
    // Linux PIDs stay below 2^22 (pid_max's ceiling).
    assert.deepEqual(await processTreeMemory(2 ** 22 + 1), { processes: 0, rssKib: 0 });
  });
});
