// BASELINES, not the product's code path: full re-scans of the portfolio. The inventory service
// has no re-scan (it keeps exposures current incrementally), so the bench builds one two ways:
// - matchPortfolio: every current component of every asset through the knowledge base's
//   index.match, and nearestFixedVersion for each hit, as the service's matching does, with no
//   writes. A re-scan cannot be faster than this, so it is the conservative baseline; it is also
//   the "full portfolio match" figure.
// - rescanByReupload: every asset's current components handed to uploadSbom again, so matching
//   and the rewrite of exposures (priorities, VEX, remediations) are the service's own. It also
//   re-stores the components, so it is an upper bound.
import type { Principal } from '../src/domain/access/access-policy.js';
import { nearestFixedVersion } from '../src/domain/matching/nearest-fix.js';
import type { OsvRecord } from '../src/domain/osv/osv-record.js';
import { versionSchemes } from '../src/domain/versioning/registry.js';
import type { Clearinghouse } from '../src/services/clearinghouse.js';
import { InventoryRepository, type ComponentRow } from '../src/store/inventory-repository.js';

export interface MatchPassResult {
  readonly assets: number;
  readonly components: number;
  /** Components that name a package and version, so were matched. */
  readonly matched: number;
  /** (component, record) hits found. */
  readonly hits: number;
  readonly readSeconds: number;
  readonly matchSeconds: number;
  readonly fixSeconds: number;
  readonly totalSeconds: number;
  /** Resident memory just before the pass, and the most seen during it (sampled once per asset), MiB. */
  readonly rssBeforeMiB: number;
  readonly rssPeakMiB: number;
}

export interface ReuploadResult {
  /** Assets re-uploaded, of how many hold a current SBOM. */
  readonly assets: number;
  readonly ofAssets: number;
  readonly components: number;
  readonly exposures: number;
  readonly seconds: number;
}

const mib = (bytes: number): number => Math.round(bytes / 1048576);

async function currentSboms(ch: Clearinghouse): Promise<{ id: string; current_sbom_id: string | null }[]> {
  return ch.store.db.selectFrom('assets').select(['id', 'current_sbom_id']).where('current_sbom_id', 'is not', null).orderBy('id').execute();
}

/** Reads and matches every current component of every asset; writes nothing. */
export async function matchPortfolio(ch: Clearinghouse): Promise<MatchPassResult> {
  const inventory = new InventoryRepository(ch.store);
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const start = performance.now();
  const assets = await currentSboms(ch);
  const records = new Map<string, OsvRecord>();
  let components = 0;
  let matched = 0;
  let hitCount = 0;
  let readSeconds = 0;
  let matchSeconds = 0;
  let fixSeconds = 0;
  for (const asset of assets) {
    let t = performance.now();
    const rows = await inventory.componentsOfSbom(asset.current_sbom_id!);
    readSeconds += (performance.now() - t) / 1000;
    components += rows.length;

    t = performance.now();
    const hits: { component: ComponentRow; vulnId: string }[] = [];
    for (const c of rows) {
      if (!c.query_ecosystem || !c.package_name || !c.version) continue;
      matched++;
      const answer = ch.knowledgeBase.index.match({ ecosystem: c.query_ecosystem, name: c.package_name, version: c.version });
      if (!answer.ok) continue;
      for (const vulnId of answer.ids) hits.push({ component: c, vulnId });
    }
    matchSeconds += (performance.now() - t) / 1000;

    t = performance.now();
    const missing = [...new Set(hits.map((h) => h.vulnId))].filter((id) => !records.has(id));
    for (const row of await ch.vulnerabilities.getMany(missing)) records.set(row.id, JSON.parse(row.record) as OsvRecord);
    for (const { component, vulnId } of hits) {
      const record = records.get(vulnId);
      if (record) nearestFixedVersion(record, { ecosystem: component.query_ecosystem!, name: component.package_name!, version: component.version! }, versionSchemes);
    }
    fixSeconds += (performance.now() - t) / 1000;
    hitCount += hits.length;
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  }
  return {
    assets: assets.length,
    components,
    matched,
    hits: hitCount,
    readSeconds,
    matchSeconds,
    fixSeconds,
    totalSeconds: (performance.now() - start) / 1000,
    rssBeforeMiB: mib(rssBefore),
    rssPeakMiB: mib(rssPeak),
  };
}

/**
 * Hands the current components of the first `limit` assets (by id, so a random sample) to
 * uploadSbom again: exposures rewritten by the service.
 */
export async function rescanByReupload(ch: Clearinghouse, principal: Principal, limit: number, onProgress: (done: number, total: number) => void): Promise<ReuploadResult> {
  const inventory = new InventoryRepository(ch.store);
  const start = performance.now();
  const all = await currentSboms(ch);
  const assets = all.slice(0, limit);
  let components = 0;
  let exposures = 0;
  for (const [i, asset] of assets.entries()) {
    const rows = await inventory.componentsOfSbom(asset.current_sbom_id!);
    const uploaded = rows.map((c) => ({
      ref: c.ref,
      name: c.name,
      version: c.version ?? undefined,
      purl: c.purl ?? undefined,
      cpes: JSON.parse(c.cpes) as string[],
      unmatchedReason: c.unmatched_reason ?? undefined,
    }));
    const result = await ch.inventory.uploadSbom(principal, asset.id, { format: 'CycloneDX', specVersion: '1.6', encoding: 'json', name: 're-scan', components: uploaded }, JSON.stringify(uploaded));
    components += rows.length;
    exposures += result.exposures;
    if ((i + 1) % 100 === 0 || i + 1 === assets.length) onProgress(i + 1, assets.length);
  }
  return { assets: assets.length, ofAssets: all.length, components, exposures, seconds: (performance.now() - start) / 1000 };
}
