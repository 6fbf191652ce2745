import type { Tlp } from './tlp.js';
import { roleAtLeast, type Role } from './organizations.js';

/**
 * Who is asking: a signed-in user, or an API token acting for one (its scopes can
 * only narrow the user's role, never widen it). Undefined means anonymous.
 */
export interface Principal {
  readonly userId: string;
  readonly orgId: string;
  readonly role: Role;
  /** Token scopes; undefined for a browser session, which has the user's full role. */
  readonly scopes?: readonly Scope[];
}

/** What an API token may do. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** The sharing facts of one record: who owns it, its marking, and who it was shared with. */
export interface Marking {
  readonly ownerOrgId: string;
  readonly tlp: Tlp;
  /** Organizations an AMBER record was shared with (need to know). */
  readonly sharedWithOrgIds: readonly string[];
  /** Named people a RED record was given to. */
  readonly recipientUserIds: readonly string[];
}

/** What a principal asks to do to a record. */
export type Action = 'read' | 'write' | 'administer';

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const allowed: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/**
 * The one rule for every read and write of a shareable record (TLP 2.0 read with the
 * program's communities): CLEAR is public; GREEN is for every registered member;
 * AMBER for the owner and the organizations it was shared with; AMBER+STRICT for the
 * owner only; RED for the named recipients only. Writing needs the owner organization
 * and at least the member role; administering, its admin. The SQL filter in the store
 * (visibility.ts) states the same rule for lists; a test holds them to each other.
 */
export function decide(principal: Principal | undefined, action: Action, marking: Marking): Decision {
  if (action === 'read') return canRead(principal, marking);
  if (!principal) return deny('sign in first');
  if (principal.orgId !== marking.ownerOrgId) return deny('only the owning organization may change this record');
  const needed: Role = action === 'write' ? 'member' : 'admin';
  if (!roleAtLeast(principal.role, needed)) return deny(`needs the ${needed} role; you are ${principal.role}`);
  const scope: Scope = action === 'write' ? 'write' : 'admin';
  if (principal.scopes && !hasScope(principal.scopes, scope)) return deny(`this token lacks the ${scope} scope`);
  return canRead(principal, marking);
}

function canRead(principal: Principal | undefined, marking: Marking): Decision {
  if (marking.tlp === 'CLEAR') return allowed;
  if (!principal) return deny('sign in first');
  if (principal.scopes && !hasScope(principal.scopes, 'read')) return deny('this token lacks the read scope');
  switch (marking.tlp) {
    case 'GREEN':
      return allowed;
    case 'AMBER':
      return principal.orgId === marking.ownerOrgId || marking.sharedWithOrgIds.includes(principal.orgId) ? allowed : deny('TLP:AMBER, not shared with your organization');
    case 'AMBER+STRICT':
      return principal.orgId === marking.ownerOrgId ? allowed : deny('TLP:AMBER+STRICT, for the owning organization only');
    case 'RED':
      return marking.recipientUserIds.includes(principal.userId) ? allowed : deny('TLP:RED, for named recipients only');
  }
}

/** Scopes nest: admin implies write, write implies read. */
export function hasScope(scopes: readonly Scope[], needed: Scope): boolean {
  const rank = (s: Scope): number => SCOPES.indexOf(s);
  return scopes.some((s) => rank(s) >= rank(needed));
}

/**
 * The clearinghouse's own work (the intake queue, clusters, cases) is not a shared record
 * but a workspace: its staff read it; its analysts change it (merge, split, coordinate).
 */
export function decideCoordination(principal: Principal | undefined, organizationType: string | undefined, action: 'read' | 'write'): Decision {
  if (!principal) return deny('sign in first');
  if (organizationType !== 'clearinghouse') return deny("only the clearinghouse's staff work the intake queue");
  const needed: Role = action === 'write' ? 'analyst' : 'viewer';
  if (!roleAtLeast(principal.role, needed)) return deny(`needs the ${needed} role; you are ${principal.role}`);
  if (principal.scopes && !hasScope(principal.scopes, action)) return deny(`this token lacks the ${action} scope`);
  return allowed;
}
