// The one way a POST starts a process (invitations, certification requests, access requests, procedures,
// delegate codes): derive the business id from the Idempotency-Key → replay the first answer (or refuse a key
// reused for another request) → pre-checks → start the workflow without waiting for a worker → record the
// resource in the database → remember the answer.
//
// The workflow is started before the row is written, with a plain start that returns once the server has stored
// it: no worker takes part in the answer, so a dead or busy worker cannot turn a 201 into a 503. A row therefore
// never lacks its workflow, and a workflow whose row was never written (the API died in between) records it
// itself with the same idempotent function when its first task runs; a row the workflow finds refused (409 race)
// ends that workflow at once.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { sql } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import { idempotencyKeys } from '../db/schema';
import type { DomainErrorCode } from '../../domain/errors';
import type { Requester } from '../requester';
import { derivedUuid } from './ids';
import { DomainError } from '../../domain/errors';
import { withinAnswerDeadline } from './updates';

export interface WorkflowStart {
  type: string;
  workflowId: string;
  args: unknown[];
  searchAttributes: SearchAttributePair[];
  summary: string;
  details?: string;
}

export interface ProcessStart<View> {
  /** The person whose request this is: an Idempotency-Key is theirs alone. */
  owner: string;
  /** Names the kind of process in the derived id (`invitation`, `certification-request`, …). */
  kind: string;
  /** What identifies the request with the caller: the space, and the resource of the path where there is one. */
  scope: string[];
  /** What the key stands for (body and path): a retry must send the same, else 422 idempotency_key_reused. */
  request: unknown;
  /** Refusals that need no process (409 already_member…), checked before anything starts; skipped on a retry. */
  precheck?: () => Promise<void>;
  /** The workflow to start for this id. */
  workflow?: (id: string) => Promise<WorkflowStart> | WorkflowStart;
  /** Records (or, on a retry, re-reads) the resource for this id, or throws its refusal. Idempotent per id. */
  record: (id: string) => Promise<View>;
}

type StoredAnswer = { view: unknown } | { refusal: { code: DomainErrorCode; detail?: string } };

/** Same JSON whatever the key order, so the hash names the request, not its spelling. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const requestHash = (request: unknown) => createHash('sha256').update(canonicalJson(request)).digest('hex');

/** How long a start waits for its turn when MAX_CONCURRENT_STARTS are under way, at most. */
const ADMISSION_WAIT_MS = 2_000;
/** A start whose answer was lost is asked once more within this time: the server then knows whether it exists. */
const START_CONFIRMATION_MS = 5_000;

/**
 * Admission control: at most `limit` starts at once in this process. Beyond, a caller waits briefly for its turn,
 * then gets 503 Retry-After before anything started — never after a process was created.
 */
export class Admission {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(waitMs: number, work: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active += 1;
    else await this.turn(waitMs);
    try {
      return await work();
    } finally {
      // The slot passes to the next waiter, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  private turn(waitMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const admit = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(admit), 1);
        reject(new DomainError('service_unavailable', 'Too many processes are starting at once; try again shortly.', { retryAfterSeconds: 2 }));
      }, Math.max(0, waitMs));
      this.waiting.push(admit);
    });
  }
}

/** A deadline that ran out while the request may have reached the server (gRPC DEADLINE_EXCEEDED or CANCELLED). */
function answerLost(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === 4 || code === 1 || /deadline/i.test(cause.message)) return true;
  }
  return false;
}

const admissions = new WeakMap<object, Admission>();
function admissionOf(requester: Requester): Admission {
  const key = requester.deps.temporal.client;
  let admission = admissions.get(key);
  if (!admission) admissions.set(key, (admission = new Admission(requester.deps.config.limits.concurrentStarts)));
  return admission;
}

/**
 * Starts the workflow; a second start of the same id (a retry) is not an error. A start whose answer did not come
 * in time may still have been stored: it is sent once more, so that the answer says what the server holds (a 503
 * only when it holds nothing).
 */
export async function startWorkflow(requester: Requester, start: WorkflowStart): Promise<void> {
  const { temporal } = requester.deps;
  const send = () =>
    temporal.client.workflow.start(start.type, {
      workflowId: start.workflowId,
      taskQueue: temporal.taskQueue,
      args: start.args,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: start.searchAttributes,
      staticSummary: start.summary,
      ...(start.details ? { staticDetails: start.details } : {}),
    });
  const started = async (attempt: () => Promise<unknown>) => {
    try {
      await attempt();
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
  await admissionOf(requester).run(Math.min(ADMISSION_WAIT_MS, requester.answerBy - Date.now() - 1_000), async () => {
    try {
      await started(() => withinAnswerDeadline(requester, send));
    } catch (error) {
      if (!answerLost(error)) throw error;
      await started(() => temporal.client.withDeadline(Date.now() + START_CONFIRMATION_MS, send));
    }
  });
}

/** Runs a process start as described above and returns the view to answer with. */
export async function startProcess<View>(requester: Requester, process: ProcessStart<View>): Promise<View> {
  const key = requester.idempotencyKey;
  if (!key) {
    const id = randomUUID();
    await process.precheck?.();
    if (process.workflow) await startWorkflow(requester, await process.workflow(id));
    return process.record(id);
  }

  const { db } = requester.deps;
  // The id of the key is the id of what it starts: a retry lands on the same resource and the same workflow.
  const id = derivedUuid(process.kind, process.owner, ...process.scope, key);
  const hash = requestHash(process.request);
  // One round trip: claim the key, or read what it was first used for.
  const [claimed] = await db
    .insert(idempotencyKeys)
    .values({ id, requestHash: hash })
    .onConflictDoUpdate({ target: idempotencyKeys.id, set: { id: sql`excluded.id` } })
    .returning({ requestHash: idempotencyKeys.requestHash, answer: idempotencyKeys.answer, fresh: sql<boolean>`(xmax = 0)` });
  if (claimed && claimed.requestHash !== hash) throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was used for a different request.');
  const first = claimed?.answer as StoredAnswer | null | undefined;
  if (first && 'view' in first) return first.view as View;
  if (first && 'refusal' in first) throw new DomainError(first.refusal.code, first.refusal.detail);

  const remember = (answer: StoredAnswer) => db.update(idempotencyKeys).set({ answer }).where(sql`${idempotencyKeys.id} = ${id}`);
  let view: View;
  try {
    // A key seen before without an answer: the first call is in flight or died midway. The pre-checks would now
    // refuse what that call recorded; the steps below are idempotent and check again themselves.
    if (claimed?.fresh !== false) await process.precheck?.();
    if (process.workflow) await startWorkflow(requester, await process.workflow(id));
    view = await process.record(id);
  } catch (error) {
    // A refusal by the state (409) is the first answer too; anything else (503, a bug) may be retried.
    if (error instanceof DomainError && error.status === 409) await remember({ refusal: { code: error.code, detail: error.note } });
    throw error;
  }
  await remember({ view });
  return view;
}
