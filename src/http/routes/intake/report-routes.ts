import { createGunzip } from 'node:zlib';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, RequestPayload } from 'fastify';
import type { IntakeService } from '../../../services/intake/intake-service.js';
import { ServiceError } from '../../../services/service-error.js';
import { ProblemSchema } from '../osv/osv-schemas.js';

const SourceSchema = Type.Union([
  Type.Object({ kind: Type.Literal('person'), name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('scanner'), tool: Type.String({ minLength: 1, maxLength: 200 }), version: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('model'), model: Type.String({ minLength: 1, maxLength: 200 }), engagementId: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
]);

const NewReportSchema = Type.Object(
  {
    source: SourceSchema,
    format: Type.Optional(Type.Unsafe<'report' | 'osv' | 'cve' | 'csaf' | 'sarif'>({ type: 'string', enum: ['report', 'osv', 'cve', 'csaf', 'sarif'], description: 'detected from the document when absent' })),
    tlp: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: ['CLEAR', 'GREEN', 'AMBER'], description: 'TLP 2.0 marking (default AMBER)' })),
    document: Type.Unknown({ description: 'the report: a free-form report object, an OSV or CVE 5.x record, a CSAF 2.0 advisory or a SARIF 2.1 log (as JSON, or as a JSON string)' }),
    attachments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 255, description: 'shown to people; never used as a path' }),
            mediaType: Type.String({ minLength: 1, maxLength: 255 }),
            content: Type.String({ contentEncoding: 'base64', description: 'the bytes, base64' }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
  },
  { additionalProperties: false },
);

export const AlternativeSchema = Type.Object({ clusterId: Type.String(), rule: Type.String(), score: Type.Number(), detail: Type.String() });

const SubmittedSchema = Type.Object({
  reportId: Type.String(),
  clusterId: Type.String(),
  replayed: Type.Boolean(),
  findings: Type.Array(
    Type.Object({
      findingId: Type.String(),
      clusterId: Type.String(),
      rule: Type.Union([Type.String(), Type.Null()]),
      score: Type.Union([Type.Number(), Type.Null()]),
      detail: Type.Union([Type.String(), Type.Null()]),
      alternatives: Type.Array(AlternativeSchema, { description: 'other clusters the finding also linked to, strongest first: candidates for a merge or a move' }),
    }),
  ),
});

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const REPORT_BODY_LIMIT = 48 * 1024 * 1024;

/**
 * Inflates a gzip-encoded body as it streams in. Fastify counts the inflated bytes against
 * the route's body limit, so a gzip bomb ends in 413 having inflated no more than the limit;
 * `receivedEncodedLength` lets Fastify check Content-Length against the bytes sent.
 */
async function inflateGzipBody(request: FastifyRequest, _reply: FastifyReply, payload: RequestPayload): Promise<RequestPayload> {
  const encoding = request.headers['content-encoding']?.toLowerCase();
  if (encoding === undefined || encoding === 'identity') return payload;
  if (encoding !== 'gzip') throw Object.assign(new Error(`Content-Encoding ${encoding} is not supported; send gzip or none`), { statusCode: 415 });
  const gunzip = createGunzip();
  const inflated: RequestPayload = gunzip;
  let received = 0;
  payload.on('data', (chunk: Buffer) => {
    received += chunk.length;
    inflated.receivedEncodedLength = received;
  });
  payload.on('error', (error) => gunzip.destroy(error));
  payload.pipe(gunzip);
  return inflated;
}

/** Vulnerability reports: intake with deduplication; an Idempotency-Key makes a resubmission return the first report. */
export const reportRoutes: FastifyPluginAsyncTypebox<{ intake: IntakeService }> = async (app, { intake }) => {
  app.post(
    '/v1/reports',
    {
      // A report of up to 16 MiB and its attachments, base64 in the JSON body.
      bodyLimit: REPORT_BODY_LIMIT,
      preParsing: inflateGzipBody,
      schema: {
        tags: ['intake'],
        summary: 'Submit a vulnerability report; each finding is placed in a cluster, with the rule and score that put it there',
        description: 'The body may be sent with `Content-Encoding: gzip`; the limit applies to the inflated body.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: NewReportSchema,
        response: { 200: SubmittedSchema, 201: SubmittedSchema, ...problems },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const attachments = (body.attachments ?? []).map((a, i) => {
        if (!BASE64.test(a.content)) throw new ServiceError('invalid', 'not base64', `/attachments/${i}/content`);
        return { name: a.name, mediaType: a.mediaType, content: new Uint8Array(Buffer.from(a.content, 'base64')) };
      });
      const key = request.headers['idempotency-key'];
      const submitted = await intake.submit(request.principal, {
        document: typeof body.document === 'string' ? body.document : JSON.stringify(body.document),
        source: body.source,
        attachments,
        ...(body.format === undefined ? {} : { format: body.format }),
        ...(body.tlp === undefined ? {} : { tlp: body.tlp }),
        ...(key === undefined ? {} : { idempotencyKey: key }),
      });
      return reply.code(submitted.replayed ? 200 : 201).send({ ...submitted, findings: submitted.findings.map((f) => ({ ...f, alternatives: [...f.alternatives] })) });
    },
  );

  app.get(
    '/v1/reports/:id',
    {
      schema: {
        tags: ['intake'],
        summary: 'A report you may read, with its findings and the cluster of each',
        params: Type.Object({ id: Type.String() }),
        response: {
          200: Type.Object({
            report: Type.Object({
              id: Type.String(),
              ownerOrgId: Type.String(),
              tlp: Type.String(),
              format: Type.String(),
              title: Type.String(),
              source: Type.Unknown(),
              documentSha256: Type.String(),
              submittedAt: Type.String(),
              validationStatus: Type.String(),
            }),
            findings: Type.Array(
              Type.Object({
                id: Type.String(),
                title: Type.String(),
                clusterId: Type.String(),
                rule: Type.Union([Type.String(), Type.Null()]),
                score: Type.Union([Type.Number(), Type.Null()]),
                detail: Type.Union([Type.String(), Type.Null()]),
                finding: Type.Unknown(),
              }),
            ),
            attachments: Type.Array(Type.Object({ name: Type.String({ description: 'as submitted; shown, never used as a path' }), mediaType: Type.String(), sha256: Type.String(), size: Type.Integer() })),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { report, findings, attachments } = await intake.report(request.principal, request.params.id);
      return {
        report: {
          id: report.id,
          ownerOrgId: report.owner_org_id,
          tlp: report.tlp,
          format: report.format,
          title: report.title,
          source: report.source_detail === null ? null : (JSON.parse(report.source_detail) as unknown),
          documentSha256: report.document_sha256,
          submittedAt: report.submitted_at,
          validationStatus: report.validation_status,
        },
        findings: findings.map((f) => ({ id: f.id, title: f.title, clusterId: f.cluster_id, rule: f.link_rule, score: f.link_score, detail: f.link_detail, finding: JSON.parse(f.body) as unknown })),
        attachments: attachments.map((a) => ({ name: a.name, mediaType: a.media_type, sha256: a.sha256, size: a.size })),
      };
    },
  );
};
