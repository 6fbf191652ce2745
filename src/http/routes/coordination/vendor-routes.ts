import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Coordination } from '../../../services/coordination/coordination.js';
import { MAX_ATTACHMENT_BYTES } from '../../../services/intake/intake-service.js';
import { ServiceError } from '../../../services/service-error.js';
import { ProblemSchema } from '../osv/osv-schemas.js';
import { CaseQuery, CaseSchema, CaseSummarySchema, FileBody, RegistrationSchema, VendorAnswerBody, problems } from './case-schemas.js';

const Id = Type.Object({ id: Type.String() });
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const VendorCaseSchema = Type.Object({
  ...CaseSummarySchema.properties,
  status: Type.String({ description: "your answer: not_assessed until you give one, never read as 'not affected'" }),
  acknowledgementDue: Type.Union([Type.String(), Type.Null()]),
  acknowledgementDueLocal: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
  fixedVersions: Type.Array(Type.String()),
});

const ProductSchema = Type.Object({ id: Type.String(), registration: RegistrationSchema, createdAt: Type.String() });

/** The vendor portal (cases, acknowledgement, answers, advisories, product registrations) and each user's time zone. */
export const vendorRoutes: FastifyPluginAsyncTypebox<{ coordination: Coordination }> = async (app, { coordination }) => {
  const { vendors, timeZones } = coordination;

  app.get(
    '/v1/vendor/cases',
    {
      schema: {
        tags: ['vendor portal'],
        summary: 'The cases your organization is a vendor on (readable once it was notified), with your answer and acknowledgement date',
        querystring: CaseQuery,
        response: { 200: Type.Object({ items: Type.Array(VendorCaseSchema), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer() }), ...problems },
      },
    },
    async (request) => {
      const { offset, limit, sort, state } = request.query;
      return { ...(await vendors.cases(request.principal, { offset, limit, sort: sort ?? 'updated', state })), offset, limit };
    },
  );

  app.post(
    '/v1/cases/:id/acknowledge',
    { schema: { tags: ['vendor portal'], summary: 'Acknowledge the notification, for your organization', params: Id, response: { 200: CaseSchema, ...problems } } },
    async (request) => vendors.acknowledge(request.principal, request.params.id),
  );

  app.put(
    '/v1/cases/:id/participants/:orgId/status',
    {
      schema: {
        tags: ['vendor portal'],
        summary: "Your organization's answer: affected, not_affected or unknown, a statement, affected and fixed versions (replaces the previous answer)",
        params: Type.Object({ id: Type.String(), orgId: Type.String() }),
        body: VendorAnswerBody,
        response: { 200: CaseSchema, ...problems },
      },
    },
    async (request) => vendors.answer(request.principal, request.params.id, request.params.orgId, request.body),
  );

  app.post(
    '/v1/cases/:id/advisory',
    {
      // An advisory of up to 8 MiB, base64 in the JSON body.
      bodyLimit: Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 64 * 1024,
      schema: { tags: ['vendor portal'], summary: "Attach your organization's advisory (stored by SHA-256)", params: Id, body: FileBody, response: { 200: CaseSchema, ...problems, 413: ProblemSchema } },
    },
    async (request) => {
      if (!BASE64.test(request.body.content)) throw new ServiceError('invalid', 'not base64', '/content');
      const { name, mediaType, content } = request.body;
      return vendors.attachAdvisory(request.principal, request.params.id, { name, mediaType, content: new Uint8Array(Buffer.from(content, 'base64')) });
    },
  );

  app.get(
    '/v1/cases/:id/attachments/:sha256',
    {
      schema: {
        tags: ['vendor portal'],
        summary: 'The bytes of a file attached to the case: for the organization that attached it and the coordinators',
        params: Type.Object({ id: Type.String(), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the bytes, as application/octet-stream' }), ...problems },
      },
    },
    async (request, reply) => {
      const file = await vendors.attachment(request.principal, request.params.id, request.params.sha256);
      // Served as bytes to save, never rendered: the media type is the uploader's word.
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(file.content));
    },
  );

  app.post(
    '/v1/vendor-products',
    {
      schema: {
        tags: ['vendor portal'],
        summary: 'Register a package your organization makes (a purl without version) or a whole namespace (type and namespace): cases naming it are offered to you',
        body: Type.Union([
          Type.Object({ purl: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
          Type.Object({ type: Type.String({ minLength: 1, maxLength: 50 }), namespace: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        ]),
        response: { 201: ProductSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await vendors.registerProduct(request.principal, request.body)),
  );

  app.get(
    '/v1/vendor-products',
    { schema: { tags: ['vendor portal'], summary: "Your organization's product registrations", response: { 200: Type.Object({ items: Type.Array(ProductSchema) }), ...problems } } },
    async (request) => ({ items: await vendors.products(request.principal) }),
  );

  app.delete(
    '/v1/vendor-products/:id',
    { schema: { tags: ['vendor portal'], summary: 'Remove a registration', params: Id, response: { 204: Type.Null(), ...problems } } },
    async (request, reply) => {
      await vendors.deleteProduct(request.principal, request.params.id);
      return reply.code(204).send(null);
    },
  );

  const TimeZoneSchema = Type.Object({ timeZone: Type.Union([Type.String({ description: 'an IANA name such as Europe/Berlin' }), Type.Null()]) });

  app.get('/v1/me/time-zone', { schema: { tags: ['accounts'], summary: 'Your time zone (null: UTC)', response: { 200: TimeZoneSchema, ...problems } } }, async (request) => ({
    timeZone: await timeZones.get(request.principal),
  }));

  app.put(
    '/v1/me/time-zone',
    {
      schema: {
        tags: ['accounts'],
        summary: "Set your time zone: the …Local dates of the API and your case e-mails are written in it",
        body: Type.Object({ timeZone: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]) }, { additionalProperties: false }),
        response: { 200: TimeZoneSchema, ...problems },
      },
    },
    async (request) => ({ timeZone: await timeZones.set(request.principal, request.body.timeZone) }),
  );
};
