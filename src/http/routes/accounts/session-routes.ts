import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AccountService } from '../../../services/accounts/account-service.js';
import { clearSessionCookie, sessionSecretOf, setSessionCookie } from '../../authentication.js';
import { ProblemSchema } from '../osv/osv-schemas.js';

const ProfileSchema = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String(), role: Type.String() }),
  organization: Type.Object({ id: Type.String(), name: Type.String(), type: Type.String(), sector: Type.Union([Type.String(), Type.Null()]) }),
});

/** Web sign-in and sign-out, and who the caller is. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountService }> = async (app, { accounts }) => {
  app.post(
    '/v1/session',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign in; sets an HttpOnly, SameSite=Strict, Secure session cookie',
        body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 200: ProfileSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request, reply) => {
      const session = await accounts.signIn(request.body.email, request.body.password);
      setSessionCookie(reply, session.sessionSecret, session.expiresAt);
      return accounts.profile(session.principal);
    },
  );

  app.delete('/v1/session', { schema: { tags: ['accounts'], summary: 'Sign out', response: { 204: Type.Null() } } }, async (request, reply) => {
    const secret = sessionSecretOf(request);
    if (secret) await accounts.signOut(secret);
    clearSessionCookie(reply);
    return reply.code(204).send(null);
  });

  app.get('/v1/me', { schema: { tags: ['accounts'], summary: 'The signed-in user and organization', response: { 200: ProfileSchema, 401: ProblemSchema } } }, async (request) =>
    accounts.profile(request.principal),
  );
};
