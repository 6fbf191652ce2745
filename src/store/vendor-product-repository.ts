import type { Selectable } from 'kysely';
import type { ProductRegistration } from '../domain/coordination/vendor-match.js';
import type { Store } from './database.js';
import type { VendorProductTable } from './schema.js';

export type VendorProductRow = Selectable<VendorProductTable>;

/** The registration a stored row holds. */
export function registrationOf(row: VendorProductRow): ProductRegistration {
  return row.kind === 'namespace'
    ? { kind: 'namespace', vendorId: row.org_id, type: row.type ?? '', namespace: row.namespace ?? '' }
    : { kind: 'package', vendorId: row.org_id, purl: row.purl ?? '' };
}

/** What makes a registration unique within its organization. */
export function registrationKey(registration: ProductRegistration): string {
  return registration.kind === 'package' ? registration.purl : `${registration.type} namespace ${registration.namespace}`;
}

/** Vendors' registered packages and namespaces. */
export class VendorProductRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Stores a registration; false when the organization already registered the same one. */
  async insert(row: VendorProductRow): Promise<boolean> {
    const inserted = await this.#store.db.insertInto('vendor_products').values(row).onConflict((oc) => oc.columns(['org_id', 'registration_key']).doNothing()).returning('id').executeTakeFirst();
    return inserted !== undefined;
  }

  async ofOrganization(orgId: string): Promise<VendorProductRow[]> {
    return this.#store.db.selectFrom('vendor_products').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
  }

  /** Every registration of every vendor organization: what a case's affected purls are matched against. */
  async all(): Promise<VendorProductRow[]> {
    return this.#store.db
      .selectFrom('vendor_products')
      .innerJoin('organizations', 'organizations.id', 'vendor_products.org_id')
      .selectAll('vendor_products')
      .where('organizations.type', '=', 'vendor')
      .orderBy('vendor_products.created_at')
      .orderBy('vendor_products.id')
      .execute();
  }

  /** Removes one of the organization's registrations; false when it has no such one. */
  async delete(orgId: string, id: string): Promise<boolean> {
    const result = await this.#store.db.deleteFrom('vendor_products').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
