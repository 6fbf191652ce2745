import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { messageIdFor } from '../../services/notify/mail-sender.js';
import { openNotificationFixture, sampleExposure, type NotificationFixture } from '../../testing/notification-fixtures.js';
import { repoRoot } from '../../testing/shared-data.js';
import { startSmtpTestServer, type SmtpTestServer } from '../../testing/smtp-test-server.js';
import { testDialects } from '../../testing/test-stores.js';
import { startWebhookTestReceiver, type WebhookTestReceiver } from '../../testing/webhook-test-receiver.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');
const moduleUrl = (path: string) => pathToFileURL(join(repoRoot, path)).href;

/** Waits until the condition holds, however long that takes: the test runner reports a hang, not a timer. */
async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A child process with its output lines collected; `exited` resolves with its exit code or signal. */
interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<number | NodeJS.Signals>;
}

function startChild(args: string[], onLine?: (line: string, child: ChildProcess) => void): Child {
  const child = spawn(process.execPath, args, { env: { ...process.env, CLEARINGHOUSE_DB: '', LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  // The test kills children on purpose: a pipe reset by the kill is expected, not a failure.
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.on('error', () => undefined);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      onLine?.(line, child);
    });
  }
  const exited = once(child, 'exit').then(([code, signal]) => (code as number | null) ?? (signal as NodeJS.Signals));
  return { process: child, lines, exited };
}

/**
 * The stand-in for the server: each event is written in one transaction with the change it tells
 * of (an asset row), as the inventory does, and printed as "ack <index> <key>" only after commit.
 * Paced, it prints "ready <index> <key>" before each commit and waits for a line on stdin, so the
 * test can kill it inside a transaction. Events and asset ids depend on the index alone.
 */
const writerScript = `
import { createInterface } from 'node:readline';
import { openStore } from '${moduleUrl('src/store/database.ts')}';
import { enqueueNotifications } from '${moduleUrl('src/store/outbox-repository.ts')}';
import { sampleExposure } from '${moduleUrl('src/testing/notification-fixtures.ts')}';
const [location, orgId, from, to, pacing] = process.argv.slice(1);
const input = createInterface({ input: process.stdin });
const go = input[Symbol.asyncIterator]();
const store = openStore(location);
const priorities = ['defer', 'scheduled', 'out-of-cycle', 'immediate'];
for (let i = Number(from); i < Number(to); i++) {
  const asset = { id: 'crash-asset-' + i, owner_org_id: orgId, name: 'substation-' + i };
  const occurredAt = new Date(Date.UTC(2026, 6, 1, 0, 0, i)).toISOString();
  const [enqueued] = await store.db.transaction().execute(async (tx) => {
    await tx.insertInto('assets').values({ ...asset, tlp: 'AMBER+STRICT', criticality: 'high', system_exposure: 'open', mission_impact: 'mef_failure', current_sbom_id: null, created_at: occurredAt })
      .onConflict((oc) => oc.column('id').doNothing()).execute();
    const enqueued = await enqueueNotifications(tx, [sampleExposure(i, asset, priorities[i % 4], occurredAt)]);
    if (pacing === 'paced') {
      process.stdout.write('ready ' + i + ' ' + enqueued[0].idempotencyKey + '\\n');
      await go.next();
    }
    return enqueued;
  });
  process.stdout.write('ack ' + i + ' ' + enqueued.idempotencyKey + '\\n');
}
await store.close();
input.close();
`;

const acknowledged = (writer: Child) => writer.lines.filter((l) => l.startsWith('ack ')).map((l) => ({ index: Number(l.split(' ')[1]), key: l.split(' ')[2]! }));

/** A delivery caught in flight: its event's key and the kind of receiver. */
interface HeldDelivery {
  readonly key: string;
  readonly kind: 'webhook' | 'email';
}

/**
 * Holds a lock that stops the worker recording outcomes, while at least one delivery is leased
 * and not yet recorded; returns those deliveries and how to let go once the worker was killed.
 * PostgreSQL: the leased rows are locked FOR UPDATE. SQLite: a write transaction (BEGIN IMMEDIATE)
 * locks the whole store. Null when no delivery was in flight at that moment.
 */
async function lockInFlight(fx: NotificationFixture): Promise<{ held: HeldDelivery[]; releaseAfterKill(): Promise<void> } | null> {
  const inFlight = `SELECT o.idempotency_key AS key, s.kind FROM deliveries d
                    JOIN outbox o ON o.id = d.outbox_id JOIN subscriptions s ON s.id = d.subscription_id
                    WHERE d.status = 'pending' AND d.lease_owner IS NOT NULL`;
  if (fx.store.capabilities.dialect === 'postgres') {
    const client = new pg.Client({ connectionString: fx.test.location });
    await client.connect();
    await client.query('BEGIN');
    const { rows } = await client.query<HeldDelivery>(`${inFlight} FOR UPDATE OF d`);
    if (rows.length === 0) {
      await client.query('ROLLBACK');
      await client.end();
      return null;
    }
    return {
      held: rows,
      releaseAfterKill: async () => {
        // The killed worker's UPDATEs still wait at the server, which would notice the dead client only
        // when it next wrote to it, and would then record them. A crashed host's connections die with
        // it: end the sessions waiting on this lock, as that would.
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))');
        await client.query('ROLLBACK');
        await client.end();
      },
    };
  }
  const db = new BetterSqlite3(fx.test.location);
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN IMMEDIATE');
  const rows = db.prepare(inFlight).all() as HeldDelivery[];
  if (rows.length === 0) {
    db.exec('ROLLBACK');
    db.close();
    return null;
  }
  return {
    held: rows,
    releaseAfterKill: async () => {
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

describe('clearinghouse worker', () => {
  let receiver: WebhookTestReceiver;
  let smtp: SmtpTestServer;
  before(async () => {
    receiver = await startWebhookTestReceiver({ secret: 'whsec_fixture' });
    smtp = await startSmtpTestServer();
  });
  after(async () => {
    await receiver.close();
    await smtp.close();
  });

  it('refuses bad options with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--lease-ms', '1000', '--send-timeout-ms', '1000'], /--lease-ms must exceed --send-timeout-ms/],
      [['--smtp-host', '127.0.0.1'], /--smtp-host needs --mail-from/],
      [['--poll-ms', 'soon'], /--poll-ms must be a whole number >= 1, got soon/],
    ];
    const runs = cases.map(([args]) => startChild([bin, 'worker', '--db', ':memory:', ...args]));
    for (const [index, [, message]] of cases.entries()) {
      assert.equal(await runs[index]!.exited, 2);
      assert.match(runs[index]!.lines.join('\n'), message);
    }
  });

  for (const dialect of testDialects) {
    describe(`on ${dialect}`, () => {
      let fx: NotificationFixture;
      before(async () => {
        fx = await openNotificationFixture(dialect);
      });
      after(async () => {
        await fx.close();
      });
      const workerArgs = () => [
        bin,
        'worker',
        '--db',
        fx.test.location,
        '--allow-private-targets',
        '--smtp-host',
        smtp.host,
        '--smtp-port',
        String(smtp.port),
        '--mail-from',
        'Clearinghouse <notify@clearinghouse.example>',
        '--poll-ms',
        '10',
        '--lease-ms',
        '1500',
        '--send-timeout-ms',
        '1000',
        '--retry-base-ms',
        '20',
        '--retry-max-ms',
        '200',
      ];

      it('--once delivers what is due and exits', async () => {
        const hook = await fx.subscribe({ kind: 'webhook', target: receiver.url });
        const [enqueued] = await fx.enqueue([sampleExposure(60, fx.assets[0]!, 'immediate')]);
        const once = startChild([...workerArgs(), '--once']);
        assert.equal(await once.exited, 0, once.lines.join('\n'));
        assert.ok(once.lines.includes('delivered 1, retried 0, dead-lettered 0; 0 digests enqueued'), once.lines.join('\n'));
        assert.equal(receiver.deliveries.filter((d) => d.idempotencyKey === enqueued!.idempotencyKey).length, 1);
        await fx.outbox.disableSubscription(hook.id, new Date().toISOString());
      });

      it('loses no acknowledged notification and repeats none but by key when the writer and the worker are killed with SIGKILL', async () => {
        const hook = await fx.subscribe({ kind: 'webhook', target: receiver.url });
        const mail = await fx.subscribe({ kind: 'email', target: 'soc@grid.example' });
        const total = 160;
        const [requestsBefore, messagesBefore] = [receiver.requests.length, smtp.messages.length];
        const killAt = 40;
        const writer = (from: number, pacing: 'paced' | 'free', onLine?: (line: string, child: ChildProcess) => void) =>
          startChild(['--import', 'tsx', '--input-type=module', '-e', writerScript, fx.test.location, fx.org.id, String(from), String(total), pacing], onLine);

        const firstWorker = startChild(workerArgs());
        // The first writer commits events 0..killAt-1, then is killed inside the transaction of event killAt.
        const firstWriter = writer(0, 'paced', (line, child) => {
          const [word, index] = line.split(' ');
          if (word === 'ready' && Number(index) < killAt) child.stdin!.write('go\n');
        });
        await waitFor(() => firstWriter.lines.some((l) => l.startsWith(`ready ${killAt} `)));
        firstWriter.process.kill('SIGKILL');
        assert.equal(await firstWriter.exited, 'SIGKILL');
        const uncommitted = firstWriter.lines.find((l) => l.startsWith(`ready ${killAt} `))!.split(' ')[2]!;
        assert.deepEqual(await fx.store.db.selectFrom('outbox').select('id').where('idempotency_key', '=', uncommitted).execute(), [], 'the killed transaction left no event');
        assert.equal(await fx.inventory.assetById(`crash-asset-${killAt}`), undefined, 'nor its change');
        const firstAcks = acknowledged(firstWriter);
        assert.deepEqual(firstAcks.map((a) => a.index), Array.from({ length: killAt }, (_, i) => i));
        const secondWriter = writer(killAt, 'free');
        assert.equal(await secondWriter.exited, 0, secondWriter.lines.join('\n'));
        const acks = [...firstAcks, ...acknowledged(secondWriter)];
        assert.ok(acks.some((a) => a.key === uncommitted), 'the rewritten event is the same event');
        assert.deepEqual(
          [...new Set(acks.map((a) => a.index))].sort((a, b) => a - b),
          Array.from({ length: total }, (_, i) => i),
        );

        // Catch the worker mid-delivery: hold its outcomes back while deliveries are in flight, wait
        // until a receiver has taken one of them, then kill the worker before it can record that.
        let held: Awaited<ReturnType<typeof lockInFlight>> = null;
        let extra = 0;
        while (held === null) {
          const burst = Array.from({ length: 20 }, (_, i) => sampleExposure(total + extra + i, fx.assets[i % 2]!, 'immediate'));
          extra += burst.length;
          for (const e of await fx.enqueue(burst)) acks.push({ index: -1, key: e.idempotencyKey });
          const pending = async () => (await fx.store.db.selectFrom('deliveries').select('id').where('status', '=', 'pending').executeTakeFirst()) !== undefined;
          while (held === null && (await pending())) {
            held = await lockInFlight(fx);
            // Between tries the worker runs unhindered; the receivers live in this process and must answer too.
            if (held === null) await new Promise((resolve) => setImmediate(resolve));
          }
        }
        const webhookCopies = (key: string) => receiver.requests.slice(requestsBefore).filter((r) => r.idempotencyKey === key).length;
        const mailCopies = (key: string) => smtp.messages.slice(messagesBefore).filter((m) => m.header('x-clearinghouse-idempotency-key') === key).length;
        const copies = ({ key, kind }: HeldDelivery) => (kind === 'webhook' ? webhookCopies(key) : mailCopies(key));
        const takenInFlight = () => held.held.filter((d) => copies(d) > 0);
        await waitFor(() => takenInFlight().length > 0);
        const takenBeforeKill = takenInFlight();
        firstWorker.process.kill('SIGKILL');
        assert.equal(await firstWorker.exited, 'SIGKILL');
        await held.releaseAfterKill();

        const secondWorker = startChild(workerArgs());
        const settled = async () => {
          const hooks = new Set(receiver.deliveries.map((d) => d.idempotencyKey));
          const mails = new Set(smtp.messages.map((m) => m.header('x-clearinghouse-idempotency-key')));
          return (
            acks.every((a) => hooks.has(a.key) && mails.has(a.key)) &&
            (await fx.store.db.selectFrom('deliveries').select('id').where('status', '=', 'pending').executeTakeFirst()) === undefined
          );
        };
        await waitFor(settled);
        secondWorker.process.kill('SIGTERM');
        assert.equal(await secondWorker.exited, 0, secondWorker.lines.join('\n'));
        assert.ok(secondWorker.lines.includes('notification worker stopped'));

        // No loss: every acknowledged event reached both receivers, and every delivery is recorded delivered.
        const committed = new Set((await fx.store.db.selectFrom('outbox').select('idempotency_key').execute()).map((r) => r.idempotency_key));
        const statuses = await fx.store.db
          .selectFrom('deliveries')
          .select(['status', (eb) => eb.fn.countAll().as('n')])
          .where('subscription_id', 'in', [hook.id, mail.id])
          .groupBy('status')
          .execute();
        assert.deepEqual(statuses.map((s) => [s.status, Number(s.n)]), [['delivered', 2 * acks.length]]);
        for (const { key } of acks) {
          assert.ok(committed.has(key));
          assert.equal(receiver.deliveries.filter((d) => d.idempotencyKey === key).length, 1, `webhook ${key} taken once`);
          const copies = smtp.messages.filter((m) => m.header('x-clearinghouse-idempotency-key') === key);
          assert.ok(copies.length >= 1, `mail ${key} arrived`);
          assert.ok(copies.every((m) => m.header('message-id') === messageIdFor(key, 'clearinghouse.example')), 'repeats carry the same Message-ID');
        }

        // Duplicates only as repeated keys: what was taken but not recorded before the crash was sent
        // again with its key, and the receiver took it once; nothing else was sent that was not committed.
        for (const delivery of takenBeforeKill) assert.ok(copies(delivery) >= 2, `${delivery.kind} ${delivery.key} was sent again after the crash`);
        const requests = receiver.requests.slice(requestsBefore);
        assert.ok(requests.every((r) => committed.has(r.idempotencyKey!) && r.signature.ok));
        assert.ok(smtp.messages.slice(messagesBefore).every((m) => committed.has(m.header('x-clearinghouse-idempotency-key')!)));
        assert.ok(requests.length + smtp.messages.length - messagesBefore > 2 * acks.length, 'some sends were repeats');
        const takenKeys = receiver.deliveries.map((d) => d.idempotencyKey);
        assert.equal(new Set(takenKeys).size, takenKeys.length, 'the receiver took no key twice');

        // The change and its notification committed together: each asset the writers added has its event.
        const crashAssets = await fx.store.db.selectFrom('assets').select('id').where('id', 'like', 'crash-asset-%').execute();
        const crashEvents = await fx.store.db.selectFrom('outbox').select('asset_id').where('asset_id', 'like', 'crash-asset-%').execute();
        assert.equal(crashAssets.length, total);
        assert.deepEqual(crashEvents.map((e) => e.asset_id).sort(), crashAssets.map((a) => a.id).sort());
      });
    });
  }
});
