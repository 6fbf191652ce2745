import type { Principal } from '../../domain/access/access-policy.js';
import { parsePurl } from '../../domain/purl/purl.js';
import { decidingStatement } from '../../domain/vex/vex-applicability.js';
import type { AccountRepository } from '../../store/account-repository.js';
import type { VexRepository, VexStatementRow } from '../../store/vex-repository.js';
import type { VulnerabilityRepository } from '../../store/vulnerability-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import { ServiceError } from '../service-error.js';
import { readVex } from '../vex/read-vex.js';
import type { VexDocument, VexProduct } from '../vex/vex-document.js';
import { packagePurlOf } from './component-package.js';

/** What applying a VEX document did. */
export interface VexOutcome {
  readonly statements: number;
  readonly exposuresUpdated: number;
  /** Products no statement could be stored for (no purl), by statement and product. */
  readonly skipped: { statement: number; product: string; reason: string }[];
}

type NewStatement = Omit<VexStatementRow, 'id'>;

/**
 * VEX statements from the vendor or the operator set the status of the exposures they name.
 * An operator's statements cover its own assets (one, or all of them); a vendor's cover every
 * operator that holds the product. A statement names packages by purl: products without one
 * cannot be matched to SBOM components and are reported, not guessed at.
 */
export class VexService {
  readonly #vex: VexRepository;
  readonly #vulnerabilities: VulnerabilityRepository;
  readonly #accounts: AccountRepository;
  readonly #access: AccessLayer;
  readonly #now: () => Date;

  constructor(deps: { vex: VexRepository; vulnerabilities: VulnerabilityRepository; accounts: AccountRepository; access: AccessLayer; now?: () => Date }) {
    this.#vex = deps.vex;
    this.#vulnerabilities = deps.vulnerabilities;
    this.#accounts = deps.accounts;
    this.#access = deps.access;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Reads and validates a VEX document (CycloneDX, OpenVEX or CSAF), then applies it; a bad document is refused with every fault named. */
  async applyDocument(principal: Principal | undefined, document: Buffer, scope: { assetId?: string | undefined }): Promise<VexOutcome> {
    if (scope.assetId !== undefined) await this.#access.require(principal, 'write', 'assets', scope.assetId);
    else this.#access.requireCreate(principal, 'GREEN');
    const read = await readVex(document);
    if (!read.ok) {
      const errors = read.errors.map((e) => ({ field: e.path, message: e.message }));
      throw new ServiceError('invalid', `the VEX document was refused: ${errors.slice(0, 3).map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors[0]?.field, errors);
    }
    return this.apply(principal, read.vex, scope);
  }

  async apply(principal: Principal | undefined, document: VexDocument, scope: { assetId?: string | undefined }): Promise<VexOutcome> {
    if (scope.assetId !== undefined) await this.#access.require(principal, 'write', 'assets', scope.assetId);
    else this.#access.requireCreate(principal, 'GREEN');
    const org = await this.#accounts.organizationById(principal!.orgId);
    const now = this.#now().toISOString();
    const rows: NewStatement[] = [];
    const skipped: VexOutcome['skipped'] = [];
    for (const [index, statement] of document.statements.entries()) {
      const named = [statement.vulnerability, ...statement.aliases];
      const vulnIds = new Set(named);
      for (const id of named) for (const osvId of await this.#vulnerabilities.idsForAlias(id)) vulnIds.add(osvId);
      for (const product of statement.products.flatMap((p) => (p.subcomponents && p.subcomponents.length > 0 ? p.subcomponents : [p]))) {
        const target = packageTarget(product);
        if ('reason' in target) {
          skipped.push({ statement: index, product: product.ref ?? product.name ?? product.cpe ?? '?', reason: target.reason });
          continue;
        }
        rows.push({
          org_id: principal!.orgId,
          asset_id: scope.assetId ?? null,
          vuln_ids: JSON.stringify([...vulnIds]),
          product_purl: target.packagePurl,
          product_version: target.version,
          status: statement.status,
          justification: statement.justification ?? null,
          impact_statement: statement.impactStatement ?? null,
          format: document.format,
          document_id: document.id ?? null,
          created_by: principal!.userId,
          created_at: now,
        });
      }
    }
    if (rows.length === 0) throw new ServiceError('invalid', `no statement names a product by purl, so none can be applied${skipped.length > 0 ? ` (${skipped.length} products without a purl)` : ''}`, '/statements');
    const rules = rows.map((r) => ({ ...r, vulnIds: JSON.parse(r.vuln_ids) as string[], packagePurl: r.product_purl, version: r.product_version, assetId: r.asset_id }));
    const everyone = org?.type === 'vendor' && scope.assetId === undefined;
    const updated = await this.#vex.record(rows, async (tx) => {
      const candidates = await this.#vex.candidates(
        tx,
        rules.flatMap((r) => r.vulnIds),
        rules.map((r) => r.packagePurl),
        scope.assetId !== undefined ? { assetId: scope.assetId } : everyone ? {} : { ownerOrgId: principal!.orgId },
      );
      return candidates.flatMap((c) => {
        const rule = decidingStatement(rules, { vulnIds: new Set([c.vuln_id]), packagePurl: c.package_purl, version: c.version, assetId: c.asset_id });
        return rule ? [{ asset_id: c.asset_id, component_id: c.component_id, vuln_id: c.vuln_id, vex_status: rule.status, vex_justification: rule.justification }] : [];
      });
    });
    return { statements: rows.length, exposuresUpdated: updated, skipped };
  }
}

/** The package and version a VEX product names, through its purl. */
function packageTarget(product: VexProduct): { packagePurl: string; version: string | null } | { reason: string } {
  if (!product.purl) return { reason: product.cpe ? 'named by CPE only; statements are matched by purl' : 'no purl' };
  const parsed = parsePurl(product.purl, { lenient: true });
  if (!parsed.ok) return { reason: parsed.error };
  return { packagePurl: packagePurlOf(parsed.purl), version: parsed.purl.version ?? product.version ?? null };
}
