import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { InventoryService } from '../../../services/inventory/inventory-service.js';
import { MAX_SBOM_BYTES } from '../../../services/inventory/inventory-service.js';
import type { VexService } from '../../../services/inventory/vex-service.js';
import { ProblemSchema } from '../osv/osv-schemas.js';
import { AssetSchema, ComponentSchema, NewAssetSchema, PageQuery, SbomSchema, UploadResultSchema, VexResultSchema } from './inventory-schemas.js';

const AssetParams = Type.Object({ assetId: Type.String() });
const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** Operators' assets, their SBOMs and components. */
export const assetRoutes: FastifyPluginAsyncTypebox<{ inventory: InventoryService }> = async (app, { inventory }) => {
  app.get(
    '/v1/assets',
    { schema: { tags: ['inventory'], summary: 'Assets you may see, by name', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(AssetSchema) }), ...problems } } },
    async (request) => ({ items: await inventory.listAssets(request.principal, request.query) }),
  );

  app.post(
    '/v1/assets',
    { schema: { tags: ['inventory'], summary: "Create an asset of your organization", body: NewAssetSchema, response: { 201: AssetSchema, 409: ProblemSchema, ...problems } } },
    async (request, reply) => reply.code(201).send(await inventory.createAsset(request.principal, request.body)),
  );

  app.get('/v1/assets/:assetId', { schema: { tags: ['inventory'], summary: 'One asset', params: AssetParams, response: { 200: AssetSchema, ...problems } } }, async (request) =>
    inventory.getAsset(request.principal, request.params.assetId),
  );

  app.get(
    '/v1/assets/:assetId/sboms',
    { schema: { tags: ['inventory'], summary: "The asset's SBOM history, newest first", params: AssetParams, response: { 200: Type.Object({ items: Type.Array(SbomSchema) }), ...problems } } },
    async (request) => ({ items: await inventory.sbomHistory(request.principal, request.params.assetId) }),
  );

  app.get(
    '/v1/assets/:assetId/components',
    { schema: { tags: ['inventory'], summary: "Components of the asset's current SBOM, unmatched ones included", params: AssetParams, response: { 200: Type.Object({ items: Type.Array(ComponentSchema) }), ...problems } } },
    async (request) => ({
      items: (await inventory.currentComponents(request.principal, request.params.assetId)).map((c) => ({
        id: Number(c.id),
        ref: c.ref,
        name: c.name,
        version: c.version,
        purl: c.purl,
        cpes: JSON.parse(c.cpes) as string[],
        unmatched_reason: c.unmatched_reason,
      })),
    }),
  );
};

/**
 * Document uploads (SBOM, VEX): the body is the document itself, in any of its formats,
 * so this plugin reads every content type as raw bytes and lets the readers detect the format.
 */
export const documentRoutes: FastifyPluginAsyncTypebox<{ inventory: InventoryService; vex: VexService; bodyLimit?: number | undefined }> = async (app, { inventory, vex, bodyLimit = MAX_SBOM_BYTES }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post(
    '/v1/assets/:assetId/sboms',
    {
      bodyLimit,
      schema: {
        tags: ['inventory'],
        summary: `Upload an SBOM (CycloneDX 1.4–1.6 JSON/XML, SPDX 2.2/2.3 JSON/tag-value; up to ${bodyLimit / 1024 / 1024} MiB) as the asset's current one`,
        description: 'The body is the SBOM document. It is validated against its format\'s schema; every fault is listed in the problem\'s errors, and nothing is stored unless the whole document is good.',
        params: AssetParams,
        response: { 201: UploadResultSchema, 413: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await inventory.uploadSbomDocument(request.principal, request.params.assetId, bodyOf(request.body))),
  );

  app.post(
    '/v1/assets/:assetId/vex',
    {
      bodyLimit,
      schema: { tags: ['inventory'], summary: 'Apply a VEX document (CycloneDX VEX, OpenVEX, CSAF VEX) to one asset', params: AssetParams, response: { 200: VexResultSchema, 413: ProblemSchema, ...problems } },
    },
    async (request) => vex.applyDocument(request.principal, bodyOf(request.body), { assetId: request.params.assetId }),
  );

  app.post(
    '/v1/vex',
    {
      bodyLimit,
      schema: {
        tags: ['inventory'],
        summary: "Apply a VEX document to every asset of your organization (a vendor's: to every operator holding the product)",
        response: { 200: VexResultSchema, 413: ProblemSchema, ...problems },
      },
    },
    async (request) => vex.applyDocument(request.principal, bodyOf(request.body), {}),
  );
};

function bodyOf(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}
