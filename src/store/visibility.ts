import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { hasScope, type Principal } from '../domain/access/access-policy.js';

/** Tables of shareable records: each has `id`, `owner_org_id` and `tlp`. */
export type MarkedTable = 'assets' | 'reports' | 'cases' | 'case_messages';

/**
 * The read rule of access-policy.ts as a SQL condition, so a list filters and pages
 * in the database instead of loading records it must not show. The access layer is
 * the only caller; a test holds this condition and `decide` to the same answers.
 */
export function visibleTo(table: MarkedTable, principal: Principal | undefined): RawBuilder<SqlBool> {
  const tlp = sql.ref(`${table}.tlp`);
  const owner = sql.ref(`${table}.owner_org_id`);
  const id = sql.ref(`${table}.id`);
  if (!principal) return sql<SqlBool>`${tlp} = 'CLEAR'`;
  if (principal.scopes && !hasScope(principal.scopes, 'read')) return sql<SqlBool>`${tlp} = 'CLEAR'`;
  return sql<SqlBool>`(${tlp} in ('CLEAR', 'GREEN')
    or (${tlp} in ('AMBER', 'AMBER+STRICT') and ${owner} = ${principal.orgId})
    or (${tlp} = 'AMBER' and exists (select 1 from record_shares s where s.record_id = ${id} and s.org_id = ${principal.orgId}))
    or (${tlp} = 'RED' and exists (select 1 from record_recipients r where r.record_id = ${id} and r.user_id = ${principal.userId})))`;
}
