import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEPLOYER_PRIORITY } from '../../../domain/ssvc/decision-points.js';
import type { SubscriptionService, SubscriptionView } from '../../../services/notify/subscription-service.js';
import { ProblemSchema } from '../osv/osv-schemas.js';

const SubscriptionSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  kind: Type.String(),
  target: Type.String(),
  minPriority: Type.String(),
  assetIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  digest: Type.Union([Type.Literal('daily'), Type.Null()]),
  createdAt: Type.String(),
  disabledAt: Type.Union([Type.String(), Type.Null()]),
});

const NewSubscriptionSchema = Type.Object(
  {
    kind: Type.Unsafe<string>({ type: 'string', enum: ['webhook', 'email'] }),
    target: Type.String({ minLength: 1, maxLength: 2000, description: 'an https URL for a webhook, one address for e-mail' }),
    minPriority: Type.Unsafe<string>({ type: 'string', enum: [...DEPLOYER_PRIORITY], description: 'the lowest SSVC deployer priority to hear of' }),
    assetIds: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'only these assets; absent or null for all' })),
    digest: Type.Optional(Type.Union([Type.Literal('daily'), Type.Null()], { description: '"daily" for one digest a day instead of a message per change' })),
  },
  { additionalProperties: false },
);

const shown = (view: SubscriptionView) => ({ ...view, assetIds: view.assetIds === null ? null : [...view.assetIds] });

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** Your organization's notification subscriptions (admins only): webhooks signed with HMAC-SHA256, e-mail, daily digests. */
export const subscriptionRoutes: FastifyPluginAsyncTypebox<{ subscriptions: SubscriptionService }> = async (app, { subscriptions }) => {
  app.get('/v1/subscriptions', { schema: { tags: ['notifications'], summary: "Your organization's subscriptions", response: { 200: Type.Object({ items: Type.Array(SubscriptionSchema) }), ...problems } } }, async (request) => ({
    items: (await subscriptions.list(request.principal, request.principal?.orgId ?? '')).map(shown),
  }));

  app.post(
    '/v1/subscriptions',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Subscribe to new and resolved exposures; a webhook signing secret is returned once',
        body: NewSubscriptionSchema,
        response: { 201: Type.Object({ subscription: SubscriptionSchema, secret: Type.Union([Type.String(), Type.Null()]) }), ...problems },
      },
    },
    async (request, reply) => {
      const created = await subscriptions.create(request.principal, request.principal?.orgId ?? '', request.body);
      return reply.code(201).send({ subscription: shown(created.subscription), secret: created.secret });
    },
  );

  app.delete(
    '/v1/subscriptions/:id',
    { schema: { tags: ['notifications'], summary: 'Stop a subscription', params: Type.Object({ id: Type.String() }), response: { 200: SubscriptionSchema, ...problems } } },
    async (request) => shown(await subscriptions.disable(request.principal, request.params.id)),
  );
};
