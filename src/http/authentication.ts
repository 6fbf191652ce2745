import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../domain/access/access-policy.js';
import type { AccountService } from '../services/accounts/account-service.js';
import { ServiceError } from '../services/service-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, from an API token or a session cookie; undefined for anonymous requests. */
    principal: Principal | undefined;
  }
}

export const SESSION_COOKIE = 'clearinghouse_session';

/**
 * Turns each request's credential into a principal, once, before any route runs: an
 * `Authorization: Bearer` API token, or the web app's session cookie. Routes never decide
 * access themselves; they hand the principal to the services, whose access layer does.
 * A bad token is refused outright rather than treated as anonymous, so a script with a
 * revoked token learns it at once.
 */
export async function registerAuthentication(app: FastifyInstance, accounts: AccountService): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      if (token === undefined) throw new ServiceError('unauthenticated', 'the Authorization header must be "Bearer <API token>"', '/headers/authorization');
      const principal = await accounts.principalOfToken(token);
      if (!principal) throw new ServiceError('unauthenticated', 'this API token is unknown, expired or revoked', '/headers/authorization');
      request.principal = principal;
      return;
    }
    const session = request.cookies[SESSION_COOKIE];
    if (session) request.principal = await accounts.principalOfSession(session);
  });
}

/**
 * Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it, which is the CSRF defence), Secure (browsers treat http://localhost and
 * 127.0.0.1 as secure, so local use still works).
 */
export function setSessionCookie(reply: FastifyReply, secret: string, expiresAt: string): void {
  void reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'strict', secure: true, expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: true });
}

export function sessionSecretOf(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}
