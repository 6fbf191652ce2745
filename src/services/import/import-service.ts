import { readRecord } from '../../domain/matching/match-index.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { versionSchemes } from '../../domain/versioning/registry.js';
import type { EpssRepository } from '../../store/epss-repository.js';
import type { KevRepository } from '../../store/kev-repository.js';
import type { VulnerabilityRepository, VulnerabilityWrite } from '../../store/vulnerability-repository.js';
import { listInputFiles, readItems, type ItemLocation, type SourceItem } from './import-sources.js';
import { CsvState, recognize, type Recognized } from './record-formats.js';

/** A record or entry that was not imported, and why. */
export interface Rejection {
  readonly location: ItemLocation;
  readonly id?: string;
  readonly reason: string;
}

/** A record imported with a part that cannot be matched (reported, not dropped silently). */
export interface ImportWarning {
  readonly location: ItemLocation;
  readonly id: string;
  readonly reason: string;
}

/** What an import did. */
export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  readonly rejections: Rejection[];
  readonly warnings: ImportWarning[];
  /** Items seen per detected format: osv, cve, kev, epss. */
  readonly formats: Record<string, number>;
}

/** Progress of a running import, reported after each item batch. */
export interface ImportProgress {
  readonly file: string;
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly items: number;
}

/** What the importer writes to and whom it tells. */
export interface ImportDependencies {
  readonly vulnerabilities: VulnerabilityRepository;
  readonly kev: KevRepository;
  readonly epss: EpssRepository;
  /** Called with the records added or updated, after their transaction committed. */
  readonly onWritten?: (records: readonly OsvRecord[]) => void | Promise<void>;
  /** Called after a KEV change put records on the change log without changing them. */
  readonly onEvidenceChanged?: () => Promise<void>;
}

const batchSize = 500;

/**
 * Imports OSV, CVE JSON 5.x, CISA KEV and EPSS data from files, folders, JSON Lines
 * (plain or gzip) and OSV bulk-export zips. Each record is validated against its
 * official schema; a bad record is rejected with its location and the rest go on.
 * Writes go in batches, one transaction each; re-importing the same data changes nothing.
 */
export class ImportService {
  readonly #deps: ImportDependencies;

  constructor(deps: ImportDependencies) {
    this.#deps = deps;
  }

  /** Imports every path; throws `InputPathError` before writing anything if a path is bad. */
  async importPaths(paths: readonly string[], onProgress?: (p: ImportProgress) => void): Promise<ImportSummary> {
    const files = await listInputFiles(paths);
    const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, rejected: 0, rejections: [], warnings: [], formats: {} };
    const bytesTotal = files.reduce((n, f) => n + f.bytes, 0);
    let bytesDone = 0;
    let items = 0;
    for (const [index, file] of files.entries()) {
      const report = (): void =>
        onProgress?.({ file: file.path, filesDone: index, filesTotal: files.length, bytesDone, bytesTotal, items });
      const pending: { write: VulnerabilityWrite; record: OsvRecord }[] = [];
      const csv = new CsvState();
      for await (const item of readItems(file, (n) => (bytesDone += n))) {
        items++;
        for (const r of this.#recognizeItem(item, csv, summary)) {
          if (r.kind === 'record') {
            pending.push(r);
            if (pending.length >= batchSize) {
              await this.#flush(pending, summary);
              report();
            }
          } else if (r.kind === 'kev') {
            const result = await this.#deps.kev.upsertCatalog(r.rows);
            if (result.added + result.updated > 0) await this.#deps.onEvidenceChanged?.();
            summary.added += result.added;
            summary.updated += result.updated;
            summary.unchanged += result.unchanged;
          }
        }
        if (items % 1000 === 0) report();
      }
      await this.#flush(pending, summary);
      if (csv.rows.length > 0) {
        const counts = await this.#deps.epss.upsert(csv.rows);
        summary.added += counts.added;
        summary.updated += counts.updated;
        summary.unchanged += counts.unchanged;
      }
      report();
    }
    onProgress?.({ file: '', filesDone: files.length, filesTotal: files.length, bytesDone: bytesTotal, bytesTotal, items });
    return summary;
  }

  /**
   * Imports records already in memory (a published case's OSV record), with the checks and
   * side effects of a file import; `source` names them in rejections.
   */
  async importRecords(records: readonly unknown[], source: string): Promise<ImportSummary> {
    const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, rejected: 0, rejections: [], warnings: [], formats: {} };
    const pending: { write: VulnerabilityWrite; record: OsvRecord }[] = [];
    const csv = new CsvState();
    for (const [index, value] of records.entries()) {
      for (const r of this.#recognizeItem({ kind: 'json', location: { file: source, entry: String(index) }, value }, csv, summary)) {
        if (r.kind === 'record') pending.push(r);
      }
    }
    await this.#flush(pending, summary);
    return summary;
  }

  *#recognizeItem(item: SourceItem, csv: CsvState, summary: ImportSummary): Generator<Recognized> {
    for (const r of recognize(item, csv)) {
      if (r.kind === 'rejected') {
        summary.rejected++;
        summary.rejections.push({ location: r.location, id: r.id, reason: r.reason });
        continue;
      }
      summary.formats[r.format] = (summary.formats[r.format] ?? 0) + (r.kind === 'kev' ? r.rows.length : 1);
      if (r.kind === 'record') {
        for (const w of r.warnings) summary.warnings.push({ location: r.location, id: r.record.id, reason: w });
        for (const issue of readRecord(r.record, versionSchemes).issues) {
          summary.warnings.push({ location: r.location, id: r.record.id, reason: `${issue.path}: ${issue.message}` });
        }
      }
      yield r;
    }
  }

  async #flush(pending: { write: VulnerabilityWrite; record: OsvRecord }[], summary: ImportSummary): Promise<void> {
    if (pending.length === 0) return;
    const batch = pending.splice(0, pending.length);
    const outcomes = await this.#deps.vulnerabilities.writeBatch(batch.map((p) => p.write));
    const written: OsvRecord[] = [];
    outcomes.forEach((outcome, i) => {
      summary[outcome]++;
      if (outcome !== 'unchanged') written.push(batch[i]!.record);
    });
    if (written.length > 0) await this.#deps.onWritten?.(written);
  }
}
