import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pageSha256Header } from '../../../services/feed/feed-page.js';
import type { FeedService } from '../../../services/feed/feed-service.js';
import { problem, sendProblem } from '../../problem.js';
import { ProblemSchema } from '../osv/osv-schemas.js';
import { FeedPageResponseSchema, FeedQuerySchema } from './feed-schemas.js';

/** What the feed route needs. */
export interface FeedRoutesOptions {
  readonly feed: FeedService;
}

/** GET /v1/feed: the incremental change feed that `clearinghouse sync --from` pulls. */
export const feedRoutes: FastifyPluginAsyncTypebox<FeedRoutesOptions> = async (app, { feed }) => {
  app.get(
    '/v1/feed',
    {
      schema: {
        tags: ['feed'],
        summary: 'Records, KEV entries and EPSS scores changed after a cursor, a page at a time, each page with its SHA-256',
        description:
          'Follow `next` while `more` is true; store `next` only after the page is written. Records come once each at their ' +
          'current version; the KEV catalog comes whole when it changed; EPSS scores come in slices when they changed. ' +
          'Check each page against `Repr-Digest` (RFC 9530, sha-256 of the exact body) before using it.',
        querystring: FeedQuerySchema,
        response: { 200: FeedPageResponseSchema, 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const result = await feed.page(request.query);
      if ('error' in result) {
        const field = `/querystring/${result.error.field}`;
        return sendProblem(reply, problem(400, `${field}: ${result.error.message}`, [{ field, message: result.error.message }], request.url));
      }
      // The page is sent as the exact bytes its digest covers, not re-serialised.
      return reply
        .header('repr-digest', result.page.reprDigest)
        .header(pageSha256Header, result.page.sha256)
        .header('cache-control', 'no-cache')
        .type('application/json; charset=utf-8')
        .send(result.page.body);
    },
  );
};
