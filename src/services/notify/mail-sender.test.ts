import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSmtpTestServer, type SmtpTestServer } from '../../testing/smtp-test-server.js';
import { messageIdFor, sendMail, type OutgoingMail } from './mail-sender.js';

describe('mail sender against an SMTP server on loopback', () => {
  let server: SmtpTestServer;
  let mail: (idempotencyKey: string) => OutgoingMail;
  before(async () => {
    server = await startSmtpTestServer();
    mail = (idempotencyKey) => ({
      smtp: { host: server.host, port: server.port, secure: false, timeoutMs: 5000 },
      from: 'Clearinghouse <notify@clearinghouse.example>',
      to: ['operator@utility.example'],
      subject: 'CVE-2024-3094 affects 2 assets in your inventory',
      text: 'xz-utils 5.6.0 on pump-station-7 and historian-2 is affected by CVE-2024-3094.\n',
      html: '<p>xz-utils 5.6.0 is affected by <a href="https://osv.dev/CVE-2024-3094">CVE-2024-3094</a>.</p>',
      idempotencyKey,
      headers: { 'X-Clearinghouse-Event': 'vulnerability.affects-inventory' },
    });
  });
  after(async () => {
    await server.close();
  });
  const received = (key: string) => server.messages.filter((m) => m.header('x-clearinghouse-idempotency-key') === key);

  it('delivers with the idempotency key, a derived Message-ID and the given headers', async () => {
    const outcome = await sendMail(mail('ntf-mail-1'));
    const expectedId = messageIdFor('ntf-mail-1', 'clearinghouse.example');
    assert.deepEqual(outcome, { outcome: 'delivered', messageId: expectedId, rejectedRecipients: [] });
    const [message] = received('ntf-mail-1');
    assert.ok(message);
    assert.equal(message.envelopeFrom, 'notify@clearinghouse.example');
    assert.deepEqual(message.envelopeTo, ['operator@utility.example']);
    assert.equal(message.header('message-id'), expectedId);
    assert.equal(message.header('subject'), 'CVE-2024-3094 affects 2 assets in your inventory');
    assert.equal(message.header('from'), 'Clearinghouse <notify@clearinghouse.example>');
    assert.equal(message.header('to'), 'operator@utility.example');
    assert.equal(message.header('x-clearinghouse-event'), 'vulnerability.affects-inventory');
    assert.match(message.header('content-type') ?? '', /^multipart\/alternative/);
    assert.ok(message.body.includes('pump-station-7 and historian-2'));
  });

  it('keeps the Message-ID stable for one key and distinct across keys', async () => {
    await sendMail(mail('ntf-mail-2'));
    await sendMail(mail('ntf-mail-2'));
    await sendMail(mail('ntf-mail-3'));
    const ids = [...received('ntf-mail-2'), ...received('ntf-mail-3')].map((m) => m.header('message-id'));
    assert.equal(ids.length, 3);
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[0], ids[2]);
    assert.match(ids[0]!, /^<[0-9a-f]{32}\.notification@clearinghouse\.example>$/);
  });

  it('retries on 451, and the next attempt goes through', async () => {
    server.refuseNext(1, { responseCode: 451, message: 'Requested action aborted: local error in processing' });
    const first = await sendMail(mail('ntf-mail-4'));
    assert.equal(first.outcome, 'retry');
    assert.equal(first.outcome === 'retry' && first.responseCode, 451);
    assert.match(first.outcome === 'retry' ? first.reason : '', /local error in processing/);
    assert.equal(received('ntf-mail-4').length, 0);
    assert.equal((await sendMail(mail('ntf-mail-4'))).outcome, 'delivered');
    assert.equal(received('ntf-mail-4').length, 1);
  });

  it('rejects on 550 for good', async () => {
    server.refuseNext(1, { responseCode: 550, message: 'Mailbox unavailable' });
    const outcome = await sendMail(mail('ntf-mail-5'));
    assert.equal(outcome.outcome, 'rejected');
    assert.equal(outcome.outcome === 'rejected' && outcome.responseCode, 550);
    assert.match(outcome.outcome === 'rejected' ? outcome.reason : '', /Mailbox unavailable/);
    assert.equal(received('ntf-mail-5').length, 0);
  });

  it('retries when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await sendMail({ ...mail('ntf-mail-6'), smtp: { host: '127.0.0.1', port, secure: false } });
    assert.equal(outcome.outcome, 'retry');
    assert.match(outcome.outcome === 'retry' ? outcome.reason : '', /ECONNREFUSED/);
  });

  it('rejects a sender address without a domain before connecting', async () => {
    const before = server.messages.length;
    const outcome = await sendMail({ ...mail('ntf-mail-7'), from: 'Clearinghouse' });
    assert.deepEqual(outcome, { outcome: 'rejected', reason: 'from: "Clearinghouse" has no address with a domain' });
    assert.equal(server.messages.length, before);
  });
});

describe('mail sender with SMTP login', () => {
  let server: SmtpTestServer;
  before(async () => {
    server = await startSmtpTestServer({ auth: { user: 'relay-user', pass: 'relay-pass' } });
  });
  after(async () => {
    await server.close();
  });
  const mailWith = (pass: string): OutgoingMail => ({
    smtp: { host: server.host, port: server.port, secure: false, auth: { user: 'relay-user', pass } },
    from: 'notify@clearinghouse.example',
    to: 'operator@utility.example',
    subject: 'Test',
    text: 'Test\n',
    idempotencyKey: `ntf-auth-${pass}`,
  });

  it('logs in and delivers', async () => {
    assert.equal((await sendMail(mailWith('relay-pass'))).outcome, 'delivered');
    assert.equal(server.messages.length, 1);
  });

  it('reports a refused login as a rejection with its code', async () => {
    const outcome = await sendMail(mailWith('wrong'));
    assert.equal(outcome.outcome, 'rejected');
    assert.equal(outcome.outcome === 'rejected' && outcome.responseCode, 535);
  });
});
