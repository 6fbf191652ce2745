import { convertCveToOsv } from '../../domain/cve/cve-to-osv.js';
import { createEpssParser } from '../../domain/epss/epss.js';
import { kevEntriesByCve, type KevCatalog, type KevVulnerability } from '../../domain/kev/kev.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import type { EpssScoreRow } from '../../store/epss-repository.js';
import type { KevEntryRow } from '../../store/kev-repository.js';
import type { VulnerabilityWrite } from '../../store/vulnerability-repository.js';
import { validateCve, validateKev, validateOsv } from '../validation/schema-validators.js';
import type { ItemLocation, SourceItem } from './import-sources.js';

/** What one input item turned out to be. */
export type Recognized =
  | {
      readonly kind: 'record';
      readonly format: 'osv' | 'cve';
      readonly location: ItemLocation;
      readonly record: OsvRecord;
      readonly write: VulnerabilityWrite;
      /** Parts of the record left out or read conservatively, and why. */
      readonly warnings: readonly string[];
    }
  | { readonly kind: 'kev'; readonly format: 'kev'; readonly location: ItemLocation; readonly rows: readonly KevEntryRow[] }
  | { readonly kind: 'rejected'; readonly location: ItemLocation; readonly id?: string; readonly reason: string };

/** Per-file state of a CSV being read (EPSS): its header and the rows read so far. */
export class CsvState {
  readonly parser = createEpssParser();
  readonly rows: EpssScoreRow[] = [];
}

/**
 * Recognizes an item's format and turns it into something to store: an OSV record
 * (OSV as is, CVE JSON 5.x converted), KEV catalog entries, or an EPSS row; or a
 * rejection naming where and why. JSON arrays are read element by element.
 */
export function* recognize(item: SourceItem, csv: CsvState): Generator<Recognized> {
  if (item.kind === 'unreadable') {
    yield { kind: 'rejected', location: item.location, reason: item.reason };
    return;
  }
  if (item.kind === 'csv-line') {
    const errorsBefore = csv.parser.errors.length;
    const row = csv.parser.push(item.text);
    if (row) {
      csv.rows.push({ cve_id: row.cve, epss: row.epss, percentile: row.percentile, score_date: csv.parser.scoreDate ?? null, model_version: csv.parser.modelVersion ?? null });
    }
    for (const e of csv.parser.errors.slice(errorsBefore)) yield { kind: 'rejected', location: item.location, reason: `EPSS: ${e.message}` };
    return;
  }
  const value = item.value;
  if (Array.isArray(value)) {
    for (const [i, element] of value.entries()) {
      yield* recognize({ kind: 'json', location: { ...item.location, entry: String(i) }, value: element }, csv);
    }
    return;
  }
  if (!isObject(value)) {
    yield { kind: 'rejected', location: item.location, reason: 'not a JSON object' };
    return;
  }
  if ('catalogVersion' in value && Array.isArray(value.vulnerabilities)) yield* kevCatalog(value, item.location);
  else if (value.dataType === 'CVE_RECORD' || 'cveMetadata' in value) yield cveRecord(value, item.location);
  else if (typeof value.id === 'string' && 'modified' in value) yield osvRecord(value, item.location);
  else yield { kind: 'rejected', location: item.location, reason: 'not an OSV record, CVE record or KEV catalog' };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function osvRecord(value: Record<string, unknown>, location: ItemLocation): Recognized {
  const id = value.id as string;
  const valid = validateOsv(value);
  if (!valid.ok) return { kind: 'rejected', location, id, reason: `not valid OSV: ${valid.errors.join('; ')}` };
  return toWrite(value as unknown as OsvRecord, 'osv', location, []);
}

function cveRecord(value: Record<string, unknown>, location: ItemLocation): Recognized {
  const meta = value.cveMetadata as { cveId?: unknown } | undefined;
  const id = typeof meta?.cveId === 'string' ? meta.cveId : undefined;
  const valid = validateCve(value);
  if (!valid.ok) return { kind: 'rejected', location, id, reason: `not valid CVE JSON 5: ${valid.errors.join('; ')}` };
  const converted = convertCveToOsv(value);
  if (!converted.record) {
    return { kind: 'rejected', location, id, reason: converted.issues.map((i) => i.message).join('; ') || 'cannot convert' };
  }
  const warnings = converted.issues.map((i) => `${i.path}: ${i.code}: ${i.message}`);
  return toWrite(converted.record, 'cve', location, warnings);
}

function toWrite(record: OsvRecord, format: 'osv' | 'cve', location: ItemLocation, warnings: string[]): Recognized {
  const modifiedMs = Date.parse(record.modified);
  if (Number.isNaN(modifiedMs)) return { kind: 'rejected', location, id: record.id, reason: `modified is not a timestamp: ${record.modified}` };
  return {
    kind: 'record',
    format,
    location,
    record,
    warnings,
    write: {
      id: record.id,
      modified: record.modified,
      modifiedMs,
      published: record.published ?? null,
      withdrawn: record.withdrawn ?? null,
      source: format,
      aliases: record.aliases ?? [],
      record: JSON.stringify(record),
    },
  };
}

function* kevCatalog(catalog: Record<string, unknown>, location: ItemLocation): Generator<Recognized> {
  const validation = validateKev(catalog);
  // Schema errors point into /vulnerabilities/N/…: reject those entries, keep the rest.
  const badEntries = new Map<number, string[]>();
  if (!validation.ok) {
    for (const error of validation.errors) {
      const m = /^\/vulnerabilities\/(\d+)/.exec(error);
      if (!m) {
        yield { kind: 'rejected', location, reason: `not a valid KEV catalog: ${error}` };
        return;
      }
      const list = badEntries.get(Number(m[1])) ?? [];
      list.push(error);
      badEntries.set(Number(m[1]), list);
    }
  }
  const all = catalog.vulnerabilities as KevVulnerability[];
  const valid: KevVulnerability[] = [];
  for (const [i, v] of all.entries()) {
    const errors = badEntries.get(i);
    if (!errors) valid.push(v);
    else yield { kind: 'rejected', location: { ...location, entry: `vulnerabilities/${i}` }, id: typeof v.cveID === 'string' ? v.cveID : undefined, reason: errors.join('; ') };
  }
  const version = String(catalog.catalogVersion);
  const rows: KevEntryRow[] = [...kevEntriesByCve({ ...(catalog as unknown as KevCatalog), vulnerabilities: valid })].map(([cve, e]) => ({
    cve_id: cve,
    date_added: e.dateAdded,
    due_date: e.dueDate,
    known_ransomware_campaign_use: e.knownRansomwareCampaignUse ?? null,
    vendor_project: e.vendorProject,
    product: e.product,
    vulnerability_name: e.vulnerabilityName,
    required_action: e.requiredAction,
    short_description: e.shortDescription,
    notes: e.notes ?? null,
    cwes: e.cwes.join(','),
    catalog_version: version,
  }));
  yield { kind: 'kev', format: 'kev', location, rows };
}
