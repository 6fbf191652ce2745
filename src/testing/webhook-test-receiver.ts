import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  idempotencyKeyHeader,
  signatureHeader,
  verifyWebhookSignature,
  type SignatureCheck,
} from '../services/notify/webhook-signature.js';

/** One request as it arrived. */
export interface ReceivedWebhook {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  readonly signature: SignatureCheck;
  readonly idempotencyKey: string | undefined;
  /** The status answered, or 'hang' when the request was left without an answer. */
  readonly answer: number | 'hang';
}

/** A scripted answer: a status code, or 'hang' to keep the request open without answering (for timeouts). */
export type ScriptedAnswer = number | 'hang';

/**
 * Test double for an outside web server that receives webhooks: a node:http server on 127.0.0.1
 * with a free port. It checks each signature with the production verifier and honours the
 * idempotency key the way a careful receiver does: a repeat of a key it already took is answered
 * 200 but not taken again. Unscripted requests get 401 for a bad signature, 200 otherwise.
 */
export interface WebhookTestReceiver {
  /** The receiver's URL (any path is accepted). */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: readonly ReceivedWebhook[];
  /** Requests taken for processing: signed correctly, answered 2xx, first of their idempotency key. */
  readonly deliveries: readonly ReceivedWebhook[];
  /** Answers the next requests with these, in order, whatever they carry. */
  answerNext(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

/** Starts the test double for an outside web server receiving webhooks, on 127.0.0.1 with a free port. */
export async function startWebhookTestReceiver(options: { secret: string; toleranceSeconds?: number }): Promise<WebhookTestReceiver> {
  const requests: ReceivedWebhook[] = [];
  const deliveries: ReceivedWebhook[] = [];
  const script: ScriptedAnswer[] = [];
  const takenKeys = new Set<string>();

  const answer = (response: ServerResponse, status: number): void => {
    // Redirects point back at this receiver: the sender must still not follow them.
    if (status >= 300 && status < 400) response.setHeader('location', '/redirected');
    response.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const signatureValue = request.headers[signatureHeader.toLowerCase()];
      const keyValue = request.headers[idempotencyKeyHeader.toLowerCase()];
      const signature = verifyWebhookSignature(
        options.secret,
        Array.isArray(signatureValue) ? signatureValue.join(',') : signatureValue,
        rawBody,
        { toleranceSeconds: options.toleranceSeconds },
      );
      const idempotencyKey = Array.isArray(keyValue) ? keyValue[0] : keyValue;
      const status: ScriptedAnswer = script.shift() ?? (signature.ok ? 200 : 401);
      const received: ReceivedWebhook = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        rawBody,
        signature,
        idempotencyKey,
        answer: status,
      };
      requests.push(received);
      if (status === 'hang') return;
      const isFirstOfKey = idempotencyKey === undefined || !takenKeys.has(idempotencyKey);
      if (signature.ok && status >= 200 && status < 300 && isFirstOfKey) {
        if (idempotencyKey !== undefined) takenKeys.add(idempotencyKey);
        deliveries.push(received);
      }
      answer(response, status);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/clearinghouse`,
    requests,
    deliveries,
    answerNext(...answers) {
      script.push(...answers);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}
