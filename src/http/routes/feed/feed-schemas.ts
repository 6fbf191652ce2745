import { Type } from '@fastify/type-provider-typebox';
import { FeedPageSchema } from '../../../services/feed/feed-page.js';
import { defaultFeedSettings } from '../../../services/feed/feed-service.js';

/** The page as documented (FeedPageSchema), typed as the string it is sent as: the exact bytes its digest covers. */
export const FeedPageResponseSchema = Type.Unsafe<string>(FeedPageSchema);

/** The query of GET /v1/feed. */
export const FeedQuerySchema = Type.Object(
  {
    since: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1024,
        description: 'The `next` cursor of the previous page; omit it to start from the beginning. Opaque: store it, do not build it.',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: defaultFeedSettings.maxLimit,
        description: `Records per page (default ${defaultFeedSettings.defaultLimit}); EPSS scores come ${defaultFeedSettings.epssScoresPerRecord} to a record`,
      }),
    ),
  },
  { additionalProperties: false },
);
