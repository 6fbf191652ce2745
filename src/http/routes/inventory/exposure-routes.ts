import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { exposuresCsv, type RemediationService } from '../../../services/inventory/remediation-service.js';
import { ProblemSchema } from '../osv/osv-schemas.js';
import { ExposurePageSchema, ExposureQuerySchema, ExposureSchema, PageQuery, PolicySchema, RemediationChangeSchema, RemediationEventSchema, RemediationSchema } from './inventory-schemas.js';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const RemediationParams = Type.Object({ assetId: Type.String(), vulnId: Type.String() });

/** The operator's work list: exposures by priority, remediation, overdue work, policies, export. */
export const exposureRoutes: FastifyPluginAsyncTypebox<{ remediation: RemediationService }> = async (app, { remediation }) => {
  app.get(
    '/v1/exposures',
    { schema: { tags: ['exposures'], summary: 'Exposures on assets you may see, most urgent first', querystring: ExposureQuerySchema, response: { 200: ExposurePageSchema, ...problems } } },
    async (request) => {
      const q = request.query;
      const page = await remediation.listExposures(request.principal, {
        assetId: q.asset,
        vulnId: q.vuln,
        priority: q.priority,
        status: q.status,
        includeNotAffected: q.includeNotAffected,
        sort: q.sort,
        offset: q.offset,
        limit: q.limit,
      });
      return { ...page, offset: q.offset, limit: q.limit };
    },
  );

  app.get(
    '/v1/exposures/overdue',
    {
      schema: {
        tags: ['exposures'],
        summary: 'Open work past its due date, earliest first',
        querystring: Type.Object({ asset: Type.Optional(Type.String()), ...PageQuery }, { additionalProperties: false }),
        response: { 200: ExposurePageSchema, ...problems },
      },
    },
    async (request) => ({ ...(await remediation.overdue(request.principal, { assetId: request.query.asset, offset: request.query.offset, limit: request.query.limit })), offset: request.query.offset, limit: request.query.limit }),
  );

  app.get(
    '/v1/exposures/export',
    {
      schema: {
        tags: ['exposures'],
        summary: "Every exposure of your organization's assets, as CSV or JSON",
        querystring: Type.Object({ format: Type.Unsafe<'csv' | 'json'>({ type: 'string', enum: ['csv', 'json'], default: 'csv' }) }, { additionalProperties: false }),
        response: { 200: Type.Union([Type.String(), Type.Array(ExposureSchema)]), ...problems },
      },
    },
    async (request, reply) => {
      const rows = await remediation.exportRows(request.principal);
      const stamp = new Date().toISOString().slice(0, 10);
      if (request.query.format === 'json') return reply.header('content-disposition', `attachment; filename="exposures-${stamp}.json"`).send(rows);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="exposures-${stamp}.csv"`).send(exposuresCsv(rows));
    },
  );

  app.get(
    '/v1/assets/:assetId/remediations/:vulnId',
    { schema: { tags: ['exposures'], summary: 'The remediation of a vulnerability on an asset, with who changed what and when', params: RemediationParams, response: { 200: Type.Object({ remediation: RemediationSchema, history: Type.Array(RemediationEventSchema) }), ...problems } } },
    async (request) => {
      const found = await remediation.remediation(request.principal, request.params.assetId, request.params.vulnId);
      return { remediation: found.remediation, history: found.history.map((h) => ({ ...h, id: Number(h.id) })) };
    },
  );

  app.patch(
    '/v1/assets/:assetId/remediations/:vulnId',
    { schema: { tags: ['exposures'], summary: 'Change status, note, or (admin, earlier only) the due date', params: RemediationParams, body: RemediationChangeSchema, response: { 200: RemediationSchema, ...problems } } },
    async (request) => remediation.update(request.principal, request.params.assetId, request.params.vulnId, request.body),
  );

  app.get(
    '/v1/remediation-policy',
    { schema: { tags: ['accounts'], summary: "Your organization's shortened BOD 26-04 timelines", response: { 200: Type.Object({ items: Type.Array(PolicySchema) }), ...problems } } },
    async (request) => ({ items: [...(await remediation.policies(request.principal))].map(([timeline, days]) => ({ timeline, days })) }),
  );

  app.put(
    '/v1/remediation-policy',
    { schema: { tags: ['accounts'], summary: 'Shorten a BOD 26-04 timeline for your organization (admin; never longer than BOD 26-04 allows)', body: PolicySchema, response: { 204: Type.Null(), ...problems } } },
    async (request, reply) => {
      await remediation.setPolicy(request.principal, request.body.timeline, request.body.days);
      return reply.code(204).send(null);
    },
  );
};
