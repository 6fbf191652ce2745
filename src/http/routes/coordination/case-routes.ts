import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Coordination } from '../../../services/coordination/coordination.js';
import { CaseQuery, CaseListItemSchema, CaseSchema, MessageSchema, NewMessageSchema, ParticipantSchema, ReferralSchema, StateChangeSchema, problems } from './case-schemas.js';
import { PageQuery } from '../inventory/inventory-schemas.js';

const Id = Type.Object({ id: Type.String() });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });

/** The coordinators' side of cases, and the message thread every participant shares. */
export const caseRoutes: FastifyPluginAsyncTypebox<{ coordination: Coordination }> = async (app, { coordination }) => {
  const { cases, messages, referrals, cveIds } = coordination;

  app.post(
    '/v1/cases',
    {
      schema: {
        tags: ['coordination'],
        summary: "Open the case of a cluster (clearinghouse analysts): title from its canonical finding, reporter from its canonical report; vendors whose registered purls match are offered",
        body: Type.Object({ clusterId: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        response: { 201: CaseSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await cases.open(request.principal, request.body.clusterId)),
  );

  app.post(
    '/v1/clusters/:id/case',
    { schema: { tags: ['coordination'], summary: 'Open the case of this cluster (as POST /v1/cases)', params: Id, response: { 201: CaseSchema, ...problems } } },
    async (request, reply) => reply.code(201).send(await cases.open(request.principal, request.params.id, '/')),
  );

  app.get(
    '/v1/cases',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Cases you may read: the coordinators see theirs, participants those they take part in',
        querystring: CaseQuery,
        response: { 200: Type.Object({ items: Type.Array(CaseListItemSchema), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer() }), ...problems },
      },
    },
    async (request) => {
      const { offset, limit, sort, state } = request.query;
      return { ...(await cases.list(request.principal, { offset, limit, sort: sort ?? 'updated', state })), offset, limit };
    },
  );

  app.get(
    '/v1/cases/:id',
    { schema: { tags: ['coordination'], summary: 'A case: participants, dates (ISO and in your zone), CVE id, the history you may read', params: Id, response: { 200: CaseSchema, ...problems } } },
    async (request) => cases.get(request.principal, request.params.id),
  );

  app.post(
    '/v1/cases/:id/state',
    {
      schema: {
        tags: ['coordination'],
        summary: "Move the case (triage → vendor_notified → acknowledged → fix_in_progress → fixed → published, or closed_*); 409 says why not. 'vendor_notified' tells the vendors and sets the dates. States describe coordination only: none approves or blocks a release",
        params: Id,
        body: StateChangeSchema,
        response: { 200: CaseSchema, ...problems },
      },
    },
    async (request) => cases.changeState(request.principal, request.params.id, request.body),
  );

  app.post(
    '/v1/cases/:id/participants',
    {
      schema: { tags: ['coordination'], summary: 'Add a participant by hand; a vendor added after notification is notified at once', params: Id, body: ParticipantSchema, response: { 200: CaseSchema, ...problems } },
    },
    async (request) => cases.addParticipant(request.principal, request.params.id, request.body),
  );

  app.post(
    '/v1/cases/:id/offers/confirm',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Add the offered vendors (all, or those named) as participants, not_assessed',
        params: Id,
        body: Type.Object({ orgIds: Type.Optional(Type.Array(Type.String(), { minItems: 1, maxItems: 500 })) }, { additionalProperties: false }),
        response: { 200: CaseSchema, ...problems },
      },
    },
    async (request) => cases.confirmOffers(request.principal, request.params.id, request.body.orgIds),
  );

  app.post(
    '/v1/cases/:id/offers/dismiss',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Decline an offered vendor, with the reason',
        params: Id,
        body: Type.Object({ orgId: Type.String({ minLength: 1 }), reason: Reason }, { additionalProperties: false }),
        response: { 200: CaseSchema, ...problems },
      },
    },
    async (request) => cases.dismissOffer(request.principal, request.params.id, request.body),
  );

  app.post(
    '/v1/cases/:id/embargo/extension',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Move the embargo end later, with a reason (at most 45 days per extension)',
        params: Id,
        body: Type.Object({ until: Type.String({ format: 'date-time' }), reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 200: CaseSchema, ...problems },
      },
    },
    async (request) => cases.extendEmbargo(request.principal, request.params.id, request.body),
  );

  app.post(
    '/v1/cases/:id/exploited',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Record that the vulnerability is exploited: the embargo ends within 7 days',
        params: Id,
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 200: CaseSchema, ...problems },
      },
    },
    async (request) => cases.flagExploited(request.principal, request.params.id, request.body),
  );

  app.put(
    '/v1/cases/:id/ai-enabled-crime',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Flag (or unflag) the case as AI-enabled crime, with the reason',
        params: Id,
        body: Type.Object({ flag: Type.Boolean(), reason: Reason }, { additionalProperties: false }),
        response: { 200: CaseSchema, ...problems },
      },
    },
    async (request) => cases.flagAiEnabledCrime(request.principal, request.params.id, request.body),
  );

  app.get(
    '/v1/cases/:id/referral',
    {
      schema: {
        tags: ['coordination'],
        summary: 'The referral package of a case flagged as AI-enabled crime: a JSON manifest with the SHA-256 of every attachment and the case history',
        params: Id,
        response: { 200: ReferralSchema, ...problems },
      },
    },
    async (request, reply) => {
      const manifest = await referrals.manifest(request.principal, request.params.id);
      return reply.header('content-disposition', `attachment; filename="${manifest.case.id}-referral.json"`).send(manifest);
    },
  );

  app.post(
    '/v1/cases/:id/cve/reserve',
    {
      schema: {
        tags: ['coordination'],
        summary: "Reserve a CVE id of the clearinghouse's CNA block for the case: the one named, or the lowest available",
        params: Id,
        body: Type.Object({ cveId: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })) }, { additionalProperties: false }),
        response: { 200: CaseSchema, ...problems },
      },
    },
    async (request) => cveIds.reserve(request.principal, request.params.id, request.body.cveId),
  );

  app.post(
    '/v1/cases/:id/cve/assign',
    { schema: { tags: ['coordination'], summary: "Mark the case's reserved CVE id assigned (it is published with the case)", params: Id, response: { 200: CaseSchema, ...problems } } },
    async (request) => cveIds.assign(request.principal, request.params.id),
  );

  app.put(
    '/v1/cases/:id/cve',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Record a CVE id another CNA assigned, with its name',
        params: Id,
        body: Type.Object({ cveId: Type.String({ minLength: 1, maxLength: 30 }), assignedBy: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: CaseSchema, ...problems },
      },
    },
    async (request) => cveIds.recordAssignedElsewhere(request.principal, request.params.id, request.body),
  );

  app.get(
    '/v1/cases/:id/messages',
    {
      schema: {
        tags: ['coordination'],
        summary: 'The messages of the case you may read (each has its own TLP), oldest first',
        params: Id,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(MessageSchema), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer() }), ...problems },
      },
    },
    async (request) => {
      const { offset, limit } = request.query;
      return { ...(await messages.list(request.principal, request.params.id, { offset, limit })), offset, limit };
    },
  );

  app.post(
    '/v1/cases/:id/messages',
    {
      schema: { tags: ['coordination'], summary: 'Post a message to the case thread, with its TLP', params: Id, body: NewMessageSchema, response: { 201: MessageSchema, ...problems } },
    },
    async (request, reply) => reply.code(201).send(await messages.post(request.principal, request.params.id, request.body)),
  );
};
