import { createReadStream, type Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';

/** Where an item came from, precise enough for a person to find it. */
export interface ItemLocation {
  readonly file: string;
  /** 1-based line in a .jsonl or .csv file. */
  readonly line?: number;
  /** Entry name inside a .zip, or index in a JSON array / catalog. */
  readonly entry?: string;
}

/** One unit read from an input: parsed JSON, a CSV line, or why it could not be read. */
export type SourceItem =
  | { readonly kind: 'json'; readonly location: ItemLocation; readonly value: unknown }
  | { readonly kind: 'csv-line'; readonly location: ItemLocation; readonly text: string }
  | { readonly kind: 'unreadable'; readonly location: ItemLocation; readonly reason: string };

/** A file to import and its size, for progress. */
export interface InputFile {
  readonly path: string;
  readonly bytes: number;
}

const importable = /\.(json|jsonl|jsonl\.gz|zip|csv|csv\.gz)$/i;

/**
 * The most one record (a zip entry, a line) may inflate to. The largest OSV record in the
 * shared corpus is under 100 KB; the cap only stops a compression bomb from filling memory.
 */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** The error raised for a path that does not exist or cannot be imported. */
export class InputPathError extends Error {}

/**
 * Expands the paths given on the command line into the files to import: a folder
 * yields every importable file below it, in name order.
 */
export async function listInputFiles(paths: readonly string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputPathError(`no such file or folder: ${path}`);
    if (info.isDirectory()) files.push(...(await walk(path)));
    else if (importable.test(path)) files.push({ path, bytes: info.size });
    else throw new InputPathError(`not an importable file (want .json, .jsonl, .jsonl.gz, .zip, .csv, .csv.gz): ${path}`);
  }
  return files;
}

async function walk(dir: string): Promise<InputFile[]> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: InputFile[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile() && importable.test(entry.name)) out.push({ path, bytes: (await stat(path)).size });
  }
  return out;
}

/**
 * Reads a file's items in order, streaming: JSON Lines (plain or gzip) a line at a
 * time, a zip (OSV's bulk export layout) an entry at a time, a JSON file whole.
 * `onBytes` reports bytes of the file consumed, for progress.
 */
export async function* readItems(file: InputFile, onBytes: (bytes: number) => void): AsyncGenerator<SourceItem> {
  const name = file.path.toLowerCase();
  if (name.endsWith('.zip')) yield* readZip(file.path, onBytes);
  else if (name.endsWith('.jsonl') || name.endsWith('.jsonl.gz')) yield* readLines(file.path, onBytes, 'json');
  else if (name.endsWith('.csv') || name.endsWith('.csv.gz')) yield* readLines(file.path, onBytes, 'csv');
  else {
    const text = await readFile(file.path, 'utf8');
    onBytes(file.bytes);
    yield parseJson(text, { file: file.path });
  }
}

function parseJson(text: string, location: ItemLocation): SourceItem {
  try {
    return { kind: 'json', location, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'unreadable', location, reason: `invalid JSON: ${(error as Error).message}` };
  }
}

async function* readLines(path: string, onBytes: (n: number) => void, as: 'json' | 'csv'): AsyncGenerator<SourceItem> {
  const raw = createReadStream(path);
  raw.on('data', (chunk) => onBytes(chunk.length));
  const decoded = path.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const input = decoded.pipe(lineLengthLimit(MAX_RECORD_BYTES));
  decoded.on('error', (error: Error) => input.destroy(error));
  let line = 0;
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      const location = { file: path, line };
      yield as === 'json' ? parseJson(text, location) : { kind: 'csv-line', location, text };
    }
  } catch (error) {
    yield { kind: 'unreadable', location: { file: path, line: line + 1 }, reason: `cannot read: ${(error as Error).message}` };
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

async function* readZip(path: string, onBytes: (n: number) => void): AsyncGenerator<SourceItem> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    yield { kind: 'unreadable', location: { file: path }, reason: `not a readable zip: ${(error as Error).message}` };
    return;
  }
  const nextEntry = (): Promise<yauzl.Entry | undefined> =>
    new Promise((resolve, reject) => {
      zip.once('entry', resolve);
      zip.once('end', () => resolve(undefined));
      zip.once('error', reject);
      zip.readEntry();
    });
  for (;;) {
    const entry = await nextEntry();
    if (!entry) return;
    zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
    onBytes(entry.compressedSize);
    if (entry.fileName.endsWith('/') || !entry.fileName.toLowerCase().endsWith('.json')) continue;
    const location = { file: path, entry: entry.fileName };
    // yauzl checks that an entry inflates to no more than it declares, so the declared size bounds it.
    if (entry.uncompressedSize > MAX_RECORD_BYTES) {
      yield { kind: 'unreadable', location, reason: `zip entry ${basename(entry.fileName)} inflates to ${entry.uncompressedSize} bytes, over the ${MAX_RECORD_BYTES / 1048576} MiB limit for one record` };
      continue;
    }
    try {
      const text = await readEntry(zip, entry);
      yield parseJson(text, location);
    } catch (error) {
      yield { kind: 'unreadable', location, reason: `cannot read zip entry ${basename(entry.fileName)}: ${(error as Error).message}` };
    }
  }
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.on('error', reject);
    });
  });
}

/** Passes bytes through, failing once a line runs past `limit` bytes (readline would buffer it whole). */
export function lineLengthLimit(limit: number): Transform {
  let run = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let from = 0;
      for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, from)) {
        if (run + newline - from > limit) break;
        run = 0;
        from = newline + 1;
      }
      run += chunk.length - from;
      if (run > limit) return done(new Error(`a line longer than ${limit} bytes: not a record`));
      done(null, chunk);
    },
  });
}
