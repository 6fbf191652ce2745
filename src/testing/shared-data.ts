import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's location. */
export const repoRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)));

/**
 * Path inside the shared public-data folder (CLEARINGHOUSE_DATA, default ../shared/data).
 * Corpus-wide tests read from here; a missing folder is an error, not a skip.
 */
export function sharedDataPath(...parts: string[]): string {
  const root = resolve(repoRoot, process.env.CLEARINGHOUSE_DATA ?? '../shared/data');
  const path = join(root, ...parts);
  if (!existsSync(path)) throw new Error(`shared data missing: ${path} (set CLEARINGHOUSE_DATA)`);
  return path;
}

/** Reads and parses a JSON file. */
export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Streams the records of a .jsonl or .jsonl.gz file, one parsed object a line. */
export async function* readJsonLines<T = unknown>(path: string): AsyncGenerator<T> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() !== '') yield JSON.parse(line) as T;
  }
}
