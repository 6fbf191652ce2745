// Benchmark 1: import every OSV record of the corpus into a fresh store (child process,
// so peak memory is the import's own). Baseline in the same run: reading, gunzipping and
// JSON-parsing the same files with nothing else.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openClearinghouse } from '../src/services/clearinghouse.js';
import { readJsonLines } from '../src/testing/shared-data.js';
import { osvCorpusFiles, peakRssMiB } from './corpus.js';

const mode = process.argv[2];
const files = osvCorpusFiles();
if (mode === 'baseline') {
  const start = performance.now();
  let records = 0;
  for (const f of files) for await (const _ of readJsonLines(f)) records++;
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ records, seconds, recordsPerSecond: Math.round(records / seconds), peakRssMiB: peakRssMiB() }));
} else {
  const location = process.argv[3] ?? join(mkdtempSync(join(tmpdir(), 'ch-bench-')), 'bench.db');
  const ch = await openClearinghouse({ db: location, loadIndex: false });
  const start = performance.now();
  const summary = await ch.importer.importPaths(files);
  const seconds = (performance.now() - start) / 1000;
  await ch.close();
  const records = summary.added + summary.updated + summary.unchanged + summary.rejected;
  if (!process.argv[3]) rmSync(join(location, '..'), { recursive: true, force: true });
  console.log(JSON.stringify({ records, added: summary.added, rejected: summary.rejected, warnings: summary.warnings.length, seconds, recordsPerSecond: Math.round(records / seconds), peakRssMiB: peakRssMiB() }));
}
