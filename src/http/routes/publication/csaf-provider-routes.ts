import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PublicationService } from '../../../services/publication/publication-service.js';
import { ServiceError } from '../../../services/service-error.js';
import { ProblemSchema } from '../osv/osv-schemas.js';

/**
 * The clearinghouse as a CSAF 2.0 provider: provider-metadata.json at the well-known place,
 * a ROLIE feed of the published advisories, and each advisory under white/<year>/. Public:
 * only published (TLP:CLEAR) cases are here.
 */
export const csafProviderRoutes: FastifyPluginAsyncTypebox<{ publications: PublicationService }> = async (app, { publications }) => {
  app.get(
    '/.well-known/csaf/provider-metadata.json',
    { schema: { tags: ['publication'], summary: 'CSAF provider metadata (CSAF 2.0 requirement 7)', response: { 200: Type.Unknown() } } },
    async () => publications.providerMetadata(),
  );

  app.get(
    '/.well-known/csaf/feed-tlp-white.json',
    { schema: { tags: ['publication'], summary: 'ROLIE feed of the published CSAF advisories, latest first', response: { 200: Type.Unknown() } } },
    async () => publications.feed(),
  );

  app.get(
    '/.well-known/csaf/white/:year/:file',
    {
      schema: {
        tags: ['publication'],
        summary: "A published CSAF advisory, named by the CSAF filename rule from its tracking id",
        params: Type.Object({ year: Type.String({ pattern: '^\\d{4}$' }), file: Type.String({ pattern: '^[+\\-a-z0-9_]+\\.json$' }) }),
        response: { 200: Type.Unknown(), 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const path = `white/${request.params.year}/${request.params.file}`;
      const document = await publications.csafAt(path);
      if (document === undefined) throw new ServiceError('not_found', `no published advisory at /.well-known/csaf/${path}`);
      // The stored bytes, exactly as validated.
      return reply.type('application/json; charset=utf-8').serializer((payload: string) => payload).send(document);
    },
  );
};
