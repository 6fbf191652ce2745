import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CLUSTER_SORTS, type ClusterService, type ClusterSort } from '../../../services/intake/cluster-service.js';
import { ProblemSchema } from '../osv/osv-schemas.js';
import { Nullable, PageQuery } from '../inventory/inventory-schemas.js';
import { AlternativeSchema } from './report-routes.js';

const ClusterSummarySchema = Type.Object({
  id: Type.String(),
  canonicalFindingId: Type.String(),
  title: Type.String({ description: "the canonical finding's title" }),
  findings: Type.Integer(),
  reports: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const ClusterSchema = Type.Object({
  id: Type.String(),
  canonicalFindingId: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  mergedInto: Nullable(Type.String({ description: 'set when an analyst merged this cluster away; it holds nothing since' })),
  findings: Type.Array(
    Type.Object({
      id: Type.String(),
      reportId: Type.String(),
      title: Type.String(),
      format: Type.String(),
      tlp: Type.String(),
      source: Type.Object({ kind: Type.String(), name: Type.String() }),
      submittedAt: Type.String(),
      link: Type.Union(
        [
          Type.Object({ rule: Type.String({ description: 'the dedup rule that joined it, or "analyst"' }), score: Nullable(Type.Number()), detail: Nullable(Type.String()), viaFindingId: Nullable(Type.String()), byUserId: Nullable(Type.String()) }),
          Type.Null(),
        ],
        { description: 'why it is in this cluster; null for the finding that started it' },
      ),
      linkedAt: Type.String(),
      alternatives: Type.Array(AlternativeSchema),
    }),
  ),
  excluded: Type.Array(Type.Object({ findingId: Type.String(), byUserId: Type.String(), at: Type.String() }), { description: 'findings an analyst split out; the rules never put them back' }),
});

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const Id = Type.Object({ id: Type.String() });

/** The intake queue and the analysts' corrections to deduplication (clearinghouse staff only). */
export const clusterRoutes: FastifyPluginAsyncTypebox<{ clusters: ClusterService }> = async (app, { clusters }) => {
  app.get(
    '/v1/clusters',
    {
      schema: {
        tags: ['intake'],
        summary: 'The intake queue: clusters of findings, most recently changed first',
        querystring: Type.Object({ ...PageQuery, sort: Type.Optional(Type.Unsafe<ClusterSort>({ type: 'string', enum: [...CLUSTER_SORTS], default: 'updated', description: 'updated, created (newest first) or size (largest first)' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(ClusterSummarySchema), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer() }), ...problems },
      },
    },
    async (request) => {
      const { offset, limit } = request.query;
      const page = await clusters.list(request.principal, { offset, limit, sort: request.query.sort ?? 'updated' });
      return {
        items: page.items.map((c) => ({ id: c.id, canonicalFindingId: c.canonical_finding_id, title: c.title, findings: c.findings, reports: c.reports, createdAt: c.created_at, updatedAt: c.updated_at })),
        total: page.total,
        offset,
        limit,
      };
    },
  );

  app.get(
    '/v1/clusters/:id',
    { schema: { tags: ['intake'], summary: 'A cluster: each finding with the rule, score and evidence that joined it, and the other clusters it also matched', params: Id, response: { 200: ClusterSchema, ...problems } } },
    async (request) => {
      const view = await clusters.get(request.principal, request.params.id);
      return { ...view, findings: view.findings.map((f) => ({ ...f, alternatives: [...f.alternatives] })), excluded: [...view.excluded] };
    },
  );

  app.post(
    '/v1/clusters/:id/merge',
    {
      schema: {
        tags: ['intake'],
        summary: 'Merge this cluster into another: every finding moves; this cluster then points at the other',
        params: Id,
        body: Type.Object({ into: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ clusterId: Type.String(), moved: Type.Integer() }), ...problems },
      },
    },
    async (request) => clusters.merge(request.principal, request.params.id, request.body.into),
  );

  app.put(
    '/v1/clusters/:id/canonical',
    {
      schema: {
        tags: ['intake'],
        summary: 'Name the finding that stands for the cluster',
        params: Id,
        body: Type.Object({ findingId: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await clusters.setCanonical(request.principal, request.params.id, request.body.findingId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/findings/:id/split',
    {
      schema: {
        tags: ['intake'],
        summary: 'Split a finding out of its cluster, into a new cluster or into `into`; it stays out of the cluster it left',
        params: Id,
        body: Type.Object({ into: Type.Optional(Type.String({ minLength: 1 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ clusterId: Type.String() }), ...problems },
      },
    },
    async (request) => clusters.split(request.principal, request.params.id, request.body.into),
  );

  app.post(
    '/v1/clusters/recluster',
    {
      schema: {
        tags: ['intake'],
        summary: "Replay every finding through the current dedup rules (after an upgrade), keeping analysts' merges and splits",
        response: { 200: Type.Object({ findings: Type.Integer(), moved: Type.Integer(), newClusters: Type.Integer() }), ...problems },
      },
    },
    async (request) => clusters.recluster(request.principal),
  );
};
