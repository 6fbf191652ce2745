import { readdir, readFile } from 'node:fs/promises';

/** A process and its descendants at one moment, from Linux's /proc. */
export interface ProcessTreeMemory {
  readonly processes: number;
  /** Resident set sizes added up (VmRSS), in KiB. */
  readonly rssKib: number;
}

async function readProc(path: string): Promise<string> {
  // A process can exit between listing and reading: it then holds no memory.
  return readFile(path, 'utf8').catch(() => '');
}

async function childrenOf(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
  const lists = await Promise.all(tasks.map((task) => readProc(`/proc/${pid}/task/${task}/children`)));
  return lists.flatMap((list) => list.split(/\s+/).filter((word) => word !== '').map(Number));
}

/** The process's resident memory in KiB (0 for a zombie); `undefined` when it is gone. */
async function rssKibOf(pid: number): Promise<number | undefined> {
  const status = await readProc(`/proc/${pid}/status`);
  if (status === '') return undefined;
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return kib === undefined ? 0 : Number(kib);
}

/**
 * The memory of `pid` and every process below it. Descendants are found through
 * /proc/<pid>/task/<tid>/children, so processes in other PID namespaces (a sandbox's)
 * are found by their host PIDs.
 */
export async function processTreeMemory(pid: number): Promise<ProcessTreeMemory> {
  let processes = 0;
  let rssKib = 0;
  let level = [pid];
  while (level.length > 0) {
    const [sizes, children] = await Promise.all([Promise.all(level.map(rssKibOf)), Promise.all(level.map(childrenOf))]);
    const alive = sizes.filter((size) => size !== undefined);
    processes += alive.length;
    rssKib += alive.reduce((sum, size) => sum + size, 0);
    level = children.flat();
  }
  return { processes, rssKib };
}
