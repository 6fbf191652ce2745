import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../../domain/access/access-policy.js';
import { parseTlp, type Tlp } from '../../domain/access/tlp.js';
import { nearestFixedVersion } from '../../domain/matching/nearest-fix.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { ecosystemForPurl } from '../../domain/purl/ecosystem-map.js';
import { parsePurl } from '../../domain/purl/purl.js';
import { resolveEcosystem } from '../../domain/versioning/ecosystems.js';
import { versionSchemes } from '../../domain/versioning/registry.js';
import type { AssetRow, ComponentRow, ExposureRow, InventoryRepository, PackageKey, SbomRow } from '../../store/inventory-repository.js';
import type { VulnerabilityRepository } from '../../store/vulnerability-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { ServiceError } from '../service-error.js';

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
/** SSVC System Exposure values. */
export const SYSTEM_EXPOSURES = ['small', 'controlled', 'open'] as const;
/** SSVC Mission Impact values (v2). */
export const MISSION_IMPACTS = ['degraded', 'mef_support_crippled', 'mef_failure', 'mission_failure'] as const;

export interface NewAsset {
  readonly name: string;
  readonly criticality: string;
  readonly systemExposure: string;
  readonly missionImpact: string;
  readonly tlp?: string | undefined;
}

/** An SBOM component as the SBOM readers hand it over. */
export interface UploadedComponent {
  readonly ref: string;
  readonly name: string;
  readonly version?: string | undefined;
  readonly purl?: string | undefined;
  readonly cpes: readonly string[];
  readonly unmatchedReason?: string | undefined;
}

/** A read SBOM, whatever its format. */
export interface UploadedSbom {
  readonly format: string;
  readonly specVersion: string;
  readonly encoding: string;
  readonly name?: string | undefined;
  readonly components: readonly UploadedComponent[];
}

/** Where a component stands for matching: the package it names, or why it names none. */
interface ComponentPackage {
  readonly version: string | null;
  readonly ecosystem: string | null;
  readonly packageName: string | null;
  readonly queryEcosystem: string | null;
  readonly unmatchedReason: string | null;
}

/**
 * Operators' assets and their SBOMs, and the exposures that follow from them. Exposures
 * stay current incrementally: an upload matches only its own components; a changed
 * advisory re-matches only the components of the packages it names, found through the
 * package → holders index, never by scanning every SBOM.
 */
export class InventoryService {
  readonly #inventory: InventoryRepository;
  readonly #vulnerabilities: VulnerabilityRepository;
  readonly #knowledgeBase: KnowledgeBase;
  readonly #access: AccessLayer;
  readonly #now: () => Date;

  constructor(deps: { inventory: InventoryRepository; vulnerabilities: VulnerabilityRepository; knowledgeBase: KnowledgeBase; access: AccessLayer; now?: () => Date }) {
    this.#inventory = deps.inventory;
    this.#vulnerabilities = deps.vulnerabilities;
    this.#knowledgeBase = deps.knowledgeBase;
    this.#access = deps.access;
    this.#now = deps.now ?? (() => new Date());
  }

  async createAsset(principal: Principal | undefined, input: NewAsset): Promise<AssetRow> {
    const tlp = readTlp(input.tlp ?? 'AMBER+STRICT');
    this.#access.requireCreate(principal, tlp);
    const name = input.name.trim();
    if (!name) throw new ServiceError('invalid', 'an asset needs a name', '/name');
    oneOf(input.criticality, CRITICALITIES, '/criticality');
    oneOf(input.systemExposure, SYSTEM_EXPOSURES, '/systemExposure');
    oneOf(input.missionImpact, MISSION_IMPACTS, '/missionImpact');
    if (await this.#inventory.assetByName(principal!.orgId, name)) throw new ServiceError('conflict', `your organization has an asset named "${name}"`, '/name');
    const row: AssetRow = {
      id: randomUUID(),
      owner_org_id: principal!.orgId,
      tlp,
      name,
      criticality: input.criticality,
      system_exposure: input.systemExposure,
      mission_impact: input.missionImpact,
      current_sbom_id: null,
      created_at: this.#now().toISOString(),
    };
    await this.#inventory.insertAsset(row);
    await this.#access.recordCreated(principal!, row.id);
    return row;
  }

  async listAssets(principal: Principal | undefined, page: { offset: number; limit: number }): Promise<AssetRow[]> {
    return this.#inventory.listAssets(this.#access.listFilter('assets', principal), page);
  }

  async getAsset(principal: Principal | undefined, id: string): Promise<AssetRow> {
    await this.#access.require(principal, 'read', 'assets', id);
    return (await this.#inventory.assetById(id))!;
  }

  /** The asset of an organization by name, for the CLI's `--asset NAME`. */
  async assetNamed(principal: Principal, name: string): Promise<AssetRow> {
    const asset = await this.#inventory.assetByName(principal.orgId, name);
    if (!asset) throw new ServiceError('not_found', `your organization has no asset named "${name}"`, '/asset');
    await this.#access.require(principal, 'read', 'assets', asset.id);
    return asset;
  }

  /** Makes an SBOM the asset's current one and writes its exposures, all in one transaction. */
  async uploadSbom(principal: Principal | undefined, assetId: string, sbom: UploadedSbom, document: Buffer | string): Promise<{ sbom: SbomRow; exposures: number; unmatched: number }> {
    await this.#access.require(principal, 'write', 'assets', assetId);
    const now = this.#now().toISOString();
    const row: SbomRow = {
      id: randomUUID(),
      asset_id: assetId,
      format: sbom.format,
      spec_version: sbom.specVersion,
      encoding: sbom.encoding,
      name: sbom.name ?? null,
      sha256: createHash('sha256').update(document).digest('hex'),
      component_count: sbom.components.length,
      uploaded_by: principal!.userId,
      uploaded_at: now,
    };
    const components = sbom.components.map((c) => {
      const pkg = packageOf(c);
      return {
        ref: c.ref,
        name: c.name,
        version: pkg.version,
        purl: c.purl ?? null,
        ecosystem: pkg.ecosystem,
        package_name: pkg.packageName,
        query_ecosystem: pkg.queryEcosystem,
        cpes: JSON.stringify(c.cpes),
        unmatched_reason: pkg.unmatchedReason,
      };
    });
    // Matched before the transaction: the store's one SQLite connection is the transaction's while it runs.
    const found = await this.#exposuresOf(
      components.map((c, index) => ({ ...c, id: index, sbom_id: row.id, asset_id: assetId })),
      undefined,
      now,
    );
    await this.#inventory.replaceSbom(row, components, async (tx, stored) => {
      await this.#inventory.insertExposures(
        tx,
        found.map((e) => ({ ...e, component_id: stored[e.component_id]!.id })),
      );
    });
    const exposures = found.length;
    return { sbom: row, exposures, unmatched: components.filter((c) => c.unmatched_reason !== null).length };
  }

  async exposuresOfAsset(principal: Principal | undefined, assetId: string) {
    await this.#access.require(principal, 'read', 'assets', assetId);
    return this.#inventory.exposuresOfAsset(assetId);
  }

  /**
   * Re-matches the components holding the packages the records name, for those records
   * only. Call it after the knowledge base indexed the records.
   */
  async applyAdvisories(records: readonly OsvRecord[]): Promise<{ touched: number; exposures: number }> {
    const packagesByRecord = records.map((r) => packagesOf(r));
    const holders = await this.#inventory.currentComponentsOf(uniquePackages(packagesByRecord.flat()));
    if (holders.length === 0) return { touched: 0, exposures: 0 };
    const byPackage = new Map<string, ComponentRow[]>();
    for (const c of holders) {
      const key = packageKeyText({ ecosystemBase: c.ecosystem!, packageName: c.package_name! });
      byPackage.set(key, [...(byPackage.get(key) ?? []), c]);
    }
    const now = this.#now().toISOString();
    const changes: { vulnId: string; exposed: ExposureRow[]; touched: number[] }[] = [];
    let touched = 0;
    for (const [i, record] of records.entries()) {
      const components = packagesByRecord[i]!.flatMap((p) => byPackage.get(packageKeyText(p)) ?? []);
      if (components.length === 0) continue;
      const exposed = record.withdrawn ? [] : await this.#exposuresOf(components, record.id, now);
      changes.push({ vulnId: record.id, exposed, touched: components.map((c) => c.id) });
      touched += components.length;
    }
    await this.#inventory.applyAdvisoryChanges(changes);
    return { touched, exposures: changes.reduce((n, c) => n + c.exposed.length, 0) };
  }

  /** The exposures of components, optionally for one record only. */
  async #exposuresOf(components: readonly ComponentRow[], onlyVulnId: string | undefined, now: string): Promise<ExposureRow[]> {
    const hits: { component: ComponentRow; vulnId: string }[] = [];
    for (const c of components) {
      if (!c.query_ecosystem || !c.package_name || !c.version) continue;
      const answer = this.#knowledgeBase.index.match({ ecosystem: c.query_ecosystem, name: c.package_name, version: c.version });
      if (!answer.ok) continue;
      for (const vulnId of answer.ids) if (onlyVulnId === undefined || vulnId === onlyVulnId) hits.push({ component: c, vulnId });
    }
    const records = new Map<string, OsvRecord>();
    const ids = [...new Set(hits.map((h) => h.vulnId))];
    for (const row of await this.#vulnerabilities.getMany(ids)) records.set(row.id, JSON.parse(row.record) as OsvRecord);
    return hits.map(({ component, vulnId }) => {
      const record = records.get(vulnId);
      const fixed = record ? nearestFixedVersion(record, { ecosystem: component.query_ecosystem!, name: component.package_name!, version: component.version! }, versionSchemes) : undefined;
      return { asset_id: component.asset_id, component_id: component.id, vuln_id: vulnId, fixed_version: fixed ?? null, status: 'open', first_seen: now, updated_at: now };
    });
  }
}

function readTlp(text: string): Tlp {
  const tlp = parseTlp(text);
  if (!tlp.ok) throw new ServiceError('invalid', tlp.error, '/tlp');
  return tlp.value;
}

function oneOf(value: string, allowed: readonly string[], field: string): void {
  if (!allowed.includes(value)) throw new ServiceError('invalid', `"${value}" is not one of ${allowed.join(', ')}`, field);
}

/** The package a component names through its purl, or why it names none. */
function packageOf(component: UploadedComponent): ComponentPackage {
  const version = component.version ?? null;
  const none = (reason: string): ComponentPackage => ({ version, ecosystem: null, packageName: null, queryEcosystem: null, unmatchedReason: reason });
  if (component.unmatchedReason) return none(component.unmatchedReason);
  if (!component.purl) return none('no purl');
  // Lenient, as every purl reader here is: SBOM tools write `pkg:npm/@scope/name` with a raw '@'.
  const parsed = parsePurl(component.purl, { lenient: true });
  if (!parsed.ok) return none(parsed.error);
  const mapped = ecosystemForPurl(parsed.purl);
  if ('error' in mapped) return none(mapped.error);
  const resolved = resolveEcosystem(mapped.osvEcosystem);
  if (!resolved.ok) return none(resolved.error);
  const purlVersion = mapped.version ?? null;
  if (!version && !purlVersion) return none('no version');
  const definition = resolved.value.definition;
  return { version: version ?? purlVersion, ecosystem: definition.base, packageName: definition.normalizeName(mapped.name), queryEcosystem: mapped.osvEcosystem, unmatchedReason: null };
}

/** The packages a record names, as the holders index keys them. */
function packagesOf(record: OsvRecord): PackageKey[] {
  const keys = new Map<string, PackageKey>();
  for (const affected of record.affected ?? []) {
    if (!affected.package) continue;
    const resolved = resolveEcosystem(affected.package.ecosystem);
    if (!resolved.ok) continue;
    const key = { ecosystemBase: resolved.value.definition.base, packageName: resolved.value.definition.normalizeName(affected.package.name) };
    keys.set(packageKeyText(key), key);
  }
  return [...keys.values()];
}

function uniquePackages(keys: readonly PackageKey[]): PackageKey[] {
  return [...new Map(keys.map((k) => [packageKeyText(k), k])).values()];
}

function packageKeyText(key: PackageKey): string {
  return `${key.ecosystemBase}\u0000${key.packageName}`;
}
