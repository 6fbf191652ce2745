import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { KnowledgeBase } from '../services/knowledge-base.js';
import type { QueryService } from '../services/query-service.js';
import { handleError } from './problem.js';
import { osvRoutes } from './routes/osv/osv-routes.js';
import { feedRoutes } from './routes/feed/feed-routes.js';
import type { FeedService } from '../services/feed/feed-service.js';
import { webRoutes } from './routes/web/web-routes.js';
import type { AccountService } from '../services/accounts/account-service.js';
import type { InventoryService } from '../services/inventory/inventory-service.js';
import type { RemediationService } from '../services/inventory/remediation-service.js';
import type { VexService } from '../services/inventory/vex-service.js';
import type { SubscriptionService } from '../services/notify/subscription-service.js';
import { subscriptionRoutes } from './routes/notify/subscription-routes.js';
import { reportRoutes } from './routes/intake/report-routes.js';
import { clusterRoutes } from './routes/intake/cluster-routes.js';
import type { ClusterService } from '../services/intake/cluster-service.js';
import { coordinationRoutes } from './routes/coordination/coordination-routes.js';
import type { Coordination } from '../services/coordination/coordination.js';
import { reproductionRoutes } from './routes/intake/reproduction-routes.js';
import { csafProviderRoutes } from './routes/publication/csaf-provider-routes.js';
import type { PublicationService } from '../services/publication/publication-service.js';
import type { ReproductionService } from '../services/reproduction/reproduction-service.js';
import type { IntakeService } from '../services/intake/intake-service.js';
import { registerAuthentication } from './authentication.js';
import { sessionRoutes } from './routes/accounts/session-routes.js';
import { assetRoutes, documentRoutes } from './routes/inventory/asset-routes.js';
import { exposureRoutes } from './routes/inventory/exposure-routes.js';

/** The services behind sign-in, assets, SBOMs, VEX and exposures. */
export interface OperatorServices {
  readonly accounts: AccountService;
  readonly inventory: InventoryService;
  readonly remediation: RemediationService;
  readonly vex: VexService;
  readonly subscriptions: SubscriptionService;
  readonly intake: IntakeService;
  readonly clusters: ClusterService;
  readonly coordination: Coordination;
  readonly reproductions: ReproductionService;
  readonly publications: PublicationService;
}

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
  /** The change feed (GET /v1/feed) that `clearinghouse sync --from` pulls; not served when absent. */
  readonly feed?: FeedService;
  /** Sign-in, assets, SBOM and VEX uploads, exposures and remediation; not served when absent. */
  readonly operators?: OperatorServices;
  /** Largest SBOM or VEX upload in bytes (default MAX_SBOM_BYTES). */
  readonly documentLimit?: number;
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
      tags: [
        { name: 'osv', description: 'OSV-compatible vulnerability queries' },
        { name: 'feed', description: 'Incremental feed of changed records for offline copies (clearinghouse sync --from)' },
        { name: 'accounts', description: 'Sign-in for the web app; scripts use API tokens (Authorization: Bearer)' },
        { name: 'inventory', description: "Operators' assets, SBOMs and VEX" },
        { name: 'exposures', description: 'What to patch first and by when' },
        { name: 'intake', description: 'Vulnerability reports, their deduplication into clusters, and the analysts\' merges and splits' },
        { name: 'coordination', description: 'Coordinated disclosure cases (as CERT/CC\'s VINCE runs them): participants, states, embargo, messages with TLP, CVE ids, referrals' },
        { name: 'vendor portal', description: 'Vendors: their cases, acknowledgements, answers and advisories, and the products they register' },
        { name: 'publication', description: 'Published cases as a CSAF 2.0 provider: provider metadata, ROLIE feed, advisories' },
        { name: 'notifications', description: 'Webhook and e-mail subscriptions, delivered by `clearinghouse worker` from a transactional outbox' },
      ],
      components: { securitySchemes: { apiToken: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'clearinghouse_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Route plugins see the TypeBox type provider, so handlers are typed from their schemas.
  await app.withTypeProvider<TypeBoxTypeProvider>().register(osvRoutes, { queries: context.queries, knowledgeBase: context.knowledgeBase });
  if (context.feed) await app.withTypeProvider<TypeBoxTypeProvider>().register(feedRoutes, { feed: context.feed });
  if (context.operators) {
    const { accounts, inventory, remediation, vex, subscriptions, intake, clusters, reproductions } = context.operators;
    await registerAuthentication(app, accounts);
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    await typed.register(sessionRoutes, { accounts });
    await typed.register(assetRoutes, { inventory });
    await typed.register(documentRoutes, { inventory, vex, bodyLimit: context.documentLimit });
    await typed.register(exposureRoutes, { remediation });
    await typed.register(subscriptionRoutes, { subscriptions });
    await typed.register(reportRoutes, { intake });
    await typed.register(clusterRoutes, { clusters });
    await typed.register(coordinationRoutes, { coordination: context.operators.coordination });
    await typed.register(reproductionRoutes, { reproductions });
    await typed.register(csafProviderRoutes, { publications: context.operators.publications });
  }
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', records: context.knowledgeBase.index.size }));

  await app.register(webRoutes, { root: context.webRoot });
  return app;
}
