import { isAbsolute } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../domain/access/access-policy.js';
import type { DedupSubject } from '../../domain/dedup/cluster-keys.js';
import type { Store } from '../../store/database.js';
import { IntakeRepository } from '../../store/intake-repository.js';
import { ReproductionRepository, type ReproductionOutcome, type ReproductionRow, type ReproductionTargetRow } from '../../store/reproduction-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import { ServiceError } from '../service-error.js';
import { reproduce } from './reproduction.js';
import type { SandboxLimits } from './sandbox.js';

/** A reproduction run as people read it. */
export interface ReproductionView {
  readonly id: string;
  readonly reportId: string;
  readonly findingId: string;
  readonly target: string;
  readonly pocSha256: string;
  readonly expectedSignature: string | null;
  /** queued, running, reproduced, not_reproduced, invalid, or failed (the sandbox could not run: says nothing of the report). */
  readonly status: string;
  readonly detail: string | null;
  readonly signature: unknown;
  readonly run: unknown;
  readonly requestedAt: string;
  readonly finishedAt: string | null;
}

export interface TargetView {
  readonly id: string;
  readonly name: string;
  readonly executable: string;
  readonly args: readonly string[];
}

/**
 * Validation of reports: analysts queue a run of a report's proof of concept (one of its
 * attachments) against a registered target build; `clearinghouse validate` workers run it
 * in the sandbox and the report's validation status follows the result.
 */
export class ReproductionService {
  readonly #runs: ReproductionRepository;
  readonly #intake: IntakeRepository;
  readonly #access: AccessLayer;
  readonly #now: () => Date;

  constructor(store: Store, access: AccessLayer, now: () => Date = () => new Date()) {
    this.#runs = new ReproductionRepository(store);
    this.#intake = new IntakeRepository(store);
    this.#access = access;
    this.#now = now;
  }

  /**
   * Registers a target build. Only from the admin CLI on the host: the executable is a path
   * on the machine the `validate` worker runs on, which no web user should choose.
   */
  async addTarget(target: { name: string; executable: string; args: readonly string[]; createdBy: string }): Promise<TargetView> {
    const name = target.name.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) throw new ServiceError('invalid', 'a target name is 1-100 letters, digits, dots, dashes or underscores', '/name');
    if (!isAbsolute(target.executable)) throw new ServiceError('invalid', `the executable must be an absolute path on the worker's host, not ${target.executable}`, '/executable');
    if (await this.#runs.target(name)) throw new ServiceError('conflict', `a target named ${name} exists`, '/name');
    const row = { id: randomUUID(), name, executable: target.executable, args: JSON.stringify(target.args), created_by: target.createdBy, created_at: this.#now().toISOString() };
    await this.#runs.addTarget(row);
    return targetView(row);
  }

  async targets(principal: Principal | undefined): Promise<TargetView[]> {
    await this.#access.requireCoordinator(principal, 'read');
    return (await this.#runs.targets()).map(targetView);
  }

  /** Queues a run of one of the report's attachments against a target; the finding's crash signature is what it must show. */
  async request(principal: Principal | undefined, reportId: string, ask: { target: string; attachment: string; findingId?: string | undefined }): Promise<ReproductionView> {
    const analyst = await this.#access.requireCoordinator(principal, 'write');
    await this.#access.require(analyst, 'read', 'reports', reportId);
    const target = await this.#runs.target(ask.target);
    if (!target) throw new ServiceError('invalid', `no target build ${ask.target}; an admin registers them with \`clearinghouse admin add-target\``, '/target');
    const attachment = (await this.#intake.attachmentsOf(reportId)).find((a) => a.sha256 === ask.attachment.toLowerCase());
    if (!attachment) throw new ServiceError('invalid', `the report has no attachment with SHA-256 ${ask.attachment}`, '/attachment');
    const findings = await this.#intake.findingsOfReport(reportId);
    const finding = ask.findingId === undefined ? findings[0] : findings.find((f) => f.id === ask.findingId);
    if (!finding) throw new ServiceError('invalid', `the report has no finding ${ask.findingId ?? ''}`.trim(), '/findingId');
    const subject = JSON.parse(finding.subject) as DedupSubject;
    const row: ReproductionRow = {
      id: randomUUID(),
      report_id: reportId,
      finding_id: finding.id,
      target_id: target.id,
      poc_sha256: attachment.sha256,
      expected_key: subject.crash?.key ?? null,
      status: 'queued',
      detail: null,
      signature: null,
      run: null,
      requested_by: analyst.userId,
      requested_at: this.#now().toISOString(),
      lease_until: null,
      finished_at: null,
    };
    await this.#runs.enqueue(row);
    return view(row, target.name);
  }

  async ofReport(principal: Principal | undefined, reportId: string): Promise<ReproductionView[]> {
    const staff = await this.#access.requireCoordinator(principal, 'read');
    await this.#access.require(staff, 'read', 'reports', reportId);
    const names = new Map((await this.#runs.targets()).map((t) => [t.id, t.name]));
    return (await this.#runs.ofReport(reportId)).map((r) => view(r, names.get(r.target_id) ?? r.target_id));
  }

  /**
   * Runs the next queued reproduction, if any (the worker's step). The lease outlasts the
   * sandbox's own time limit, so a run is taken over only when its worker died.
   */
  async runNext(options: { limits?: Partial<SandboxLimits>; leaseMs: number }): Promise<ReproductionView | undefined> {
    const now = this.#now();
    const claimed = await this.#runs.claimNext(now, new Date(now.getTime() + options.leaseMs));
    if (!claimed) return undefined;
    const target = await this.#runs.target(claimed.target_id);
    const poc = await this.#runs.attachmentContent(claimed.poc_sha256);
    let outcome: ReproductionOutcome;
    try {
      if (!target || !poc) throw new Error('the target or the proof of concept is gone from the store');
      const result = await reproduce({
        target: { executable: target.executable, args: JSON.parse(target.args) as string[] },
        poc,
        expected: claimed.expected_key === null ? undefined : { key: claimed.expected_key },
        ...(options.limits ? { limits: options.limits } : {}),
      });
      outcome = {
        status: result.status,
        detail: result.detail,
        signature: result.signature ? JSON.stringify(result.signature) : null,
        run: result.run ? JSON.stringify({ ...result.run, stderr: result.run.stderr.slice(-16_384) }) : null,
        finishedAt: this.#now().toISOString(),
      };
    } catch (error) {
      // The sandbox itself failed (bwrap missing, a broken host): the report is not to blame.
      outcome = { status: 'failed', detail: error instanceof Error ? error.message : String(error), signature: null, run: null, finishedAt: this.#now().toISOString() };
    }
    await this.#runs.finish(claimed.id, claimed.report_id, outcome);
    return view({ ...claimed, status: outcome.status, detail: outcome.detail, signature: outcome.signature, run: outcome.run, finished_at: outcome.finishedAt }, target?.name ?? claimed.target_id);
  }
}

function targetView(row: ReproductionTargetRow): TargetView {
  return { id: row.id, name: row.name, executable: row.executable, args: JSON.parse(row.args) as string[] };
}

function view(row: ReproductionRow, target: string): ReproductionView {
  return {
    id: row.id,
    reportId: row.report_id,
    findingId: row.finding_id,
    target,
    pocSha256: row.poc_sha256,
    expectedSignature: row.expected_key,
    status: row.status,
    detail: row.detail,
    signature: row.signature === null ? null : (JSON.parse(row.signature) as unknown),
    run: row.run === null ? null : (JSON.parse(row.run) as unknown),
    requestedAt: row.requested_at,
    finishedAt: row.finished_at,
  };
}
