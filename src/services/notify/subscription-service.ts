import { randomBytes, randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import type { Principal } from '../../domain/access/access-policy.js';
import { DEPLOYER_PRIORITY, parseValue, type DeployerPriority } from '../../domain/ssvc/decision-points.js';
import type { InventoryRepository } from '../../store/inventory-repository.js';
import { SUBSCRIPTION_KINDS, type OutboxRepository, type SubscriptionKind, type SubscriptionRow } from '../../store/outbox-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import { ServiceError } from '../service-error.js';
import { checkWebhookTarget, type TargetGuardOptions } from './target-guard.js';

/** A subscription as an organization's admin asks for it. */
export interface NewSubscription {
  readonly kind: string;
  /** An http(s) URL for a webhook, one address for e-mail. */
  readonly target: string;
  /** The lowest SSVC deployer priority to hear of: defer, scheduled, out-of-cycle (or out_of_cycle), immediate. */
  readonly minPriority: string;
  /** Only these assets of the organization; absent or null for all of them. */
  readonly assetIds?: readonly string[] | null | undefined;
  /** `daily` for one digest a day instead of a message per event. */
  readonly digest?: string | null | undefined;
}

/** A subscription as shown back: never with its secret. */
export interface SubscriptionView {
  readonly id: string;
  readonly orgId: string;
  readonly kind: SubscriptionKind;
  readonly target: string;
  readonly minPriority: DeployerPriority;
  readonly assetIds: readonly string[] | null;
  readonly digest: 'daily' | null;
  readonly createdAt: string;
  readonly disabledAt: string | null;
}

/**
 * An organization's notification subscriptions. Only the organization's admins may see or change
 * them (a webhook secret or an address list is the organization's business): the access policy's
 * `administer` rule on a record the organization owns, marked AMBER+STRICT.
 */
export class SubscriptionService {
  readonly #outbox: OutboxRepository;
  readonly #inventory: InventoryRepository;
  readonly #access: AccessLayer;
  readonly #guard: TargetGuardOptions;
  readonly #now: () => Date;

  constructor(deps: { outbox: OutboxRepository; inventory: InventoryRepository; access: AccessLayer; guard: TargetGuardOptions; now?: () => Date }) {
    this.#outbox = deps.outbox;
    this.#access = deps.access;
    this.#inventory = deps.inventory;
    this.#guard = deps.guard;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Creates a subscription; a webhook's signing secret is returned here once and never shown again. */
  async create(principal: Principal | undefined, orgId: string, input: NewSubscription): Promise<{ subscription: SubscriptionView; secret: string | null }> {
    this.#access.requireOrganizationAdmin(principal, orgId);
    const kind = SUBSCRIPTION_KINDS.find((k) => k === input.kind);
    if (!kind) throw new ServiceError('invalid', `"${input.kind}" is not a subscription kind; expected one of ${SUBSCRIPTION_KINDS.join(', ')}`, '/kind');
    const target = kind === 'webhook' ? await this.#webhookTarget(input.target) : emailTarget(input.target);
    const priority = parseValue('minPriority', DEPLOYER_PRIORITY, typeof input.minPriority === 'string' ? input.minPriority.replaceAll('_', '-') : input.minPriority);
    if (!priority.ok) throw new ServiceError('invalid', priority.error, '/minPriority');
    const assetIds = await this.#assetIds(orgId, input.assetIds);
    if (input.digest != null && input.digest !== 'daily') throw new ServiceError('invalid', `digest: "${input.digest}" is not a schedule; expected "daily" or none`, '/digest');
    const secret = kind === 'webhook' ? `whsec_${randomBytes(32).toString('base64url')}` : null;
    const row: SubscriptionRow = {
      id: randomUUID(),
      org_id: orgId,
      kind,
      target,
      secret,
      min_priority: priority.value,
      asset_ids: assetIds === null ? null : JSON.stringify(assetIds),
      digest: input.digest ?? null,
      created_by: principal.userId,
      created_at: this.#now().toISOString(),
      disabled_at: null,
    };
    await this.#outbox.insertSubscription(row);
    return { subscription: viewOf(row), secret };
  }

  /** The organization's subscriptions, disabled ones included, oldest first. */
  async list(principal: Principal | undefined, orgId: string): Promise<SubscriptionView[]> {
    this.#access.requireOrganizationAdmin(principal, orgId);
    return (await this.#outbox.subscriptionsOfOrg(orgId)).map(viewOf);
  }

  /** Stops a subscription: nothing new is sent to it, and its pending deliveries are given up. */
  async disable(principal: Principal | undefined, id: string): Promise<SubscriptionView> {
    const found = await this.#outbox.subscriptionById(id);
    // Another organization's subscription is "not found", so its existence does not leak.
    if (!found || (principal !== undefined && principal.orgId !== found.org_id)) throw new ServiceError('not_found', `no subscription ${id}`);
    this.#access.requireOrganizationAdmin(principal, found.org_id);
    await this.#outbox.disableSubscription(id, this.#now().toISOString());
    return viewOf((await this.#outbox.subscriptionById(id))!);
  }

  async #webhookTarget(target: string): Promise<string> {
    const check = await checkWebhookTarget(target, this.#guard);
    // A name that does not resolve now is kept: the worker checks the target again before every attempt.
    if (!check.ok && check.refusal !== 'unresolvable') throw new ServiceError('invalid', check.reason, '/target');
    return target;
  }

  async #assetIds(orgId: string, input: readonly string[] | null | undefined): Promise<string[] | null> {
    if (input == null) return null;
    const list: unknown = input;
    if (!Array.isArray(list) || list.length === 0) throw new ServiceError('invalid', 'assetIds: name at least one asset, or leave it out for every asset', '/assetIds');
    const ids = new Set<string>();
    for (const [index, id] of list.entries()) {
      const asset = typeof id === 'string' ? await this.#inventory.assetById(id) : undefined;
      if (asset?.owner_org_id !== orgId) throw new ServiceError('invalid', `assetIds: ${JSON.stringify(id)} is not an asset of this organization`, `/assetIds/${index}`);
      ids.add(asset.id);
    }
    return [...ids];
  }
}

/** One plain address (local@domain), no display name, no group. */
function emailTarget(target: string): string {
  const parsed = typeof target === 'string' ? addressparser(target, { flatten: true }) : [];
  const [only] = parsed;
  const address = only?.address ?? '';
  const at = address.lastIndexOf('@');
  if (parsed.length !== 1 || at < 1 || at === address.length - 1 || address !== target.trim()) {
    throw new ServiceError('invalid', `target: ${JSON.stringify(target)} is not one e-mail address (local@domain)`, '/target');
  }
  return address;
}

function viewOf(row: SubscriptionRow): SubscriptionView {
  return {
    id: row.id,
    orgId: row.org_id,
    kind: row.kind as SubscriptionKind,
    target: row.target,
    minPriority: row.min_priority as DeployerPriority,
    assetIds: row.asset_ids === null ? null : (JSON.parse(row.asset_ids) as string[]),
    digest: row.digest === 'daily' ? 'daily' : null,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}
