import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { KnowledgeBase } from '../services/knowledge-base.js';
import type { QueryService } from '../services/query-service.js';
import { handleError } from './problem.js';
import { osvRoutes } from './routes/osv/osv-routes.js';
import { webRoutes } from './routes/web/web-routes.js';

/** Everything the HTTP app serves from. */
export interface AppContext {
  readonly knowledgeBase: KnowledgeBase;
  readonly queries: QueryService;
  /** Folder of the built web app. */
  readonly webRoot: string;
  /** A pino logger (the CLI passes one), or false for none. */
  readonly logger?: FastifyBaseLogger | false;
  /** Largest request body in bytes (default 4 MiB, enough for 1,000 queries). */
  readonly bodyLimit?: number;
}

/**
 * Builds the HTTP app. Registration order matters: the OpenAPI generator first so it
 * sees every route, then the API routes, then the web app with its fallback.
 * Tests call `app.inject` on this without opening a port.
 */
export async function buildApp(context: AppContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: context.logger || undefined,
    bodyLimit: context.bodyLimit ?? 4 * 1024 * 1024,
    // Unknown fields are errors, not silently dropped: a typo in a query must not widen it.
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
  });
  app.setErrorHandler(handleError);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clearinghouse API',
        version: '0.1.0',
        description:
          'The AI cybersecurity clearinghouse. /v1 is compatible with the OSV.dev v1 API (https://google.github.io/osv.dev/api/). Errors are RFC 9457 problem+json.',
      },
      tags: [{ name: 'osv', description: 'OSV-compatible vulnerability queries' }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Route plugins see the TypeBox type provider, so handlers are typed from their schemas.
  await app.withTypeProvider<TypeBoxTypeProvider>().register(osvRoutes, { queries: context.queries, knowledgeBase: context.knowledgeBase });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', records: context.knowledgeBase.index.size }));

  await app.register(webRoutes, { root: context.webRoot });
  return app;
}
