import type { Principal } from '../../domain/access/access-policy.js';
import { policyDaysError, REMEDIATION_STATUSES } from '../../domain/prioritization/remediation.js';
import { isCalendarDate } from '../../domain/ssvc/bod-26-04.js';
import { BOD_26_04_TIMELINE, DEPLOYER_PRIORITY } from '../../domain/ssvc/decision-points.js';
import { EXPOSURE_SORTS, type ExposureQuery, type ExposureView, type InventoryRepository } from '../../store/inventory-repository.js';
import type { RemediationEventRow, RemediationRepository, RemediationRow } from '../../store/remediation-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import { ServiceError, requireOneOf } from '../service-error.js';

/** What a caller may filter and sort exposures by. */
export interface ExposureFilter {
  readonly assetId?: string | undefined;
  readonly vulnId?: string | undefined;
  readonly priority?: readonly string[] | undefined;
  readonly status?: readonly string[] | undefined;
  readonly includeNotAffected?: boolean | undefined;
  readonly sort?: string | undefined;
  readonly offset?: number | undefined;
  readonly limit?: number | undefined;
}

export interface RemediationChange {
  readonly status?: string | undefined;
  readonly dueDate?: string | undefined;
  readonly note?: string | undefined;
}

/** The columns of an export, in order. */
export const EXPORT_COLUMNS = [
  'asset_name',
  'component_name',
  'component_version',
  'purl',
  'vuln_id',
  'priority',
  'cvss_score',
  'in_kev',
  'epss',
  'timeline',
  'due_date',
  'status',
  'fixed_version',
  'vex_status',
  'vex_justification',
  'first_seen',
] as const satisfies readonly (keyof ExposureView)[];

export { EXPOSURE_SORTS } from '../../store/inventory-repository.js';

export const MAX_PAGE = 1000;

/**
 * The operator's work list: exposures by priority, remediation status and due dates, the
 * overdue list, tightened timelines and exports. Every read goes through the access
 * layer's filter on assets; every change through its write check.
 */
export class RemediationService {
  readonly #inventory: InventoryRepository;
  readonly #remediations: RemediationRepository;
  readonly #access: AccessLayer;
  readonly #now: () => Date;

  constructor(deps: { inventory: InventoryRepository; remediations: RemediationRepository; access: AccessLayer; now?: () => Date }) {
    this.#inventory = deps.inventory;
    this.#remediations = deps.remediations;
    this.#access = deps.access;
    this.#now = deps.now ?? (() => new Date());
  }

  /** A page of the exposures the principal may see, most urgent first unless sorted otherwise. */
  async listExposures(principal: Principal | undefined, filter: ExposureFilter): Promise<{ items: ExposureView[]; total: number }> {
    const query = await this.#query(principal, filter);
    const { rows, total } = await this.#inventory.listExposures(this.#access.listFilter('assets', principal), query);
    return { items: rows, total };
  }

  /** Open work past its due date, on the assets the principal may see. */
  async overdue(principal: Principal | undefined, filter: Pick<ExposureFilter, 'assetId' | 'offset' | 'limit'>): Promise<{ items: ExposureView[]; total: number }> {
    const query = { ...(await this.#query(principal, { ...filter, sort: 'due' })), dueBefore: this.#now().toISOString().slice(0, 10) };
    const { rows, total } = await this.#inventory.listExposures(this.#access.listFilter('assets', principal), query);
    return { items: rows, total };
  }

  /** Every exposure of the principal's own organization, not-affected ones included, for CSV or JSON export. */
  async exportRows(principal: Principal | undefined): Promise<ExposureView[]> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    const rows: ExposureView[] = [];
    for (let offset = 0; ; offset += MAX_PAGE) {
      const page = await this.#inventory.listExposures(this.#access.listFilter('assets', principal), {
        ownerOrgId: principal.orgId,
        includeNotAffected: true,
        sort: 'priority',
        offset,
        limit: MAX_PAGE,
      });
      rows.push(...page.rows);
      if (page.rows.length < MAX_PAGE) return rows;
    }
  }

  async remediation(principal: Principal | undefined, assetId: string, vulnId: string): Promise<{ remediation: RemediationRow; history: (RemediationEventRow & { changed_by_email: string | null })[] }> {
    await this.#access.require(principal, 'read', 'assets', assetId);
    const remediation = await this.#remediations.get(assetId, vulnId);
    if (!remediation) throw new ServiceError('not_found', `${vulnId} was never found on this asset`, '/vulnId');
    return { remediation, history: await this.#remediations.history(assetId, vulnId) };
  }

  /**
   * Changes a remediation's status, due date or note. Members change status; only the
   * organization's admin moves a due date, and only earlier: BOD 26-04 sets the latest date.
   */
  async update(principal: Principal | undefined, assetId: string, vulnId: string, change: RemediationChange): Promise<RemediationRow> {
    await this.#access.require(principal, 'write', 'assets', assetId);
    const current = await this.#remediations.get(assetId, vulnId);
    if (!current) throw new ServiceError('not_found', `${vulnId} was never found on this asset`, '/vulnId');
    if (change.status === undefined && change.dueDate === undefined && change.note === undefined) throw new ServiceError('invalid', 'give a status, a dueDate or a note', '/');
    if (change.status !== undefined) requireOneOf(change.status, REMEDIATION_STATUSES, '/status');
    if ((change.status === 'not_affected' || change.status === 'risk_accepted') && !change.note?.trim()) {
      throw new ServiceError('invalid', `${change.status} needs a note saying why`, '/note');
    }
    if (change.dueDate !== undefined) {
      await this.#access.require(principal, 'administer', 'assets', assetId);
      if (!isCalendarDate(change.dueDate)) throw new ServiceError('invalid', `"${change.dueDate}" is not a date YYYY-MM-DD`, '/dueDate');
      if (current.due_date !== null && change.dueDate > current.due_date) {
        throw new ServiceError('invalid', `a due date may be moved earlier, not later: BOD 26-04 (${current.timeline}) sets ${current.due_date}`, '/dueDate');
      }
    }
    return this.#remediations.update(assetId, vulnId, { status: change.status, due_date: change.dueDate, note: change.note ?? null }, principal!.userId, this.#now().toISOString());
  }

  /** An organization admin's shorter number of days for a BOD 26-04 timeline, used for flaws found from now on. */
  async setPolicy(principal: Principal | undefined, timeline: string, days: number): Promise<void> {
    this.#access.requireOrganizationAdmin(principal, principal?.orgId ?? '');
    requireOneOf(timeline, BOD_26_04_TIMELINE, '/timeline');
    const error = policyDaysError(timeline, days);
    if (error) throw new ServiceError('invalid', error, '/days');
    await this.#remediations.setPolicy({ org_id: principal.orgId, timeline, days, updated_by: principal.userId, updated_at: this.#now().toISOString() });
  }

  async policies(principal: Principal | undefined): Promise<Map<string, number>> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    return (await this.#remediations.policiesOf([principal.orgId])).get(principal.orgId) ?? new Map();
  }

  async #query(principal: Principal | undefined, filter: ExposureFilter): Promise<ExposureQuery> {
    if (filter.assetId !== undefined) await this.#access.require(principal, 'read', 'assets', filter.assetId);
    const sort = filter.sort ?? 'priority';
    requireOneOf(sort, EXPOSURE_SORTS, '/sort');
    for (const p of filter.priority ?? []) requireOneOf(p, DEPLOYER_PRIORITY, '/priority');
    for (const s of filter.status ?? []) requireOneOf(s, REMEDIATION_STATUSES, '/status');
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new ServiceError('invalid', `limit must be 1 to ${MAX_PAGE}`, '/limit');
    const offset = filter.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0) throw new ServiceError('invalid', 'offset must be 0 or more', '/offset');
    return {
      ...(filter.assetId === undefined ? {} : { assetId: filter.assetId }),
      ...(filter.vulnId === undefined ? {} : { vulnId: filter.vulnId }),
      ...(filter.priority === undefined || filter.priority.length === 0 ? {} : { priorities: filter.priority }),
      ...(filter.status === undefined || filter.status.length === 0 ? {} : { statuses: filter.status }),
      includeNotAffected: filter.includeNotAffected ?? false,
      sort,
      offset,
      limit,
    };
  }
}

/** Exposure rows as CSV (RFC 4180): a header line, then one line per row, CRLF line ends. */
export function exposuresCsv(rows: readonly ExposureView[]): string {
  const cell = (value: string | number | boolean | null): string => {
    const text = value === null ? '' : String(value);
    // A leading = + - @ would make a spreadsheet run the cell as a formula; a quote mark disarms it.
    const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return [EXPORT_COLUMNS.join(','), ...rows.map((r) => EXPORT_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
