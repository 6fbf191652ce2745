// Benchmark 4: beside @renovatebot/osv-offline-db 1.8 (the JavaScript offline OSV matcher
// Renovate users run), loaded with the same records in the same run. It reads one NeDB file
// per ecosystem from OSV_OFFLINE_ROOT_DIR, which this script writes from the corpus.
// Each side runs in its own child process so load time and peak memory are its own.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchIndex } from '../src/domain/matching/match-index.js';
import type { OsvRecord } from '../src/domain/osv/osv-record.js';
import { versionSchemes } from '../src/domain/versioning/registry.js';
import { readJsonLines } from '../src/testing/shared-data.js';
import { inChild, osvCorpusFiles, peakRssMiB } from './corpus.js';

const peerEcosystems = ['crates.io', 'Go', 'Hackage', 'Hex', 'Maven', 'npm', 'NuGet', 'Packagist', 'Pub', 'PyPI', 'RubyGems'];
const purlTypes: Record<string, string> = { 'crates.io': 'cargo', Go: 'golang', Hackage: 'hackage', Hex: 'hex', Maven: 'maven', NuGet: 'nuget', npm: 'npm', Packagist: 'composer', PyPI: 'pypi', Pub: 'pub', RubyGems: 'gem' };
/** The purl osv-offline-db's query expects in each package (its own purl-helper's rule). */
function peerPurl(ecosystem: string, name: string): string {
  const n = ecosystem === 'Maven' ? name.replace(':', '/') : name;
  return `pkg:${purlTypes[ecosystem]}/${n.split('/').map(encodeURIComponent).join('/')}`;
}

interface Side {
  records: number;
  loadSeconds: number;
  heapMiB: number;
  peakRssMiB: number;
  lookupsPerSecond: number;
}

const mode = process.argv[2];
if (mode === 'peer' || mode === 'ours') {
  const root = process.argv[3]!;
  const lookups = JSON.parse((await import('node:fs')).readFileSync(join(root, 'lookups.json'), 'utf8')) as { ecosystem: string; name: string; version: string }[];
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const start = performance.now();
  let records = 0;
  let lookupOnce: (l: { ecosystem: string; name: string; version: string }) => Promise<number> | number;
  if (mode === 'peer') {
    process.env.OSV_OFFLINE_ROOT_DIR = root;
    const { OsvOfflineDb } = await import('@renovatebot/osv-offline-db');
    const db = await OsvOfflineDb.create();
    records = Number((await import('node:fs')).readFileSync(join(root, 'count'), 'utf8'));
    lookupOnce = async (l) => (await db.query(l.ecosystem as never, l.name)).length;
  } else {
    const index = new MatchIndex(versionSchemes);
    for (const file of osvCorpusFiles()) {
      for await (const r of readJsonLines<OsvRecord>(file)) {
        if (!(r.affected ?? []).some((a) => a.package && peerEcosystems.includes(a.package.ecosystem))) continue;
        index.upsert(r);
        records++;
      }
    }
    lookupOnce = (l) => {
      const a = index.match(l);
      return a.ok ? a.ids.length : 0;
    };
  }
  const loadSeconds = (performance.now() - start) / 1000;
  globalThis.gc?.();
  const heapMiB = Math.round((process.memoryUsage().heapUsed - heap0) / 1048576);
  let done = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 3000) {
    await lookupOnce(lookups[done % lookups.length]!);
    done++;
  }
  const lookupsPerSecond = Math.round(done / ((performance.now() - t0) / 1000));
  console.log(JSON.stringify({ records, loadSeconds, heapMiB, peakRssMiB: peakRssMiB(), lookupsPerSecond } satisfies Side));
} else {
  const root = mkdtempSync(join(tmpdir(), 'osv-offline-'));
  mkdirSync(root, { recursive: true });
  const files = new Map<string, string[]>();
  const lookups: { ecosystem: string; name: string; version: string }[] = [];
  let count = 0;
  for (const file of osvCorpusFiles()) {
    for await (const r of readJsonLines<OsvRecord>(file)) {
      const ecos = new Set((r.affected ?? []).flatMap((a) => (a.package && peerEcosystems.includes(a.package.ecosystem) ? [a.package.ecosystem] : [])));
      if (ecos.size === 0) continue;
      count++;
      const doc = {
        ...r,
        affected: (r.affected ?? []).map((a) => (a.package ? { ...a, package: { name: a.package.name, ecosystem: a.package.ecosystem, purl: peerPurl(a.package.ecosystem, a.package.name) } } : a)),
      };
      for (const e of ecos) {
        const list = files.get(e) ?? [];
        list.push(JSON.stringify({ ...doc, _id: `${r.id}` }));
        files.set(e, list);
      }
      const a = (r.affected ?? []).find((x) => x.package && peerEcosystems.includes(x.package.ecosystem));
      const version = a?.ranges?.flatMap((g) => g.events).map((e) => Object.values(e)[0] as string).find((v) => v !== '0') ?? a?.versions?.[0];
      if (a?.package && version && lookups.length < 5000) lookups.push({ ecosystem: a.package.ecosystem, name: a.package.name, version });
    }
  }
  for (const e of peerEcosystems) writeFileSync(join(root, `${e.toLowerCase()}.nedb`), (files.get(e) ?? []).join('\n') + '\n');
  writeFileSync(join(root, 'lookups.json'), JSON.stringify(lookups));
  writeFileSync(join(root, 'count'), String(count));
  const peer = await inChild<Side>(new URL(import.meta.url).pathname, ['peer', root]);
  const ours = await inChild<Side>(new URL(import.meta.url).pathname, ['ours', root]);
  rmSync(root, { recursive: true, force: true });
  console.log(JSON.stringify({ peer, ours }));
}
