import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedEpssScore, FeedKevEntry, FeedPage } from './feed-page.js';

/** A file written for the importer and which part of the page it holds. */
export interface ImportFile {
  readonly path: string;
  readonly part: 'records' | 'kev' | 'epss';
}

/**
 * Writes a page's contents as files the importer reads, in the formats it already checks:
 * OSV records as JSON Lines, KEV entries as CISA catalogs (one per catalog version, so each
 * entry keeps its version), EPSS scores as FIRST's CSV (one per model version and date).
 */
export async function writeImportFiles(page: FeedPage, dir: string, receivedAt: Date): Promise<ImportFile[]> {
  const files: ImportFile[] = [];
  if (page.records.length > 0) {
    const path = join(dir, 'records.jsonl');
    await writeFile(path, page.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    files.push({ path, part: 'records' });
  }
  for (const [i, catalog] of kevCatalogs(page.kev_entries ?? [], receivedAt).entries()) {
    const path = join(dir, `kev-${i}.json`);
    await writeFile(path, JSON.stringify(catalog));
    files.push({ path, part: 'kev' });
  }
  for (const [i, text] of epssFiles(page.epss_scores).entries()) {
    const path = join(dir, `epss-${i}.csv`);
    await writeFile(path, text);
    files.push({ path, part: 'epss' });
  }
  return files;
}

function kevCatalogs(entries: readonly FeedKevEntry[], receivedAt: Date): object[] {
  const byVersion = new Map<string, Omit<FeedKevEntry, 'catalogVersion'>[]>();
  for (const { catalogVersion, ...entry } of entries) {
    const list = byVersion.get(catalogVersion) ?? [];
    list.push(entry);
    byVersion.set(catalogVersion, list);
  }
  // The store keeps no release time and the importer reads none; the schema wants one.
  const dateReleased = receivedAt.toISOString();
  return [...byVersion].map(([catalogVersion, vulnerabilities]) => ({ catalogVersion, dateReleased, count: vulnerabilities.length, vulnerabilities }));
}

/**
 * One CSV text per (model version, score date). Values read from an EPSS file never hold
 * a comma or a line break, so the header line carries them back unchanged; numbers print
 * in JavaScript's shortest round-trip form, which the EPSS reader parses to the same value.
 */
function epssFiles(scores: readonly FeedEpssScore[]): string[] {
  const groups = new Map<string, FeedEpssScore[]>();
  for (const score of scores) {
    const key = JSON.stringify([score.model_version, score.score_date]);
    const list = groups.get(key) ?? [];
    list.push(score);
    groups.set(key, list);
  }
  return [...groups.values()].map((group) => {
    const { model_version, score_date } = group[0]!;
    const meta = [model_version === null ? '' : `model_version:${model_version}`, score_date === null ? '' : `score_date:${score_date}`].filter(Boolean);
    const lines = meta.length > 0 ? [`#${meta.join(',')}`] : [];
    lines.push('cve,epss,percentile', ...group.map((s) => `${s.cve},${s.epss},${s.percentile}`));
    return `${lines.join('\n')}\n`;
  });
}
