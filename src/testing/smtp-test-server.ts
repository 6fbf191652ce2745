import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

/** A message the test server accepted, with the few parts tests assert on. */
export interface ReceivedMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  /** The message as sent, headers and body. */
  readonly raw: string;
  /** Header values by lower-cased name, continuation lines unfolded. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  /** Everything after the header block, still in its transfer encoding. */
  readonly body: string;
  header(name: string): string | undefined;
}

/** A scripted answer to the end of DATA. */
export interface SmtpRefusal {
  readonly responseCode: number;
  readonly message: string;
}

/**
 * Test double for an outside mail server (the relay production hands mail to): an smtp-server on
 * 127.0.0.1 with a free port, no TLS, optional login. It keeps every message it accepts and can be
 * told to refuse the next messages with a given SMTP reply.
 */
export interface SmtpTestServer {
  readonly host: string;
  readonly port: number;
  readonly messages: readonly ReceivedMail[];
  /** Answers the next `count` messages with this reply instead of accepting them. */
  refuseNext(count: number, refusal: SmtpRefusal): void;
  close(): Promise<void>;
}

/**
 * Splits a message into headers and body. Written by hand because mailparser is not installed and
 * tests need only a few plain headers; encoded words and MIME parts are left as they are.
 */
function parseMessage(raw: string): { headers: Map<string, string[]>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { headers, body };
}

/** Starts the test double for an outside mail server, listening on 127.0.0.1 with a free port. */
export async function startSmtpTestServer(options: { auth?: { user: string; pass: string } } = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const refusals: SmtpRefusal[] = [];
  const server = new SMTPServer({
    // No STARTTLS: the built-in certificate would only make clients fail verification.
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('invalid credentials'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusal = refusals.shift();
        if (refusal) {
          const error: SMTPServerError = Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const { headers, body } = parseMessage(raw);
        const { mailFrom, rcptTo } = session.envelope;
        messages.push({
          envelopeFrom: mailFrom ? mailFrom.address : '',
          envelopeTo: rcptTo.map((r) => r.address),
          raw,
          headers,
          body,
          header: (name) => headers.get(name.toLowerCase())?.[0],
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client killed mid-session (the tests SIGKILL workers) resets its connection, which the server
  // reports as an 'error' event; without a listener that would be an uncaught exception in the test.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    messages,
    refuseNext(count, refusal) {
      for (let i = 0; i < count; i += 1) refusals.push(refusal);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
