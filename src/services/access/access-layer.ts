import { decide, decideCoordination, type Action, type Marking, type Principal } from '../../domain/access/access-policy.js';
import type { Tlp } from '../../domain/access/tlp.js';
import type { Store } from '../../store/database.js';
import { visibleTo, type MarkedTable } from '../../store/visibility.js';
import { ServiceError } from '../service-error.js';

/**
 * The one place that decides who may read or change a shareable record. Services ask
 * it before every get and write, and take their list filters from it; no route
 * decides on its own. A record the principal may not read is "not found", so its
 * existence does not leak either.
 */
export class AccessLayer {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The SQL condition a list of `table` must carry for this principal. */
  listFilter(table: MarkedTable, principal: Principal | undefined) {
    return visibleTo(table, principal);
  }

  /** Throws not_found (for reads, or unreadable records) or forbidden unless the principal may act. */
  async require(principal: Principal | undefined, action: Action, table: MarkedTable, id: string): Promise<Marking> {
    const marking = await this.marking(table, id);
    if (!marking) throw new ServiceError('not_found', `no ${singular(table)} ${id}`);
    const read = decide(principal, 'read', marking);
    if (!read.allowed) throw new ServiceError(principal ? 'not_found' : 'unauthenticated', principal ? `no ${singular(table)} ${id}` : read.reason);
    if (action !== 'read') {
      const decision = decide(principal, action, marking);
      if (!decision.allowed) throw new ServiceError('forbidden', decision.reason);
    }
    return marking;
  }

  /** Checks that a principal may create records owned by its organization (member role and write scope). */
  requireCreate(principal: Principal | undefined, tlp: Tlp): asserts principal is Principal {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    const decision = decide(principal, 'write', { ownerOrgId: principal.orgId, tlp, sharedWithOrgIds: [], recipientUserIds: [principal.userId] });
    if (!decision.allowed) throw new ServiceError('forbidden', decision.reason);
  }

  /**
   * Throws unless the principal administers the organization: its admin role, and an
   * admin-scoped token. For the organization's own settings (subscriptions, timelines), which
   * are records it owns and nobody else reads.
   */
  requireOrganizationAdmin(principal: Principal | undefined, orgId: string): asserts principal is Principal {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    const decision = decide(principal, 'administer', { ownerOrgId: orgId, tlp: 'AMBER+STRICT', sharedWithOrgIds: [], recipientUserIds: [] });
    if (!decision.allowed) throw new ServiceError('forbidden', decision.reason);
  }

  /** Throws unless the principal is on the clearinghouse's staff (to read) or one of its analysts (to change). */
  async requireCoordinator(principal: Principal | undefined, action: 'read' | 'write'): Promise<Principal> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    const organization = await this.#store.db.selectFrom('organizations').select('type').where('id', '=', principal.orgId).executeTakeFirst();
    const decision = decideCoordination(principal, organization?.type, action);
    if (!decision.allowed) throw new ServiceError('forbidden', decision.reason);
    return principal;
  }

  /** Whoever creates a record is one of its recipients, so a RED record is never born unreadable. */
  async recordCreated(principal: Principal, id: string): Promise<void> {
    await this.#store.db.insertInto('record_recipients').values({ record_id: id, user_id: principal.userId }).execute();
  }

  /** Widens a record the principal may change: AMBER to more organizations, RED to more people. */
  async share(principal: Principal | undefined, table: MarkedTable, id: string, to: { orgIds?: readonly string[]; userIds?: readonly string[] }): Promise<void> {
    await this.require(principal, 'write', table, id);
    await this.#store.db.transaction().execute(async (tx) => {
      for (const orgId of to.orgIds ?? []) {
        await tx.insertInto('record_shares').values({ record_id: id, org_id: orgId }).onConflict((oc) => oc.doNothing()).execute();
      }
      for (const userId of to.userIds ?? []) {
        await tx.insertInto('record_recipients').values({ record_id: id, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
      }
    });
  }

  async marking(table: MarkedTable, id: string): Promise<Marking | undefined> {
    const row = await this.#store.db.selectFrom(table).select(['owner_org_id', 'tlp']).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const [shares, recipients] = await Promise.all([
      this.#store.db.selectFrom('record_shares').select('org_id').where('record_id', '=', id).execute(),
      this.#store.db.selectFrom('record_recipients').select('user_id').where('record_id', '=', id).execute(),
    ]);
    return {
      ownerOrgId: row.owner_org_id,
      tlp: row.tlp as Tlp,
      sharedWithOrgIds: shares.map((s) => s.org_id),
      recipientUserIds: recipients.map((r) => r.user_id),
    };
  }
}

function singular(table: MarkedTable): string {
  return table.replace(/s$/, '');
}
