// Benchmark 5: peak memory and time of `clearinghouse scan` on a ~10 MB SPDX 2.3 JSON SBOM,
// against a store holding every OSV record of the corpus. The SBOM is the SPDX 2.3
// specification's example document with, added as packages, the components of real SBOMs
// (juice-shop's npm tree, an OBOM's Maven jars) and then real package versions the corpus's
// records name (in the ranges and version lists), until it reaches the size.
// Each measurement runs in its own child process, so its peak RSS is its own. Beside it, in the
// same run: a child that only opens the store and reads the SBOM (the floor), and a scan that
// first loads the full match index, as `query` and `serve` do. The target: under 500 MB.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OsvRecord } from '../src/domain/osv/osv-record.js';
import { purlForPackage } from '../src/domain/purl/ecosystem-map.js';
import { formatPurl } from '../src/domain/purl/purl.js';
import { openClearinghouse } from '../src/services/clearinghouse.js';
import { scanServiceOf } from '../src/services/scan/scan-service.js';
import { readSbom } from '../src/services/sbom/read-sbom.js';
import { readJson, readJsonLines, sharedDataPath } from '../src/testing/shared-data.js';
import { inChild, osvCorpusFiles, peakRssMiB } from './corpus.js';

const TARGET_BYTES = 10 * 1024 * 1024;
const here = fileURLToPath(import.meta.url);
const cli = fileURLToPath(new URL('../bin/clearinghouse.js', import.meta.url));

interface Prepared {
  records: number;
  sbomBytes: number;
  packages: number;
}

interface Measured {
  components: number;
  seconds: number;
  peakRssMiB: number;
  findings: number;
  records: number;
  unscanned: number;
  outputMiB: number;
}

type Row = (label: string, value: string, baseline: string) => void;

/** Runs the benchmark in child processes and prints its rows (called by bench/run.ts). */
export async function scanMemoryBench(dir: string, row: Row): Promise<void> {
  const db = join(dir, 'scan-bench.db');
  const sbom = join(dir, 'scan-bench.spdx.json');
  const prepared = await inChild<Prepared>(here, ['prepare', db, sbom]);
  const floor = await inChild<Measured>(here, ['read-only', db, sbom]);
  const fullIndex = await inChild<Measured>(here, ['full-index', db, sbom]);
  const ours = await inChild<Measured>(here, ['scan', db, sbom]);
  const cliHelp = await cliPeak(['scan', '--help']);
  const cli = await cliPeak(['scan', '--db', db, '--json', sbom]);
  const n = (x: number): string => x.toLocaleString('en-US');
  console.log(`\n5. scan of a ${(prepared.sbomBytes / 1048576).toFixed(1)} MiB SPDX 2.3 SBOM (${n(prepared.packages)} packages) against ${n(prepared.records)} records, SQLite`);
  row('peak RSS, `clearinghouse scan --json` process', `${cli.peakRssMiB} MiB`, `target < 500 MiB; the same CLI printing --help: ${cliHelp.peakRssMiB} MiB`);
  row('peak RSS, scan service in a child', `${ours.peakRssMiB} MiB`, `open store + read SBOM only: ${floor.peakRssMiB} MiB; full match index loaded first: ${fullIndex.peakRssMiB} MiB`);
  row('time, `clearinghouse scan --json` process', `${cli.seconds.toFixed(1)} s`, `exit status ${cli.status} (1: vulnerabilities found)`);
  row('time, scan service (open, read, scan, JSON)', `${ours.seconds.toFixed(1)} s`, `open + read only: ${floor.seconds.toFixed(1)} s; full match index: ${fullIndex.seconds.toFixed(1)} s`);
  row('findings (alias groups)', n(ours.findings), `${n(ours.records)} records, ${ours.outputMiB} MiB of JSON; full index: ${n(fullIndex.findings)} groups; ${n(ours.unscanned)} components not scanned`);
}

/**
 * Runs the CLI with stdout to nowhere and reads its peak RSS (VmHWM, Linux) from /proc while
 * it runs: a high-water mark, so the last reading before it exits is its peak.
 */
async function cliPeak(args: string[]): Promise<{ peakRssMiB: number; seconds: number; status: number | null }> {
  const start = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  let peakKiB = 0;
  const poll = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
    } catch {
      // The process has just exited: the last reading stands.
    }
  }, 20);
  const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearInterval(poll);
  return { peakRssMiB: Math.round(peakKiB / 1024), seconds: (performance.now() - start) / 1000, status };
}

/** An SPDX 2.3 package for a real component. */
interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo: string;
  downloadLocation: string;
  licenseConcluded: string;
  copyrightText: string;
  description?: string;
  checksums?: { algorithm: string; checksumValue: string }[];
  externalRefs: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
}

interface CycloneDxComponent {
  name: string;
  group?: string;
  version?: string;
  description?: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  licenses?: { license?: { id?: string } }[];
  externalReferences?: { type: string; url: string }[];
}

/** CycloneDX hash names → SPDX checksum algorithms. */
const CHECKSUM_ALGORITHMS: Record<string, string> = { MD5: 'MD5', 'SHA-1': 'SHA1', 'SHA-256': 'SHA256', 'SHA-384': 'SHA384', 'SHA-512': 'SHA512' };

function fromCycloneDx(c: CycloneDxComponent, id: string): SpdxPackage | undefined {
  if (!c.purl || !c.version) return undefined;
  const checksums = (c.hashes ?? []).flatMap((h) => (CHECKSUM_ALGORITHMS[h.alg] ? [{ algorithm: CHECKSUM_ALGORITHMS[h.alg]!, checksumValue: h.content }] : []));
  const license = c.licenses?.[0]?.license?.id;
  return {
    SPDXID: id,
    name: c.group ? `${c.group}/${c.name}` : c.name,
    versionInfo: c.version,
    downloadLocation: c.externalReferences?.find((r) => r.type === 'distribution')?.url ?? 'NOASSERTION',
    licenseConcluded: license ?? 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    ...(c.description ? { description: c.description } : {}),
    ...(checksums.length > 0 ? { checksums } : {}),
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: c.purl }],
  };
}

/**
 * Real package versions the corpus's records name (listed versions first, then range events),
 * the files taken in turn and at most two packages of a record, two versions of an entry and
 * two versions of a name, so every ecosystem is present and none floods the document.
 */
async function* corpusPackages(): AsyncGenerator<{ name: string; version: string; purl: string }> {
  const readers = osvCorpusFiles().map((f) => readJsonLines<OsvRecord>(f)[Symbol.asyncIterator]());
  const versionsOfName = new Map<string, number>();
  while (readers.length > 0) {
    for (let i = readers.length - 1; i >= 0; i--) {
      const next = await readers[i]!.next();
      if (next.done) {
        readers.splice(i, 1);
        continue;
      }
      for (const affected of (next.value.affected ?? []).slice(0, 2)) {
        if (!affected.package) continue;
        const key = `${affected.package.ecosystem}\u0000${affected.package.name}`;
        const events = (affected.ranges ?? []).filter((r) => r.type !== 'GIT').flatMap((r) => r.events.flatMap((e) => Object.values<string>(e)));
        for (const version of [...(affected.versions ?? []), ...events.filter((v) => v !== '0')].slice(0, 2)) {
          const seen = versionsOfName.get(key) ?? 0;
          if (seen >= 2) break;
          const purl = purlForPackage(affected.package.ecosystem, affected.package.name, version);
          if (!purl.ok) continue;
          versionsOfName.set(key, seen + 1);
          yield { name: affected.package.name, version, purl: formatPurl(purl.purl) };
        }
      }
    }
  }
}

/** Extracts members of a shared tar.gz archive into a folder (the system's tar; the archive is plain ustar). */
function untar(archive: string, into: string, members: string[]): void {
  mkdirSync(into, { recursive: true });
  const r = spawnSync('tar', ['-xzf', archive, '-C', into, ...members], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
}

async function writeSbom(path: string, work: string): Promise<number> {
  const document = readJson<Record<string, unknown> & { packages: unknown[]; relationships: unknown[] }>(sharedDataPath('sbom/spdx/spec-examples-2.3/SPDXJSONExample-v2.3.spdx.json'));
  document.name = 'scan-bench';
  document.documentNamespace = `${String(document.documentNamespace)}-scan-bench`;
  const members = ['./SBOM/juice-shop/via_npm/flat/bom.1.4.json', './OBOM/Example-1-Decoupled/bom.json'];
  untar(sharedDataPath('sbom/cyclonedx/bom-examples-large.tar.gz'), work, members);
  const seen = new Set<string>();
  let bytes = JSON.stringify(document).length;
  const add = (pkg: SpdxPackage | undefined): void => {
    if (!pkg || seen.has(pkg.externalRefs[0]!.referenceLocator)) return;
    seen.add(pkg.externalRefs[0]!.referenceLocator);
    const relationship = { spdxElementId: 'SPDXRef-Package', relationshipType: 'CONTAINS', relatedSpdxElement: pkg.SPDXID };
    document.packages.push(pkg);
    document.relationships.push(relationship);
    bytes += JSON.stringify(pkg).length + JSON.stringify(relationship).length + 2;
  };
  for (const member of members) {
    const bom = readJson<{ components: CycloneDxComponent[] }>(join(work, member));
    for (const c of bom.components) add(fromCycloneDx(c, `SPDXRef-Package-${seen.size + 1}`));
  }
  for await (const p of corpusPackages()) {
    if (bytes >= TARGET_BYTES) break;
    add({
      SPDXID: `SPDXRef-Package-${seen.size + 1}`,
      name: p.name,
      versionInfo: p.version,
      downloadLocation: 'NOASSERTION',
      licenseConcluded: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
    });
  }
  writeFileSync(path, JSON.stringify(document));
  return document.packages.length;
}

/** One measured child: open the store, read the SBOM, and (unless `read-only`) scan it and serialize the JSON output. */
async function measure(mode: string, db: string, sbomPath: string): Promise<Measured> {
  const start = performance.now();
  const ch = await openClearinghouse({ db, loadIndex: mode === 'full-index' });
  try {
    const read = await readSbom(readFileSync(sbomPath), { fileName: sbomPath });
    if (!read.ok) throw new Error(`the bench SBOM does not read: ${JSON.stringify(read.errors.slice(0, 3))}`);
    let findings = 0;
    let records = 0;
    let unscanned = 0;
    let outputBytes = 0;
    if (mode !== 'read-only') {
      const service = scanServiceOf(ch);
      const report = await service.scan(read.sbom, sbomPath);
      // What `scan --json` writes, serialized a package at a time as it does.
      for await (const chunk of service.json(report)) outputBytes += chunk.length;
      findings = report.findings.length;
      records = report.findings.reduce((n, f) => n + f.ids.length, 0);
      unscanned = report.unscanned.length;
    }
    return { components: read.sbom.components.length, seconds: (performance.now() - start) / 1000, peakRssMiB: peakRssMiB(), findings, records, unscanned, outputMiB: Math.round(outputBytes / 1048576) };
  } finally {
    await ch.close();
  }
}

const [mode, db, sbomPath] = process.argv.slice(2);
if (process.argv[1] === here && mode === 'prepare') {
  const ch = await openClearinghouse({ db: db!, loadIndex: false });
  const summary = await ch.importer.importPaths(osvCorpusFiles());
  await ch.close();
  const packages = await writeSbom(sbomPath!, join(sbomPath!, '..', 'scan-bench-sboms'));
  console.log(JSON.stringify({ records: summary.added + summary.updated + summary.unchanged, sbomBytes: statSync(sbomPath!).size, packages } satisfies Prepared));
} else if (process.argv[1] === here && mode !== undefined) {
  console.log(JSON.stringify(await measure(mode, db!, sbomPath!)));
} else if (process.argv[1] === here) {
  const dir = mkdtempSync(join(tmpdir(), 'ch-scan-bench-'));
  try {
    await scanMemoryBench(dir, (label, value, baseline) => console.log(`${label.padEnd(44)} ${value.padStart(22)}   ${baseline}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
