import { createHash } from 'node:crypto';
import nodemailer, { type NodemailerError } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';

/** Where and how to hand mail over: the organisation's own relay, not a recipient's server. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  readonly secure: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Refuse to send unless STARTTLS succeeds. */
  readonly requireTLS?: boolean;
  /** For connecting, the greeting, and each wait on the socket; nodemailer's defaults (up to 10 min) otherwise. */
  readonly timeoutMs?: number;
}

/** One message of one notification. */
export interface OutgoingMail {
  readonly smtp: SmtpSettings;
  readonly from: string;
  readonly to: string | readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** The same on every attempt at this notification; the Message-ID is derived from it. */
  readonly idempotencyKey: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What one attempt came to, as for webhooks. */
export type MailOutcome =
  | { readonly outcome: 'delivered'; readonly messageId: string; readonly rejectedRecipients: readonly string[] }
  | { readonly outcome: 'retry'; readonly reason: string; readonly responseCode?: number }
  | { readonly outcome: 'rejected'; readonly reason: string; readonly responseCode?: number };

export const idempotencyKeyMailHeader = 'X-Clearinghouse-Idempotency-Key';

/**
 * The Message-ID for a notification: the same on every retry, so a relay or mailbox that saw the
 * first copy can drop a second one. The key is hashed because msg-id allows only atom characters.
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${digest}.notification@${domain}>`;
}

/** Error codes nodemailer gives when no SMTP reply came back: the connection failed, broke or timed out. */
const connectionErrorCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY']);

/**
 * Sends one message through nodemailer's SMTP transport, one connection per message. SMTP 4xx
 * replies and connection failures are worth retrying; 5xx replies are permanent.
 */
export async function sendMail(mail: OutgoingMail): Promise<MailOutcome> {
  const sender = addressparser(mail.from, { flatten: true })[0]?.address ?? '';
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  if (!sender.includes('@') || domain === '') {
    return { outcome: 'rejected', reason: `from: ${JSON.stringify(mail.from)} has no address with a domain` };
  }
  const { timeoutMs } = mail.smtp;
  const transport = nodemailer.createTransport({
    host: mail.smtp.host,
    port: mail.smtp.port,
    secure: mail.smtp.secure,
    auth: mail.smtp.auth,
    requireTLS: mail.smtp.requireTLS,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: mail.from,
      to: typeof mail.to === 'string' ? mail.to : [...mail.to],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: messageIdFor(mail.idempotencyKey, domain),
      headers: { ...mail.headers, [idempotencyKeyMailHeader]: mail.idempotencyKey },
    });
    return { outcome: 'delivered', messageId: info.messageId, rejectedRecipients: info.rejected };
  } catch (error) {
    return classifyMailError(error as NodemailerError);
  } finally {
    transport.close();
  }
}

function classifyMailError(error: NodemailerError): MailOutcome {
  const said = error.response ?? error.message;
  const reason = error.command ? `${error.command}: ${said}` : said;
  const { responseCode } = error;
  if (responseCode !== undefined) {
    // nodemailer's reading of RFC 5321: 5xx is permanent, except 503 (a session-state mix-up).
    const permanent = error.permanent ?? responseCode >= 500;
    return permanent ? { outcome: 'rejected', reason, responseCode } : { outcome: 'retry', reason, responseCode };
  }
  return connectionErrorCodes.has(error.code ?? '')
    ? { outcome: 'retry', reason: `${error.code}: ${reason}` }
    : { outcome: 'rejected', reason: `${error.code ?? 'error'}: ${reason}` };
}
