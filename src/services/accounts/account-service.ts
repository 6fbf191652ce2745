import { randomUUID } from 'node:crypto';
import type { Principal, Scope } from '../../domain/access/access-policy.js';
import { SCOPES } from '../../domain/access/access-policy.js';
import { ORGANIZATION_TYPES, ROLES, checkSector, roleAtLeast, type OrganizationType, type Role } from '../../domain/access/organizations.js';
import type { AccountRepository, OrganizationRow, UserRow } from '../../store/account-repository.js';
import { ServiceError } from '../service-error.js';
import { hashPassword, passwordProblem, verifyPassword } from './password-hashing.js';
import { newSecret, secretHash } from './secret-tokens.js';

/** How long a web session lasts without signing in again. */
const SESSION_HOURS = 12;

export interface NewOrganization {
  readonly name: string;
  readonly type: string;
  readonly sector?: string | undefined;
}

export interface NewUser {
  readonly orgName: string;
  readonly email: string;
  readonly displayName?: string | undefined;
  readonly role: string;
  readonly password?: string | undefined;
}

export interface NewToken {
  readonly email: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly expiresAt?: string | undefined;
}

/** Organizations, people, sign-in and API tokens; turns a credential into a Principal. */
export class AccountService {
  readonly #accounts: AccountRepository;
  readonly #now: () => Date;

  constructor(accounts: AccountRepository, now: () => Date = () => new Date()) {
    this.#accounts = accounts;
    this.#now = now;
  }

  async createOrganization(input: NewOrganization): Promise<OrganizationRow> {
    const name = input.name.trim();
    if (!name) throw new ServiceError('invalid', 'an organization needs a name', '/name');
    if (!(ORGANIZATION_TYPES as readonly string[]).includes(input.type)) {
      throw new ServiceError('invalid', `"${input.type}" is not an organization type; expected one of ${ORGANIZATION_TYPES.join(', ')}`, '/type');
    }
    const sector = checkSector(input.type as OrganizationType, input.sector);
    if (!sector.ok) throw new ServiceError('invalid', sector.error, '/sector');
    if (await this.#accounts.organizationByName(name)) throw new ServiceError('conflict', `an organization named "${name}" exists`, '/name');
    const row: OrganizationRow = { id: randomUUID(), name, type: input.type, sector: sector.sector ?? null, created_at: this.#now().toISOString() };
    await this.#accounts.insertOrganization(row);
    return row;
  }

  async createUser(input: NewUser): Promise<UserRow> {
    const org = await this.#accounts.organizationByName(input.orgName);
    if (!org) throw new ServiceError('not_found', `no organization named "${input.orgName}"`, '/org');
    const email = input.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new ServiceError('invalid', `"${input.email}" is not an e-mail address`, '/email');
    if (!(ROLES as readonly string[]).includes(input.role)) throw new ServiceError('invalid', `"${input.role}" is not a role; expected one of ${ROLES.join(', ')}`, '/role');
    if (input.password !== undefined) {
      const problem = passwordProblem(input.password);
      if (problem) throw new ServiceError('invalid', problem, '/password');
    }
    if (await this.#accounts.userByEmail(email)) throw new ServiceError('conflict', `a user with e-mail ${email} exists`, '/email');
    const row: UserRow = {
      id: randomUUID(),
      org_id: org.id,
      email,
      display_name: input.displayName?.trim() || email,
      role: input.role,
      password_hash: input.password === undefined ? null : await hashPassword(input.password),
      created_at: this.#now().toISOString(),
      disabled_at: null,
    };
    await this.#accounts.insertUser(row);
    return row;
  }

  /** Issues an API token; the secret is returned once and only its hash is kept. */
  async createToken(input: NewToken): Promise<{ id: string; secret: string; scopes: Scope[] }> {
    const user = await this.#accounts.userByEmail(input.email.trim().toLowerCase());
    if (!user || user.disabled_at) throw new ServiceError('not_found', `no active user with e-mail ${input.email}`, '/email');
    if (input.scopes.length === 0) throw new ServiceError('invalid', `name at least one scope: ${SCOPES.join(', ')}`, '/scopes');
    const unknown = input.scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0) throw new ServiceError('invalid', `unknown scope ${unknown.join(', ')}; expected ${SCOPES.join(', ')}`, '/scopes');
    const scopes = [...new Set(input.scopes)] as Scope[];
    if (scopes.includes('admin') && !roleAtLeast(user.role as Role, 'admin')) {
      throw new ServiceError('forbidden', `an admin-scoped token needs an admin; ${user.email} is ${user.role}`, '/scopes');
    }
    if (input.expiresAt !== undefined && Number.isNaN(Date.parse(input.expiresAt))) {
      throw new ServiceError('invalid', `"${input.expiresAt}" is not a date`, '/expiresAt');
    }
    const secret = newSecret('cht');
    const id = randomUUID();
    await this.#accounts.insertToken({
      id,
      user_id: user.id,
      name: input.name,
      token_hash: secretHash(secret),
      scopes: scopes.join(','),
      created_at: this.#now().toISOString(),
      expires_at: input.expiresAt === undefined ? null : new Date(input.expiresAt).toISOString(),
      revoked_at: null,
    });
    return { id, secret, scopes };
  }

  async revokeToken(principal: Principal, tokenId: string): Promise<void> {
    if (!(await this.#accounts.revokeToken(tokenId, principal.userId, this.#now().toISOString()))) {
      throw new ServiceError('not_found', `no live token ${tokenId} of yours`, '/id');
    }
  }

  /** Signs in with e-mail and password; the same answer for a wrong e-mail and a wrong password. */
  async signIn(email: string, password: string): Promise<{ sessionSecret: string; expiresAt: string; principal: Principal }> {
    const user = await this.#accounts.userByEmail(email.trim().toLowerCase());
    const ok = user?.password_hash && !user.disabled_at ? await verifyPassword(password, user.password_hash) : false;
    if (!user || !ok) throw new ServiceError('unauthenticated', 'wrong e-mail or password');
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
    const sessionSecret = newSecret('chs');
    await this.#accounts.insertSession(secretHash(sessionSecret), user.id, now.toISOString(), expiresAt);
    return { sessionSecret, expiresAt, principal: principalOf(user) };
  }

  async signOut(sessionSecret: string): Promise<void> {
    await this.#accounts.deleteSession(secretHash(sessionSecret));
  }

  async listOrganizations(): Promise<OrganizationRow[]> {
    return this.#accounts.listOrganizations();
  }

  /** Who a principal is: the user (without credentials) and the organization. */
  async profile(principal: Principal | undefined): Promise<{ user: { id: string; email: string; displayName: string; role: string }; organization: { id: string; name: string; type: string; sector: string | null } }> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    const user = (await this.#accounts.userById(principal.userId))!;
    const org = (await this.#accounts.organizationById(principal.orgId))!;
    return {
      user: { id: user.id, email: user.email, displayName: user.display_name, role: principal.role },
      organization: { id: org.id, name: org.name, type: org.type, sector: org.sector },
    };
  }

  /** The principal of a session cookie, or undefined when it is unknown or expired. */
  async principalOfSession(sessionSecret: string): Promise<Principal | undefined> {
    const user = await this.#accounts.userOfSession(secretHash(sessionSecret), this.#now().toISOString());
    return user ? principalOf(user) : undefined;
  }

  /** The principal of an API token (its scopes narrow the user's role), or undefined. */
  async principalOfToken(secret: string): Promise<Principal | undefined> {
    const found = await this.#accounts.tokenByHash(secretHash(secret), this.#now().toISOString());
    if (!found) return undefined;
    return { ...principalOf(found.user), scopes: found.token.scopes.split(',') as Scope[] };
  }
}

function principalOf(user: UserRow): Principal {
  return { userId: user.id, orgId: user.org_id, role: user.role as Role };
}
