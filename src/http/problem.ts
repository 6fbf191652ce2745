import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError, type ServiceErrorKind } from '../services/service-error.js';

/** An RFC 9457 problem detail; `errors` names each field at fault by JSON pointer. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { field: string; message: string }[];
}

/** Sends a problem+json response. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** Builds a problem for a status with a detail and optional field errors. */
export function problem(status: number, detail: string, errors?: Problem['errors'], instance?: string): Problem {
  const p: Problem = { type: 'about:blank', title: titles[status] ?? 'Error', status, detail };
  if (instance) p.instance = instance;
  if (errors && errors.length > 0) p.errors = errors;
  return p;
}

const statusOfKind: Record<ServiceErrorKind, number> = { invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413 };

/**
 * The one error handler: a use case's refusal becomes its status with the field at
 * fault, schema failures 400 with each field, a body over the limit 413 naming the
 * limit, and anything unexpected a 500 whose details stay in the log.
 */
export function handleError(error: FastifyError | ServiceError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ServiceError) {
    if (error.kind === 'unauthenticated') void reply.header('www-authenticate', 'Bearer realm="clearinghouse"');
    const errors = error.errors ? [...error.errors] : [{ field: error.field ?? '/', message: error.message }];
    return sendProblem(reply, problem(statusOfKind[error.kind], error.message, errors, request.url));
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = request.routeOptions.bodyLimit ?? 0;
    const detail = `the request body is larger than this endpoint's limit of ${limit} bytes (${(limit / 1024 / 1024).toFixed(1)} MiB)`;
    return sendProblem(reply, problem(413, detail, [{ field: '/', message: detail }], request.url));
  }
  if (error.validation) {
    const errors = error.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const base = `${error.validationContext === 'body' ? '' : `/${error.validationContext ?? ''}`}${v.instancePath}`;
      return { field: missing ? `${base}/${missing}` : base || '/', message: v.message ?? 'is invalid' };
    });
    return sendProblem(reply, problem(400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors, request.url));
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem(500, 'the server failed to answer; the error is logged', undefined, request.url));
  }
  const field = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'content-type' : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? '/' : undefined;
  return sendProblem(reply, problem(status, error.message, field ? [{ field, message: error.message }] : undefined, request.url));
}
