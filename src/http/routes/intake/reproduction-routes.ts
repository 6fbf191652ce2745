import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ReproductionService } from '../../../services/reproduction/reproduction-service.js';
import { Nullable } from '../inventory/inventory-schemas.js';
import { ProblemSchema } from '../osv/osv-schemas.js';

const ReproductionSchema = Type.Object({
  id: Type.String(),
  reportId: Type.String(),
  findingId: Type.String(),
  target: Type.String(),
  pocSha256: Type.String(),
  expectedSignature: Nullable(Type.String({ description: "the finding's crash signature the run must show; null when the report gave none" })),
  status: Type.String({ description: 'queued, running, reproduced, not_reproduced, invalid, or failed (the sandbox could not run; says nothing of the report)' }),
  detail: Nullable(Type.String()),
  signature: Type.Unknown({ description: "the run's crash signature (sanitizer, crash type, frames, key)" }),
  run: Type.Unknown({ description: 'exit code, signal, limits hit, duration, the end of stderr' }),
  requestedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const ReportId = Type.Object({ id: Type.String() });

/** Validation: proof-of-concept runs in the sandbox, queued by analysts, run by `clearinghouse validate`. */
export const reproductionRoutes: FastifyPluginAsyncTypebox<{ reproductions: ReproductionService }> = async (app, { reproductions }) => {
  app.get(
    '/v1/reproduction-targets',
    {
      schema: {
        tags: ['intake'],
        summary: 'Target builds a proof of concept can run against (registered with `clearinghouse admin add-target`)',
        response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), executable: Type.String(), args: Type.Array(Type.String()) })), ...problems },
      },
    },
    async (request) => (await reproductions.targets(request.principal)).map((t) => ({ ...t, args: [...t.args] })),
  );

  app.post(
    '/v1/reports/:id/reproductions',
    {
      schema: {
        tags: ['intake'],
        summary: "Queue a run of one of the report's attachments (its proof of concept) against a target build, in the sandbox",
        params: ReportId,
        body: Type.Object(
          {
            target: Type.String({ minLength: 1, description: 'the target build, by name or id' }),
            attachment: Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: "the proof of concept: the SHA-256 of one of the report's attachments" }),
            findingId: Type.Optional(Type.String({ minLength: 1, description: "the finding whose crash signature the run must show (default: the report's first)" })),
          },
          { additionalProperties: false },
        ),
        response: { 202: ReproductionSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(202).send(await reproductions.request(request.principal, request.params.id, request.body)),
  );

  app.get(
    '/v1/reports/:id/reproductions',
    { schema: { tags: ['intake'], summary: "The report's reproduction runs, oldest first", params: ReportId, response: { 200: Type.Array(ReproductionSchema), ...problems } } },
    async (request) => reproductions.ofReport(request.principal, request.params.id),
  );
};
