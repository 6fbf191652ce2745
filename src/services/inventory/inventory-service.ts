import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../../domain/access/access-policy.js';
import { parseTlp, type Tlp } from '../../domain/access/tlp.js';
import { nearestFixedVersion } from '../../domain/matching/nearest-fix.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { advisoryFacts, exposurePriority, type AdvisoryFacts, type AssetContext } from '../../domain/prioritization/exposure-priority.js';
import { dueDate, stricterTimeline } from '../../domain/prioritization/remediation.js';
import type { Bod2604Timeline, DeployerPriority } from '../../domain/ssvc/decision-points.js';
import { decidingStatement } from '../../domain/vex/vex-applicability.js';
import { resolveEcosystem } from '../../domain/versioning/ecosystems.js';
import { versionSchemes } from '../../domain/versioning/registry.js';
import type { Transaction } from 'kysely';
import type { EpssRepository } from '../../store/epss-repository.js';
import type { DatabaseSchema } from '../../store/schema.js';
import type { AssetRow, ComponentRow, ExposureRow, InventoryRepository, PackageKey, SbomRow } from '../../store/inventory-repository.js';
import type { KevRepository } from '../../store/kev-repository.js';
import { enqueueNotifications, type ExposureNewEvent, type ExposureResolvedEvent, type NotificationEvent } from '../../store/outbox-repository.js';
import type { RemediationRepository, WantedRemediation } from '../../store/remediation-repository.js';
import type { VexRepository } from '../../store/vex-repository.js';
import type { VulnerabilityRepository } from '../../store/vulnerability-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { readSbom } from '../sbom/read-sbom.js';
import { ServiceError, requireOneOf } from '../service-error.js';
import { packageOf } from './component-package.js';

/** The largest SBOM accepted, in bytes: room for the biggest real SBOMs (tens of thousands of components). */
export const MAX_SBOM_BYTES = 64 * 1024 * 1024;

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
/** SSVC System Exposure values. */
export const SYSTEM_EXPOSURES = ['small', 'controlled', 'open'] as const;
/** SSVC Mission Impact values (v2), with underscores for spaces. */
export const MISSION_IMPACTS = ['degraded', 'mef_support_crippled', 'mef_failure', 'mission_failure'] as const;
/** SSVC Safety Impact values. */
export const SAFETY_IMPACTS = ['negligible', 'marginal', 'critical', 'catastrophic'] as const;

export interface NewAsset {
  readonly name: string;
  readonly criticality: string;
  readonly systemExposure: string;
  readonly missionImpact: string;
  readonly safetyImpact?: string | undefined;
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

/** Exposures found, with the remediations they call for. */
interface Findings {
  readonly exposures: ExposureRow[];
  readonly remediations: WantedRemediation[];
  /** Each found vulnerability's summary line, for notifications. */
  readonly summaries: Map<string, string | null>;
}

/**
 * Operators' assets and their SBOMs, and the exposures that follow from them. Exposures
 * stay current incrementally: an upload matches only its own components; a changed
 * advisory re-matches only the components of the packages it names, found through the
 * package → holders index, never by scanning every SBOM. Each exposure carries its
 * priority (SSVC deployer decision) and VEX status; each (asset, vulnerability) its
 * remediation, opened with a BOD 26-04 due date in the exposures' own transaction.
 */
export class InventoryService {
  readonly #inventory: InventoryRepository;
  readonly #remediations: RemediationRepository;
  readonly #vex: VexRepository;
  readonly #vulnerabilities: VulnerabilityRepository;
  readonly #kev: KevRepository;
  readonly #epss: EpssRepository;
  readonly #knowledgeBase: KnowledgeBase;
  readonly #access: AccessLayer;
  readonly #now: () => Date;

  constructor(deps: {
    inventory: InventoryRepository;
    remediations: RemediationRepository;
    vex: VexRepository;
    vulnerabilities: VulnerabilityRepository;
    kev: KevRepository;
    epss: EpssRepository;
    knowledgeBase: KnowledgeBase;
    access: AccessLayer;
    now?: () => Date;
  }) {
    this.#inventory = deps.inventory;
    this.#remediations = deps.remediations;
    this.#vex = deps.vex;
    this.#vulnerabilities = deps.vulnerabilities;
    this.#kev = deps.kev;
    this.#epss = deps.epss;
    this.#knowledgeBase = deps.knowledgeBase;
    this.#access = deps.access;
    this.#now = deps.now ?? (() => new Date());
  }

  async createAsset(principal: Principal | undefined, input: NewAsset): Promise<AssetRow> {
    const tlp = readTlp(input.tlp ?? 'AMBER+STRICT');
    this.#access.requireCreate(principal, tlp);
    const name = input.name.trim();
    if (!name) throw new ServiceError('invalid', 'an asset needs a name', '/name');
    requireOneOf(input.criticality, CRITICALITIES, '/criticality');
    requireOneOf(input.systemExposure, SYSTEM_EXPOSURES, '/systemExposure');
    requireOneOf(input.missionImpact, MISSION_IMPACTS, '/missionImpact');
    const safetyImpact = input.safetyImpact ?? 'negligible';
    requireOneOf(safetyImpact, SAFETY_IMPACTS, '/safetyImpact');
    if (await this.#inventory.assetByName(principal.orgId, name)) throw new ServiceError('conflict', `your organization has an asset named "${name}"`, '/name');
    const row: AssetRow = {
      id: randomUUID(),
      owner_org_id: principal.orgId,
      tlp,
      name,
      criticality: input.criticality,
      system_exposure: input.systemExposure,
      mission_impact: input.missionImpact,
      safety_impact: safetyImpact,
      current_sbom_id: null,
      created_at: this.#now().toISOString(),
    };
    await this.#inventory.insertAsset(row);
    await this.#access.recordCreated(principal, row.id);
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

  /** The SBOMs an asset has had, newest first. */
  async sbomHistory(principal: Principal | undefined, assetId: string): Promise<SbomRow[]> {
    await this.#access.require(principal, 'read', 'assets', assetId);
    return this.#inventory.sbomHistory(assetId);
  }

  /** The components of an asset's current SBOM, unmatched ones included. */
  async currentComponents(principal: Principal | undefined, assetId: string): Promise<ComponentRow[]> {
    const asset = await this.getAsset(principal, assetId);
    return asset.current_sbom_id ? this.#inventory.componentsOfSbom(asset.current_sbom_id) : [];
  }

  /**
   * Reads, validates and stores an SBOM document as the asset's current SBOM. A document
   * over the size limit, in no known format or failing its schema is refused with every
   * fault named, and nothing is stored.
   */
  async uploadSbomDocument(principal: Principal | undefined, assetId: string, document: Buffer, fileName?: string): Promise<{ sbom: SbomRow; exposures: number; unmatched: number; warnings: { field: string; message: string }[] }> {
    await this.#access.require(principal, 'write', 'assets', assetId);
    if (document.length > MAX_SBOM_BYTES) throw new ServiceError('too_large', `the SBOM is ${document.length} bytes; the limit is ${MAX_SBOM_BYTES} bytes (${MAX_SBOM_BYTES / 1024 / 1024} MiB)`, '/');
    const read = await readSbom(document, fileName === undefined ? {} : { fileName });
    if (!read.ok) {
      const errors = read.errors.map((e) => ({ field: e.path, message: e.message }));
      throw new ServiceError('invalid', `the SBOM was refused: ${errors.slice(0, 3).map((e) => `${e.field}: ${e.message}`).join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}`, errors[0]?.field, errors);
    }
    const stored = await this.uploadSbom(principal, assetId, read.sbom, document);
    return { ...stored, warnings: read.sbom.warnings.map((w) => ({ field: w.path, message: w.message })) };
  }

  /**
   * Makes an SBOM the asset's current one and writes its exposures and the remediations
   * they call for, all in one transaction; remediations of flaws the new SBOM no longer
   * has are marked remediated.
   */
  async uploadSbom(principal: Principal | undefined, assetId: string, sbom: UploadedSbom, document: Buffer | string): Promise<{ sbom: SbomRow; exposures: number; unmatched: number }> {
    await this.#access.require(principal, 'write', 'assets', assetId);
    const asset = (await this.#inventory.assetById(assetId))!;
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
        package_purl: pkg.packagePurl,
        cpes: JSON.stringify(c.cpes),
        unmatched_reason: pkg.unmatchedReason,
      };
    });
    // Matched before the transaction: the store's one SQLite connection is the transaction's while it runs.
    const found = await this.#findings(
      components.map((c, index) => ({ ...c, id: index, sbom_id: row.id, asset_id: assetId })),
      undefined,
      now,
    );
    await this.#inventory.replaceSbom(row, components, async (tx, stored, previous) => {
      await this.#inventory.insertExposures(
        tx,
        found.exposures.map((e) => ({ ...e, component_id: stored[e.component_id]!.id })),
      );
      await this.#remediations.open(tx, found.remediations, now);
      await this.#remediations.closeGone(tx, assetId, new Set(found.exposures.map((e) => e.vuln_id)), now);
      // Operators hear of what the new SBOM changed, not of everything it holds again.
      const keyOf = (vulnId: string, c: { name: string; version: string | null; purl: string | null }) => `${vulnId}\u0000${c.purl ?? c.name}\u0000${c.version ?? ''}`;
      const before = new Set(previous.map((p) => keyOf(p.vuln_id, p)));
      const after = new Set(found.exposures.map((e) => keyOf(e.vuln_id, components[e.component_id]!)));
      const events: NotificationEvent[] = [
        ...found.exposures.filter((e) => !before.has(keyOf(e.vuln_id, components[e.component_id]!))).map((e) => newExposureEvent(asset, e, components[e.component_id]!, found.summaries.get(e.vuln_id) ?? null, now)),
        ...previous.filter((p) => !after.has(keyOf(p.vuln_id, p))).map((p) => resolvedExposureEvent(asset, p.vuln_id, p.priority, p, now)),
      ];
      await enqueueNotifications(tx, events, new Date(now));
    });
    return { sbom: row, exposures: found.exposures.length, unmatched: components.filter((c) => c.unmatched_reason !== null).length };
  }

  /**
   * Brings the exposures up to the knowledge base's change log: every record written since
   * the last catch-up is re-matched, and the position is saved with the exposure changes.
   * The importer calls it after each write; opening the store calls it too, so exposures
   * left behind by a crash between an import and its exposure update are caught up.
   */
  async catchUp(): Promise<{ records: number; exposures: number }> {
    let seq = await this.#inventory.appliedSeq();
    if (!(await this.#inventory.hasComponents())) {
      // No SBOM yet: nothing to re-match, only the position to move.
      const latest = await this.#vulnerabilities.latestChange();
      if (latest > seq) await this.#inventory.setAppliedSeq(latest);
      return { records: 0, exposures: 0 };
    }
    let records = 0;
    let exposures = 0;
    for (;;) {
      const changes = await this.#vulnerabilities.changesSince(seq, 2000);
      if (changes.latest === seq) return { records, exposures };
      const stored = await this.#vulnerabilities.getMany(changes.ids);
      const applied = await this.applyAdvisories(
        stored.map((r) => JSON.parse(r.record) as OsvRecord),
        changes.latest,
      );
      records += stored.length;
      exposures += applied.exposures;
      seq = changes.latest;
    }
  }

  /**
   * Re-matches the components holding the packages the records name, for those records
   * only, and saves `throughSeq` as the change-log position in the same transaction. Call
   * it after the knowledge base indexed the records.
   */
  async applyAdvisories(records: readonly OsvRecord[], throughSeq?: number): Promise<{ touched: number; exposures: number }> {
    const packagesByRecord = records.map((r) => packagesOf(r));
    const holders = await this.#inventory.currentComponentsOf(uniquePackages(packagesByRecord.flat()));
    const savePosition = async (tx?: Transaction<DatabaseSchema>) => {
      if (throughSeq !== undefined) await this.#inventory.setAppliedSeq(throughSeq, tx);
    };
    if (holders.length === 0) {
      await savePosition();
      return { touched: 0, exposures: 0 };
    }
    const byPackage = new Map<string, ComponentRow[]>();
    for (const c of holders) {
      const key = packageKeyText({ ecosystemBase: c.ecosystem!, packageName: c.package_name! });
      const list = byPackage.get(key);
      if (list) list.push(c);
      else byPackage.set(key, [c]);
    }
    const now = this.#now().toISOString();
    const holderById = new Map(holders.map((c) => [Number(c.id), c]));
    const assets = new Map((await this.#inventory.assetsByIds(holders.map((c) => c.asset_id))).map((a) => [a.id, a]));
    const summaries = new Map(records.map((r) => [r.id, r.summary ?? null]));
    const touchedByRecord = records.map((_, i) => packagesByRecord[i]!.flatMap((p) => byPackage.get(packageKeyText(p)) ?? []));
    // One matching pass over every touched component, for all the records at once.
    const live = new Set(records.filter((r, i) => !r.withdrawn && touchedByRecord[i]!.length > 0).map((r) => r.id));
    const found = live.size === 0 ? { exposures: [], remediations: [] } : await this.#findings([...holderById.values()], live, now);
    const exposedByVuln = new Map<string, ExposureRow[]>();
    for (const e of found.exposures) {
      const list = exposedByVuln.get(e.vuln_id);
      if (list) list.push(e);
      else exposedByVuln.set(e.vuln_id, [e]);
    }
    const changes: { vulnId: string; exposed: ExposureRow[]; touched: number[] }[] = [];
    const remediations: WantedRemediation[] = found.remediations;
    let touched = 0;
    for (const [i, record] of records.entries()) {
      const components = touchedByRecord[i]!;
      if (components.length === 0) continue;
      changes.push({ vulnId: record.id, exposed: record.withdrawn ? [] : (exposedByVuln.get(record.id) ?? []), touched: components.map((c) => c.id) });
      touched += components.length;
    }
    await this.#inventory.applyAdvisoryChanges(changes, async (tx, diff) => {
      await this.#remediations.open(tx, remediations, now);
      await enqueueNotifications(
        tx,
        [
          ...diff.appeared.map((e) => newExposureEvent(assets.get(e.asset_id)!, e, holderById.get(e.component_id)!, summaries.get(e.vuln_id) ?? null, now)),
          ...diff.disappeared.map((e) => resolvedExposureEvent(assets.get(e.asset_id)!, e.vuln_id, e.priority, holderById.get(e.component_id)!, now)),
        ],
        new Date(now),
      );
      await savePosition(tx);
    });
    return { touched, exposures: changes.reduce((n, c) => n + c.exposed.length, 0) };
  }

  /** The exposures of components (optionally for some records only), with priority, VEX status and the remediations they call for. */
  async #findings(components: readonly ComponentRow[], onlyVulnIds: ReadonlySet<string> | undefined, now: string): Promise<Findings> {
    const hits: { component: ComponentRow; vulnId: string }[] = [];
    for (const c of components) {
      if (!c.query_ecosystem || !c.package_name || !c.version) continue;
      const answer = this.#knowledgeBase.index.match({ ecosystem: c.query_ecosystem, name: c.package_name, version: c.version });
      if (!answer.ok) continue;
      for (const vulnId of answer.ids) if (onlyVulnIds === undefined || onlyVulnIds.has(vulnId)) hits.push({ component: c, vulnId });
    }
    if (hits.length === 0) return { exposures: [], remediations: [], summaries: new Map() };
    const records = new Map<string, OsvRecord>();
    for (const row of await this.#vulnerabilities.getMany([...new Set(hits.map((h) => h.vulnId))])) records.set(row.id, JSON.parse(row.record) as OsvRecord);
    const facts = await this.#factsOf([...records.values()]);
    const assets = new Map((await this.#inventory.assetsByIds([...new Set(hits.map((h) => h.component.asset_id))])).map((a) => [a.id, a]));
    const ownerOrgIds = [...new Set([...assets.values()].map((a) => a.owner_org_id))];
    const policies = await this.#remediations.policiesOf(ownerOrgIds);
    const statements = (await this.#vex.statementsFor(hits.flatMap((h) => h.component.package_purl ?? []), ownerOrgIds)).map((s) => ({
      ...s,
      vulnIds: JSON.parse(s.vuln_ids) as string[],
      packagePurl: s.product_purl,
      version: s.product_version,
      assetId: s.asset_id,
    }));
    const startDate = now.slice(0, 10);
    const strictest = new Map<string, { assetId: string; vulnId: string; timeline: Bod2604Timeline; orgId: string }>();
    const exposures = hits.map(({ component, vulnId }): ExposureRow => {
      const record = records.get(vulnId);
      const asset = assets.get(component.asset_id)!;
      const fact = facts.get(vulnId) ?? advisoryFacts({ id: vulnId, modified: now }, { inKev: false });
      const priority = exposurePriority(fact, assetContext(asset));
      const key = `${asset.id}\u0000${vulnId}`;
      const previous = strictest.get(key);
      strictest.set(key, { assetId: asset.id, vulnId, orgId: asset.owner_org_id, timeline: previous ? stricterTimeline(previous.timeline, priority.timeline) : priority.timeline });
      const vex = component.package_purl
        ? decidingStatement(statements, { vulnIds: new Set([vulnId, ...(record?.aliases ?? [])]), packagePurl: component.package_purl, version: component.version, assetId: asset.id })
        : undefined;
      const fixed = record ? nearestFixedVersion(record, { ecosystem: component.query_ecosystem!, name: component.package_name!, version: component.version! }, versionSchemes) : undefined;
      return {
        asset_id: component.asset_id,
        component_id: component.id,
        vuln_id: vulnId,
        fixed_version: fixed ?? null,
        first_seen: now,
        updated_at: now,
        priority: priority.decision,
        priority_rank: priority.rank,
        timeline: priority.timeline,
        cvss_score: fact.cvssScore,
        in_kev: fact.inKev ? 1 : 0,
        epss: fact.epss,
        vex_status: vex?.status ?? null,
        vex_justification: vex?.justification ?? null,
      };
    });
    const remediations = [...strictest.values()].map((s) => ({
      asset_id: s.assetId,
      vuln_id: s.vulnId,
      timeline: s.timeline,
      due_date: dueDate(s.timeline, startDate, policies.get(s.orgId)?.get(s.timeline)),
    }));
    return { exposures, remediations, summaries: new Map([...records].map(([id, r]) => [id, r.summary ?? null])) };
  }

  /** Advisory facts per record: CVSS from its vectors, KEV and EPSS through its CVE aliases. */
  async #factsOf(records: readonly OsvRecord[]): Promise<Map<string, AdvisoryFacts>> {
    const cvesOf = (r: OsvRecord) => [r.id, ...(r.aliases ?? [])].filter((id) => id.startsWith('CVE-'));
    const allCves = records.flatMap(cvesOf);
    const kev = new Map((await this.#kev.forCves(allCves)).map((k) => [k.cve_id, k]));
    const epss = new Map((await this.#epss.forCves(allCves)).map((e) => [e.cve_id, e.epss]));
    return new Map(
      records.map((r) => {
        const cves = cvesOf(r);
        const listed = cves.map((c) => kev.get(c)).find((k) => k !== undefined);
        const scores = cves.flatMap((c) => epss.get(c) ?? []);
        return [r.id, advisoryFacts(r, { inKev: listed !== undefined, kevDueDate: listed?.due_date ?? null, epss: scores.length > 0 ? Math.max(...scores) : null })];
      }),
    );
  }
}

function newExposureEvent(asset: AssetRow, exposure: ExposureRow, component: { name: string; version: string | null; purl: string | null }, summary: string | null, now: string): ExposureNewEvent {
  return {
    type: 'exposure.new',
    orgId: asset.owner_org_id,
    assetId: asset.id,
    assetName: asset.name,
    vulnId: exposure.vuln_id,
    summary,
    priority: exposure.priority as DeployerPriority,
    component: { name: component.name, version: component.version, purl: component.purl },
    fixedVersion: exposure.fixed_version,
    occurredAt: now,
  };
}

function resolvedExposureEvent(asset: AssetRow, vulnId: string, priority: string, component: { name: string; version: string | null; purl: string | null }, now: string): ExposureResolvedEvent {
  return {
    type: 'exposure.resolved',
    orgId: asset.owner_org_id,
    assetId: asset.id,
    assetName: asset.name,
    vulnId,
    priority: priority as DeployerPriority,
    component: { name: component.name, version: component.version, purl: component.purl },
    occurredAt: now,
  };
}

function assetContext(asset: AssetRow): AssetContext {
  return {
    systemExposure: asset.system_exposure as AssetContext['systemExposure'],
    missionImpact: asset.mission_impact.replaceAll('_', ' ') as AssetContext['missionImpact'],
    safetyImpact: asset.safety_impact as AssetContext['safetyImpact'],
  };
}

function readTlp(text: string): Tlp {
  const tlp = parseTlp(text);
  if (!tlp.ok) throw new ServiceError('invalid', tlp.error, '/tlp');
  return tlp.value;
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
