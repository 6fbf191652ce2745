import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OsvRecord } from '../src/domain/osv/osv-record.js';
import { readJsonLines, sharedDataPath } from '../src/testing/shared-data.js';

/** Every OSV file of the shared corpus (CLEARINGHOUSE_DATA, default ../shared/data). */
export function osvCorpusFiles(): string[] {
  const dir = sharedDataPath('osv');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl.gz'))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads every OSV record of the corpus into memory. */
export async function loadOsvCorpus(): Promise<OsvRecord[]> {
  const records: OsvRecord[] = [];
  for (const file of osvCorpusFiles()) for await (const r of readJsonLines<OsvRecord>(file)) records.push(r);
  return records;
}

/** Runs a function in a child process and returns what it printed as JSON (isolates peak memory). */
export async function inChild<T>(script: string, args: string[] = []): Promise<T> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited ${code}`));
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${out.slice(-500)}`));
      }
    });
  });
}

/** Peak resident memory of this process so far, in MiB. */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
