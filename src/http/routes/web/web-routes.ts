import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { problem, sendProblem } from '../../problem.js';

/** Where the built web app lives. */
export interface WebRoutesOptions {
  readonly root: string;
}

/**
 * Serves the React app built by Vite. Paths that are not API routes fall back to
 * index.html so the app's own routes (/vulns/ID) load on refresh; unknown API paths
 * stay problem+json 404s.
 */
export const webRoutes: FastifyPluginAsync<WebRoutesOptions> = async (app, { root }) => {
  const built = existsSync(join(root, 'index.html'));
  if (built) await app.register(fastifyStatic, { root, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const api = /^\/(v1|api|docs|openapi\.json)(\/|$)/.test(path);
    if (request.method === 'GET' && !api && built) return reply.type('text/html').sendFile('index.html');
    if (request.method === 'GET' && !api) {
      return reply.type('text/plain').code(503).send('The web app is not built: run `npm run build:web`.');
    }
    return sendProblem(reply, problem(404, `no route ${request.method} ${path}`, undefined, request.url));
  });
};
