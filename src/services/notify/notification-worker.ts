import { randomUUID } from 'node:crypto';
import { openStore } from '../../store/database.js';
import { migrateToLatest } from '../../store/migrate.js';
import {
  OutboxRepository,
  subscriptionMatches,
  type ClaimedDelivery,
  type DailyDigestEvent,
  type ExposureNewEvent,
  type OutboxEvent,
} from '../../store/outbox-repository.js';
import { sendMail, type SmtpSettings } from './mail-sender.js';
import { nextAttemptDelay, shouldDeadLetter } from './retry-policy.js';
import type { TargetGuardOptions } from './target-guard.js';
import { sendWebhook } from './webhook-sender.js';

/** The relay e-mail notifications go through, and the sender they carry. */
export interface MailSettings {
  readonly smtp: SmtpSettings;
  readonly from: string;
}

/** Where the worker reports what it did; pino's logger fits. */
export interface WorkerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface NotificationWorkerOptions {
  /** Loopback and private webhook targets are refused unless `allowPrivateTargets` (development only). */
  readonly guard: TargetGuardOptions;
  /** Without it, e-mail deliveries wait (and eventually die) with "no SMTP relay configured". */
  readonly mail?: MailSettings | undefined;
  /** Names this worker's leases; a fresh one by default. */
  readonly workerId?: string;
  /** Attempts before a delivery is dead-lettered (an attempt interrupted by a crash counts). */
  readonly maxAttempts?: number;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** How long a claimed delivery stays this worker's; a crashed worker's deliveries are due again after it. */
  readonly leaseMs?: number;
  /** For one webhook exchange or each wait on the SMTP connection; must be well under the lease. */
  readonly sendTimeoutMs?: number;
  /** Deliveries claimed at a time (and sent concurrently). */
  readonly batchSize?: number;
  /** Pause when nothing is due. */
  readonly pollMs?: number;
  /** How long after midnight UTC a day's digest is made, so transactions that began before midnight have committed. */
  readonly digestDelayMs?: number;
  readonly logger?: WorkerLogger | undefined;
  readonly now?: () => Date;
  readonly random?: () => number;
}

/** What a pass did. */
export interface DeliveryTally {
  delivered: number;
  retried: number;
  dead: number;
}

/** Defaults: about a day of retries (30 s doubling to 6 h, 10 attempts), 5 minute leases, 30 s sends. */
export const workerDefaults = {
  maxAttempts: 10,
  backoff: { baseMs: 30_000, maxMs: 6 * 3600_000 },
  leaseMs: 5 * 60_000,
  sendTimeoutMs: 30_000,
  batchSize: 20,
  pollMs: 1000,
  digestDelayMs: 10 * 60_000,
} as const;

/** Exposures listed in one digest; the total says how many there were. */
const digestListLimit = 200;
const dayMs = 86_400_000;

type Outcome = 'delivered' | 'retried' | 'dead';

/**
 * Delivers the outbox: claims due deliveries under a lease, sends each by webhook or e-mail with
 * the event's idempotency key, then records it delivered, retried after a backoff, or dead. The
 * outcome is written only after the receiver answered, so a crash between the two resends (same
 * key) rather than loses. Also makes the daily digests.
 */
export class NotificationWorker {
  readonly #outbox: OutboxRepository;
  readonly #guard: TargetGuardOptions;
  readonly #mail: MailSettings | undefined;
  readonly #id: string;
  readonly #maxAttempts: number;
  readonly #backoff: { readonly baseMs: number; readonly maxMs: number };
  readonly #leaseMs: number;
  readonly #sendTimeoutMs: number;
  readonly #batchSize: number;
  readonly #pollMs: number;
  readonly #digestDelayMs: number;
  readonly #logger: WorkerLogger | undefined;
  readonly #now: () => Date;
  readonly #random: () => number;
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #lastDigestDay: string | undefined;

  constructor(outbox: OutboxRepository, options: NotificationWorkerOptions) {
    this.#outbox = outbox;
    this.#guard = options.guard;
    this.#mail = options.mail;
    this.#id = options.workerId ?? `worker-${randomUUID()}`;
    this.#maxAttempts = options.maxAttempts ?? workerDefaults.maxAttempts;
    this.#backoff = options.backoff ?? workerDefaults.backoff;
    this.#leaseMs = options.leaseMs ?? workerDefaults.leaseMs;
    this.#sendTimeoutMs = options.sendTimeoutMs ?? workerDefaults.sendTimeoutMs;
    this.#batchSize = options.batchSize ?? workerDefaults.batchSize;
    this.#pollMs = options.pollMs ?? workerDefaults.pollMs;
    this.#digestDelayMs = options.digestDelayMs ?? workerDefaults.digestDelayMs;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    if (!Number.isInteger(this.#maxAttempts) || this.#maxAttempts < 1) throw new RangeError('maxAttempts must be an integer >= 1');
    // A lease shorter than a send could run out mid-send and let a second worker send the same delivery.
    if (!(this.#leaseMs > this.#sendTimeoutMs)) throw new RangeError('leaseMs must exceed sendTimeoutMs');
  }

  /** Claims one batch of due deliveries and sends them; an empty tally when nothing was due. */
  async deliverDue(): Promise<DeliveryTally> {
    const claimed = await this.#outbox.claimDue(this.#id, this.#now(), this.#leaseMs, this.#batchSize);
    const outcomes = await Promise.all(claimed.map((delivery) => this.#deliver(delivery)));
    return {
      delivered: outcomes.filter((o) => o === 'delivered').length,
      retried: outcomes.filter((o) => o === 'retried').length,
      dead: outcomes.filter((o) => o === 'dead').length,
    };
  }

  /** Sends batches until nothing is due now (retries scheduled for later are left for later). */
  async drain(): Promise<DeliveryTally> {
    const total: DeliveryTally = { delivered: 0, retried: 0, dead: 0 };
    for (;;) {
      const tally = await this.deliverDue();
      total.delivered += tally.delivered;
      total.retried += tally.retried;
      total.dead += tally.dead;
      if (tally.delivered + tally.retried + tally.dead === 0) return total;
    }
  }

  /** The latest UTC day whose digest is due now (YYYY-MM-DD). */
  digestDay(): string {
    return new Date(this.#now().getTime() - this.#digestDelayMs - dayMs).toISOString().slice(0, 10);
  }

  /**
   * Makes one digest per daily-digest subscription for a UTC day: the organization's new exposures
   * that day that pass the subscription's filters. Idempotent: a (subscription, day) is made once,
   * its event keyed `digest:<org>:<subscription>:<day>`. A day with nothing to tell sends nothing.
   * Returns how many digests were enqueued.
   */
  async runDailyDigests(day: string): Promise<number> {
    const from = `${day}T00:00:00.000Z`;
    const to = new Date(Date.parse(from) + dayMs).toISOString();
    const eventsByOrg = new Map<string, Promise<ExposureNewEvent[]>>();
    let enqueued = 0;
    for (const subscription of await this.#outbox.dailyDigestSubscriptions()) {
      if (subscription.created_at >= to || (await this.#outbox.hasDigestRun(subscription.id, day))) continue;
      const orgId = subscription.org_id;
      if (!eventsByOrg.has(orgId)) eventsByOrg.set(orgId, this.#outbox.exposureEventsOf(orgId, from, to));
      const exposures = (await eventsByOrg.get(orgId)!).filter((e) => subscriptionMatches(subscription, e));
      const event: DailyDigestEvent | null =
        exposures.length === 0
          ? null
          : { type: 'digest.daily', orgId, subscriptionId: subscription.id, day, total: exposures.length, exposures: exposures.slice(0, digestListLimit) };
      const made = await this.#outbox.recordDigest({ subscriptionId: subscription.id, day, event, idempotencyKey: `digest:${orgId}:${subscription.id}:${day}` }, this.#now());
      if (made && event) enqueued += 1;
    }
    return enqueued;
  }

  /** Runs until `stop()`: digests when a day is due, deliveries as they come due. */
  start(): void {
    this.#running ??= this.#loop();
  }

  /** Stops taking work, lets the deliveries in hand finish and be recorded, then resolves. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      let busy = false;
      try {
        const day = this.digestDay();
        if (day !== this.#lastDigestDay) {
          const made = await this.runDailyDigests(day);
          if (made > 0) this.#logger?.info({ day, digests: made }, 'daily digests enqueued');
          this.#lastDigestDay = day;
        }
        const tally = await this.deliverDue();
        busy = tally.delivered + tally.retried + tally.dead > 0;
      } catch (error) {
        // A store hiccup (a lock timeout, a dropped connection) must not end the worker: wait and try again.
        this.#logger?.error({ err: error }, 'notification pass failed');
      }
      if (!busy && !this.#stopping) await this.#pause();
    }
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#pollMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  async #deliver(delivery: ClaimedDelivery): Promise<Outcome> {
    const { id, attempts } = delivery;
    const log = { delivery: id, key: delivery.idempotencyKey, subscription: delivery.subscription.id, attempt: attempts };
    if (delivery.subscription.disabled_at !== null) return this.#dead(delivery, `subscription disabled at ${delivery.subscription.disabled_at}`);
    if (attempts > this.#maxAttempts) return this.#dead(delivery, `no attempts left: attempt ${this.#maxAttempts} of ${this.#maxAttempts} was interrupted`);
    let result: { outcome: 'delivered' } | { outcome: 'retry' | 'rejected'; reason: string };
    try {
      result = delivery.subscription.kind === 'webhook' ? await this.#sendWebhook(delivery) : await this.#sendMail(delivery);
    } catch (error) {
      result = { outcome: 'retry', reason: `unexpected error: ${(error as Error).message}` };
    }
    const now = this.#now();
    if (result.outcome === 'delivered') {
      await this.#outbox.markDelivered(id, this.#id, now);
      this.#logger?.info(log, 'notification delivered');
      return 'delivered';
    }
    if (result.outcome === 'rejected') return this.#dead(delivery, result.reason);
    if (shouldDeadLetter(attempts, this.#maxAttempts)) return this.#dead(delivery, `gave up after ${attempts} attempts: ${result.reason}`);
    const delay = nextAttemptDelay(attempts, { ...this.#backoff, random: this.#random });
    await this.#outbox.scheduleRetry(id, this.#id, new Date(now.getTime() + delay), result.reason, now);
    this.#logger?.warn({ ...log, reason: result.reason, retryInMs: delay }, 'notification will be retried');
    return 'retried';
  }

  async #dead(delivery: ClaimedDelivery, reason: string): Promise<Outcome> {
    await this.#outbox.markDead(delivery.id, this.#id, reason, this.#now());
    this.#logger?.error({ delivery: delivery.id, key: delivery.idempotencyKey, subscription: delivery.subscription.id, reason }, 'notification dead-lettered');
    return 'dead';
  }

  #sendWebhook(delivery: ClaimedDelivery) {
    const body = JSON.stringify({ id: delivery.idempotencyKey, type: delivery.eventType, created_at: delivery.createdAt, data: JSON.parse(delivery.payload) as unknown });
    return sendWebhook({
      url: delivery.subscription.target,
      secret: delivery.subscription.secret ?? '',
      event: delivery.eventType,
      idempotencyKey: delivery.idempotencyKey,
      body,
      timeoutMs: this.#sendTimeoutMs,
      guard: this.#guard,
    });
  }

  async #sendMail(delivery: ClaimedDelivery) {
    if (!this.#mail) return { outcome: 'retry' as const, reason: 'no SMTP relay configured for this worker' };
    const message = mailMessageOf(JSON.parse(delivery.payload) as OutboxEvent);
    return sendMail({
      smtp: { ...this.#mail.smtp, timeoutMs: this.#mail.smtp.timeoutMs ?? this.#sendTimeoutMs },
      from: this.#mail.from,
      to: delivery.subscription.target,
      subject: message.subject,
      text: `${message.text}\nEvent: ${delivery.idempotencyKey}\n`,
      idempotencyKey: delivery.idempotencyKey,
      headers: { 'X-Clearinghouse-Event': delivery.eventType },
    });
  }
}

/** The subject and plain text of a notification e-mail. */
function mailMessageOf(event: OutboxEvent): { subject: string; text: string } {
  switch (event.type) {
    case 'exposure.new':
      return {
        subject: `[${event.priority}] ${event.vulnId} affects ${event.assetName}`,
        text: [
          `${event.vulnId} affects ${componentText(event.component)} on ${event.assetName}.`,
          ...(event.summary ? [event.summary] : []),
          `SSVC deployer priority: ${event.priority}`,
          `Fixed in: ${event.fixedVersion ?? 'no fixed version named yet'}`,
          `Seen: ${event.occurredAt}`,
        ].join('\n'),
      };
    case 'exposure.resolved':
      return {
        subject: `${event.vulnId} no longer affects ${event.assetName}`,
        text: `${event.vulnId} no longer affects ${componentText(event.component)} on ${event.assetName}.\nSeen: ${event.occurredAt}`,
      };
    case 'digest.daily': {
      const more = event.total - event.exposures.length;
      return {
        subject: `Daily digest ${event.day}: ${event.total} new exposure${event.total === 1 ? '' : 's'}`,
        text: [
          `New exposures on ${event.day} (UTC):`,
          ...event.exposures.map((e) => `- [${e.priority}] ${e.vulnId} on ${e.assetName}: ${componentText(e.component)}`),
          ...(more > 0 ? [`…and ${more} more.`] : []),
        ].join('\n'),
      };
    }
    case 'case.vendor_notified':
    case 'case.reminder':
      return event.mail;
  }
}

function componentText(component: ExposureNewEvent['component']): string {
  return component.purl ?? (component.version ? `${component.name} ${component.version}` : component.name);
}

/** A worker over its own store connection, for the `worker` command. */
export interface OpenedWorker {
  readonly worker: NotificationWorker;
  /** The store, for logs, without credentials. */
  readonly storeDescription: string;
  close(): Promise<void>;
}

/** Opens the store named by `db`, brings its schema up to date, and builds a worker over it. */
export async function openNotificationWorker(db: string, options: NotificationWorkerOptions): Promise<OpenedWorker> {
  const store = openStore(db);
  try {
    await migrateToLatest(store);
    return { worker: new NotificationWorker(new OutboxRepository(store), options), storeDescription: store.description, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
