import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Coordination } from '../../../services/coordination/coordination.js';
import { caseRoutes } from './case-routes.js';
import { cveIdRoutes } from './cve-id-routes.js';
import { vendorRoutes } from './vendor-routes.js';

/** Coordinated disclosure over HTTP: cases and their thread, the vendor portal, the CNA block. */
export const coordinationRoutes: FastifyPluginAsyncTypebox<{ coordination: Coordination }> = async (app, options) => {
  await app.register(caseRoutes, options);
  await app.register(vendorRoutes, options);
  await app.register(cveIdRoutes, options);
};
