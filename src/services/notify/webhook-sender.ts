import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkWebhookTarget, pinnedLookup, type TargetGuardOptions } from './target-guard.js';
import { webhookHeaders } from './webhook-signature.js';

/** One delivery attempt of one webhook notification. */
export interface WebhookDelivery {
  readonly url: string;
  readonly secret: string;
  readonly event: string;
  /** The same on every attempt at this notification. */
  readonly idempotencyKey: string;
  /** The JSON text to send; signed byte for byte as sent. */
  readonly body: string;
  /** For the whole exchange after the target check: connect, send, and read the response. */
  readonly timeoutMs: number;
  readonly guard: TargetGuardOptions;
  /** The signature's timestamp; defaults to the current time. */
  readonly now?: Date;
}

/** What one attempt came to: delivered, worth another attempt later, or never going to work. */
export type WebhookOutcome =
  | { readonly outcome: 'delivered'; readonly status: number }
  | { readonly outcome: 'retry'; readonly reason: string; readonly status?: number }
  | { readonly outcome: 'rejected'; readonly reason: string; readonly status?: number };

/** Enough of an error page to tell an operator what the receiver said, and no more. */
const responseExcerptBytes = 1024;

/**
 * Sends one signed webhook. It uses node:http(s) rather than fetch because their `lookup` option
 * pins the connection to the address the guard checked (Node 20's built-in fetch takes no lookup
 * or dispatcher without the undici package). Redirects are never followed: a receiver could point
 * one at an internal address, so a 3xx is a permanent rejection.
 */
export async function sendWebhook(delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const target = await checkWebhookTarget(delivery.url, delivery.guard);
  if (!target.ok) {
    // A name that does not resolve today may resolve tomorrow; a blocked address or bad URL will not change.
    return target.refusal === 'unresolvable'
      ? { outcome: 'retry', reason: target.reason }
      : { outcome: 'rejected', reason: target.reason };
  }
  const body = Buffer.from(delivery.body, 'utf8');
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': body.length,
    'user-agent': 'Clearinghouse-Webhooks/1',
    ...webhookHeaders({
      secret: delivery.secret,
      body,
      event: delivery.event,
      idempotencyKey: delivery.idempotencyKey,
      now: delivery.now ?? new Date(),
    }),
  };
  const signal = AbortSignal.timeout(delivery.timeoutMs);
  let response: { status: number; location: string | undefined; excerpt: string };
  try {
    response = await new Promise((resolve, reject) => {
      const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        target.url,
        // No agent: one connection per attempt, so no pooled socket outlives the check that allowed it.
        { method: 'POST', headers, lookup: pinnedLookup(target.address, target.family), signal, agent: false },
        (incoming) => {
          readExcerpt(incoming).then(
            (excerpt) => resolve({ status: incoming.statusCode ?? 0, location: incoming.headers.location, excerpt }),
            reject,
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  } catch (error) {
    if (signal.aborted) return { outcome: 'retry', reason: `no complete response within ${delivery.timeoutMs} ms` };
    const { code, message } = error as NodeJS.ErrnoException;
    return { outcome: 'retry', reason: `network error: ${code ?? message}` };
  }
  return classifyResponse(response.status, response.location, response.excerpt);
}

/** 2xx delivered; 408, 429 and 5xx are worth retrying; redirects and other 4xx will not change. */
function classifyResponse(status: number, location: string | undefined, excerpt: string): WebhookOutcome {
  const said = excerpt === '' ? '' : `: ${excerpt}`;
  if (status >= 200 && status < 300) return { outcome: 'delivered', status };
  if (status >= 300 && status < 400) {
    return { outcome: 'rejected', status, reason: `HTTP ${status} redirect to ${location ?? '(no location)'} not followed` };
  }
  if (status === 408 || status === 429 || status >= 500) return { outcome: 'retry', status, reason: `HTTP ${status}${said}` };
  return { outcome: 'rejected', status, reason: `HTTP ${status}${said}` };
}

/** Reads at most `responseExcerptBytes` of a response body, then drops the connection. */
function readExcerpt(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (): void => {
      resolve(Buffer.concat(chunks).subarray(0, responseExcerptBytes).toString('utf8').trim());
    };
    incoming.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= responseExcerptBytes) {
        finish();
        incoming.destroy();
      }
    });
    incoming.on('end', finish);
    incoming.on('error', reject);
  });
}
