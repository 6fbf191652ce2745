import { Type } from '@fastify/type-provider-typebox';

/** The package part of an OSV query. */
export const PackageSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, description: 'Package name as its ecosystem writes it' })),
    ecosystem: Type.Optional(Type.String({ minLength: 1, description: 'OSV ecosystem, e.g. PyPI or Debian:12' })),
    purl: Type.Optional(Type.String({ minLength: 5, description: 'Package URL, e.g. pkg:pypi/jinja2@2.4.1' })),
  },
  { additionalProperties: false },
);

/** An OSV v1 query. */
export const QuerySchema = Type.Object(
  {
    commit: Type.Optional(Type.String({ description: 'A full or abbreviated commit hash' })),
    version: Type.Optional(Type.String({ minLength: 1 })),
    package: Type.Optional(PackageSchema),
    page_token: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'OsvQuery' },
);

/** A full OSV record (see the OSV schema); extra fields are kept. */
export const VulnerabilitySchema = Type.Object(
  {
    id: Type.String(),
    modified: Type.String(),
    published: Type.Optional(Type.String()),
    withdrawn: Type.Optional(Type.String()),
    aliases: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
    summary: Type.Optional(Type.String()),
    details: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'An OSV record (https://ossf.github.io/osv-schema/)' },
);

const UndeterminedSchema = Type.Object({
  reason: Type.String(),
  streams: Type.Array(Type.String()),
});

/** The answer to POST /v1/query. */
export const QueryResponseSchema = Type.Object(
  {
    vulns: Type.Optional(Type.Array(VulnerabilitySchema)),
    next_page_token: Type.Optional(Type.String()),
    undetermined: Type.Optional(UndeterminedSchema),
  },
  { additionalProperties: false },
);

/** The body of POST /v1/querybatch. */
export const BatchSchema = Type.Object(
  { queries: Type.Array(QuerySchema) },
  { additionalProperties: false },
);

/** The answer to POST /v1/querybatch: ids and modified times. */
export const BatchResponseSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      vulns: Type.Optional(Type.Array(Type.Object({ id: Type.String(), modified: Type.String() }))),
      next_page_token: Type.Optional(Type.String()),
      undetermined: Type.Optional(UndeterminedSchema),
    }),
  ),
});

/** A problem+json body. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    candidates: Type.Optional(Type.Array(Type.String())),
  },
  { description: 'RFC 9457 problem details' },
);
