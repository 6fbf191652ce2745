import { randomUUID } from 'node:crypto';
import type { Principal } from '../../domain/access/access-policy.js';
import { parseTlp, type Tlp } from '../../domain/access/tlp.js';
import { ServiceError } from '../service-error.js';
import type { CaseSupport } from './case-support.js';
import { localOf } from './case-view.js';

/** The longest message body. */
export const MAX_MESSAGE_LENGTH = 20_000;

export interface NewMessage {
  readonly body: string;
  /** TLP 2.0 label; AMBER when absent. */
  readonly tlp?: string | undefined;
  /** The people a TLP:RED message is for (user ids of the case's organizations); its author always reads it. */
  readonly recipientUserIds?: readonly string[] | undefined;
}

export interface MessageView {
  readonly id: string;
  readonly caseId: string;
  readonly tlp: string;
  readonly body: string;
  readonly authorUserId: string;
  readonly authorName: string;
  readonly orgId: string;
  readonly orgName: string;
  readonly createdAt: string;
  readonly createdAtLocal: string;
  /** The named recipients of a TLP:RED message; null for other labels. */
  readonly recipientUserIds: string[] | null;
}

/**
 * A case's message thread. Each message is a shareable record of its author's organization
 * with its own TLP, read through the access layer like any other:
 * - CLEAR and GREEN: every reader of the case;
 * - AMBER: the organizations that take part in the case (and those that join later);
 * - AMBER+STRICT: the author's organization only, as TLP 2.0 says. The clearinghouse is not
 *   added: a coordinator's AMBER+STRICT note stays with the coordinators, and a vendor that
 *   wants to tell the coordinators alone writes TLP:RED to them;
 * - RED: the named recipients and the author.
 */
export class CaseMessages {
  readonly #support: CaseSupport;

  constructor(support: CaseSupport) {
    this.#support = support;
  }

  async post(principal: Principal | undefined, caseId: string, input: NewMessage): Promise<MessageView> {
    const { marking, principal: author } = await this.#support.readable(principal, caseId);
    const tlp = messageTlp(input.tlp);
    this.#support.access.requireCreate(author, tlp);
    const body = input.body.trim();
    if (body === '') throw new ServiceError('invalid', 'a message needs a body', '/body');
    if (body.length > MAX_MESSAGE_LENGTH) throw new ServiceError('invalid', `a message may hold at most ${MAX_MESSAGE_LENGTH} characters; this one has ${body.length}`, '/body');
    const caseOrgs = [marking.ownerOrgId, ...marking.sharedWithOrgIds];
    const recipients = await this.#recipients(tlp, input.recipientUserIds, caseOrgs);
    const id = randomUUID();
    const at = this.#support.now().toISOString();
    await this.#support.cases.transaction(async (writer) => {
      await writer.insertMessage(
        { id, case_id: caseId, owner_org_id: author.orgId, tlp, author_user_id: author.userId, body, created_at: at },
        { orgIds: tlp === 'AMBER' ? caseOrgs : [], userIds: tlp === 'RED' ? [author.userId, ...recipients] : [] },
      );
      await writer.updateCase(caseId, { updated_at: at });
      // The history says a message was posted, never what it says; a restricted one only to those who may know of it.
      const restricted = tlp === 'AMBER+STRICT' || tlp === 'RED';
      await writer.event({ caseId, at, actorUserId: author.userId, orgId: restricted ? author.orgId : null, kind: 'message_posted', detail: { messageId: id, tlp } });
    });
    const zone = await this.#support.zoneOf(author);
    const [[org], [user]] = await Promise.all([this.#support.cases.organizations([author.orgId]), this.#support.cases.activeUsers([author.userId])]);
    return {
      id,
      caseId,
      tlp,
      body,
      authorUserId: author.userId,
      authorName: user?.display_name ?? author.userId,
      orgId: author.orgId,
      orgName: org?.name ?? author.orgId,
      createdAt: at,
      createdAtLocal: localOf(at, zone)!,
      recipientUserIds: tlp === 'RED' ? [...new Set([author.userId, ...recipients])].sort() : null,
    };
  }

  /** The messages of the case the principal may read, oldest first. */
  async list(principal: Principal | undefined, caseId: string, page: { offset: number; limit: number }): Promise<{ items: MessageView[]; total: number }> {
    const { principal: reader } = await this.#support.readable(principal, caseId);
    const zone = await this.#support.zoneOf(reader);
    const found = await this.#support.cases.messages(caseId, this.#support.access.listFilter('case_messages', reader), page);
    const recipients = await this.#support.cases.recipientsOf(found.items.filter((m) => m.tlp === 'RED').map((m) => m.id));
    return {
      total: found.total,
      items: found.items.map((m) => ({
        id: m.id,
        caseId: m.case_id,
        tlp: m.tlp,
        body: m.body,
        authorUserId: m.author_user_id,
        authorName: m.author_name,
        orgId: m.owner_org_id,
        orgName: m.org_name,
        createdAt: m.created_at,
        createdAtLocal: localOf(m.created_at, zone)!,
        recipientUserIds: m.tlp === 'RED' ? (recipients.get(m.id) ?? []) : null,
      })),
    };
  }

  /** A RED message's recipients: people of the organizations that read the case. Other labels name none. */
  async #recipients(tlp: Tlp, input: readonly string[] | undefined, caseOrgs: readonly string[]): Promise<string[]> {
    const ids = input ?? [];
    if (tlp !== 'RED') {
      if (ids.length > 0) throw new ServiceError('invalid', `only a TLP:RED message names recipients; a TLP:${tlp} message goes to ${tlp === 'AMBER+STRICT' ? "the author's organization" : 'the case'}`, '/recipientUserIds');
      return [];
    }
    if (ids.length === 0) throw new ServiceError('invalid', 'a TLP:RED message is for named people: give recipientUserIds', '/recipientUserIds');
    const users = new Map((await this.#support.cases.activeUsers(ids)).map((u) => [u.id, u]));
    for (const [index, id] of ids.entries()) {
      const user = users.get(id);
      if (!user || !caseOrgs.includes(user.org_id)) throw new ServiceError('invalid', `${id} is not a person of an organization taking part in the case`, `/recipientUserIds/${index}`);
    }
    return [...new Set(ids)];
  }
}

function messageTlp(text: string | undefined): Tlp {
  if (text === undefined) return 'AMBER';
  const parsed = parseTlp(text);
  if (!parsed.ok) throw new ServiceError('invalid', parsed.error, '/tlp');
  return parsed.value;
}
