import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { QueryError, type QueryService } from '../../../services/query-service.js';
import type { KnowledgeBase } from '../../../services/knowledge-base.js';
import { problem, sendProblem } from '../../problem.js';
import { BatchResponseSchema, BatchSchema, ProblemSchema, QueryResponseSchema, QuerySchema, VulnerabilitySchema } from './osv-schemas.js';

/** What the OSV routes need. */
export interface OsvRoutesOptions {
  readonly queries: QueryService;
  readonly knowledgeBase: KnowledgeBase;
}

/** The OSV.dev v1 API: query, querybatch, vulns. Existing OSV clients can point here. */
export const osvRoutes: FastifyPluginAsyncTypebox<OsvRoutesOptions> = async (app, { queries, knowledgeBase }) => {
  app.post(
    '/v1/query',
    {
      schema: {
        tags: ['osv'],
        summary: 'Vulnerabilities affecting a package version or a commit',
        body: QuerySchema,
        response: { 200: QueryResponseSchema, 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      try {
        return await queries.query(request.body);
      } catch (error) {
        if (error instanceof QueryError) return sendProblem(reply, problem(400, error.message, [{ field: error.field, message: error.message }], request.url));
        throw error;
      }
    },
  );

  app.post(
    '/v1/querybatch',
    {
      schema: {
        tags: ['osv'],
        summary: 'Up to 1,000 queries at once; ids and modified times only',
        body: BatchSchema,
        response: { 200: BatchResponseSchema, 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      try {
        return await queries.queryBatch(request.body.queries);
      } catch (error) {
        if (error instanceof QueryError) return sendProblem(reply, problem(400, error.message, [{ field: error.field, message: error.message }], request.url));
        throw error;
      }
    },
  );

  app.get(
    '/v1/vulns/:id',
    {
      schema: {
        tags: ['osv'],
        summary: 'One record by id, or by an alias (a CVE id, say) that a single record carries',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: VulnerabilitySchema, 300: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { record, aliasOf } = await knowledgeBase.lookup(request.params.id);
      if (record) return record;
      if (aliasOf.length > 1) {
        return reply
          .code(300)
          .type('application/problem+json')
          .send({
            ...problem(400, `${request.params.id} is an alias of ${aliasOf.length} records`, undefined, request.url),
            status: 300,
            title: 'Multiple Choices',
            candidates: aliasOf,
          });
      }
      return sendProblem(reply, problem(404, `no vulnerability with id or alias ${request.params.id}`, [{ field: '/params/id', message: 'unknown id' }], request.url));
    },
  );
};
