// The life of one mandate (R22–R38): recorded → codes generated and letters posted (dispatched) → holder code
// entered (active) → delegates enter their codes → revoked, expired (holder code unused by the activation
// deadline) or ended (end date). Codes never pass through here: activities return only their row ids.
// Deterministic: no I/O, every side effect is an activity.
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { MandateActivities } from '../activities/mandates';
import { CLOSED_MANDATE_STATUSES, MANDATE_MAX_YEARS, type ActivationCodeStatus, type MandateStatus } from '../shared/domain';
import {
  PROCESS_STATUS,
  activateCodeUpdate,
  changeActivationDeadlineUpdate,
  changeDelegateCodesUpdate,
  changeEndDateUpdate,
  mandateRegistrationUpdate,
  mandateStatusQuery,
  revokeMandateUpdate,
  type IssuedCodeRef,
  type MandateWorkflowInput,
} from '../shared/temporal';

const activities = proxyActivities<MandateActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

type Phase = 'recording' | MandateStatus;

export interface MandateOutcome {
  mandateId: string;
  status: MandateStatus;
}

const isClosed = (phase: Phase) => (CLOSED_MANDATE_STATUSES as readonly string[]).includes(phase);
const MAX_END_MS = MANDATE_MAX_YEARS * 366 * 86_400_000;

function refuse(message: string, code: 'code_expired' | 'code_already_used' | 'mandate_not_active' | 'invalid_code' | 'validation_failed'): never {
  throw ApplicationFailure.nonRetryable(message, code);
}

export async function mandateWorkflow(input: MandateWorkflowInput): Promise<MandateOutcome> {
  const { mandateId, timings } = input;
  let phase = 'recording' as Phase;
  let activationDeadline = input.activationDeadline !== undefined ? Date.parse(input.activationDeadline) : Date.now() + timings.activationDeadlineMs;
  let deadlineSetAt = Date.now();
  let endDate = input.endDate ? Date.parse(input.endDate) : null;
  let endDateSetAt = Date.now();
  let batch = 0;
  /** Bumped by every handler that changes what the waiting loop waits for. */
  let tick = 0;
  const codes = new Map<string, { kind: IssuedCodeRef['kind']; status: ActivationCodeStatus }>();
  const activationRemindersSent = new Set<number>();
  const endRemindersSent = new Set<number>();

  const setPhase = (next: MandateStatus) => {
    // A closed mandate stays closed (e.g. the end date and a revocation in the same moment).
    if (isClosed(phase)) return;
    phase = next;
    tick += 1;
    // Only where the starter set our search attributes: the time-skipping test server has none.
    if (workflowInfo().typedSearchAttributes.get(PROCESS_STATUS) !== undefined) upsertSearchAttributes([{ key: PROCESS_STATUS, value: next }]);
  };
  const track = (refs: IssuedCodeRef[]) => {
    for (const ref of refs) if (!codes.has(ref.codeId)) codes.set(ref.codeId, { kind: ref.kind, status: 'issued' });
    tick += 1;
  };
  // The API answers 201 before this workflow's first task has run: a change arriving while it records waits for
  // it. whenRecorded is called only while recording, so recorded histories run exactly as before.
  const requireOpen = () => {
    if (isClosed(phase)) refuse(`The mandate is ${phase}.`, 'mandate_not_active');
  };
  const whenRecorded = async () => {
    await condition(() => phase !== 'recording');
    requireOpen();
  };
  const issueAndPost = async (kind: IssuedCodeRef['kind'], count: number, actor: MandateWorkflowInput['requestedBy']) => {
    track(await activities.issueCodes({ mandateId, kind, count, batch }));
    await activities.dispatchLetters({ mandateId, batch, actor });
  };

  setHandler(mandateStatusQuery, () => ({ status: phase, activationDeadline: new Date(activationDeadline).toISOString(), endDate: endDate === null ? null : new Date(endDate).toISOString() }));

  setHandler(mandateRegistrationUpdate, async () => {
    await condition(() => phase !== 'recording');
    return { mandateId, status: phase };
  });

  // Validators are synchronous: a refusal never reaches history and the caller gets its 409/410 at once.
  setHandler(
    activateCodeUpdate,
    async (request) => {
      const result = await activities.activateCode({ ...request, mandateId });
      const code = codes.get(request.codeId);
      if (code) code.status = 'used';
      if (result.kind === 'holder') setPhase('active');
      tick += 1;
      return result;
    },
    {
      validator: (request) => {
        const code = codes.get(request.codeId);
        if (!code) refuse('This code is not valid.', 'invalid_code');
        if (code.status === 'used') refuse('This code has already been used.', 'code_already_used');
        if (code.status !== 'issued' || isClosed(phase) || Date.now() >= activationDeadline) refuse('This code has expired.', 'code_expired');
        if (code.kind === 'delegate' && phase !== 'active') refuse('The holder code of this mandate has not been entered yet.', 'mandate_not_active');
      },
    },
  );

  setHandler(
    revokeMandateUpdate,
    async ({ actor }) => {
      if (phase === 'recording') await whenRecorded();
      await activities.closeMandate({ mandateId, status: 'revoked', actor });
      for (const code of codes.values()) if (code.status === 'issued') code.status = 'void';
      setPhase('revoked');
    },
    { validator: (_request) => requireOpen() },
  );

  setHandler(
    changeDelegateCodesUpdate,
    async ({ actor, delegateCodes }) => {
      batch += 1;
      const now = Date.now();
      await activities.voidDelegateCodes({ mandateId, actor, activationDeadline: new Date(now + timings.activationDeadlineMs).toISOString() });
      for (const code of codes.values()) if (code.kind === 'delegate' && code.status !== 'used') code.status = 'void';
      // New codes get a full activation period, reminders included.
      activationDeadline = now + timings.activationDeadlineMs;
      deadlineSetAt = now;
      activationRemindersSent.clear();
      await issueAndPost('delegate', delegateCodes, actor);
    },
    {
      validator: (_request) => {
        requireOpen();
        if (phase === 'requested' || phase === 'recording') refuse('The letters of this mandate are still being printed.', 'mandate_not_active');
      },
    },
  );

  setHandler(
    changeEndDateUpdate,
    async ({ actor, endDate: next }) => {
      if (phase === 'recording') await whenRecorded();
      await activities.recordEndDate({ mandateId, actor, endDate: next });
      endDate = next === null ? null : Date.parse(next);
      endDateSetAt = Date.now();
      endRemindersSent.clear();
      tick += 1;
    },
    {
      validator: ({ endDate: next }) => {
        requireOpen();
        if (next !== null && (Date.parse(next) <= Date.now() || Date.parse(next) - Date.now() > MAX_END_MS)) refuse(`The end date must lie in the future and at most ${MANDATE_MAX_YEARS} years ahead.`, 'validation_failed');
      },
    },
  );

  setHandler(
    changeActivationDeadlineUpdate,
    async ({ actor, activationDeadline: next }) => {
      if (phase === 'recording') await whenRecorded();
      await activities.recordActivationDeadline({ mandateId, actor, activationDeadline: next });
      activationDeadline = Date.parse(next);
      deadlineSetAt = Date.now();
      activationRemindersSent.clear();
      tick += 1;
    },
    {
      validator: ({ activationDeadline: next }) => {
        requireOpen();
        if (Date.parse(next) <= Date.now()) refuse('The activation deadline must lie in the future.', 'validation_failed');
      },
    },
  );

  const recorded = await activities.recordMandate({ ...input, activationDeadline: new Date(activationDeadline).toISOString() });
  setPhase(recorded.status === 'requested' ? 'requested' : recorded.status);
  await issueAndPost('holder', 1, input.requestedBy);
  if (input.delegateCodes > 0 && !isClosed(phase)) await issueAndPost('delegate', input.delegateCodes, input.requestedBy);
  if (phase === 'requested') setPhase('dispatched');

  while (!isClosed(phase)) {
    const now = Date.now();
    type Due = { at: number; action: 'activation-reminder' | 'deadline' | 'end-reminder' | 'end'; before?: number };
    const due: Due[] = [];
    if ([...codes.values()].some((code) => code.status === 'issued')) {
      for (const before of timings.activationRemindersMs) {
        // Reminders that would fall before the deadline was set (short deadlines) are skipped.
        if (!activationRemindersSent.has(before) && activationDeadline - before > deadlineSetAt) due.push({ at: activationDeadline - before, action: 'activation-reminder', before });
      }
      due.push({ at: activationDeadline, action: 'deadline' });
    }
    if (endDate !== null) {
      if (phase === 'active') {
        for (const before of timings.endRemindersMs) {
          if (!endRemindersSent.has(before) && endDate - before > endDateSetAt) due.push({ at: endDate - before, action: 'end-reminder', before });
        }
      }
      due.push({ at: endDate, action: 'end' });
    }
    due.sort((a, b) => a.at - b.at);
    const next = due[0];
    const tickAtWait = tick;
    const interrupted = next
      ? await condition(() => tick !== tickAtWait || isClosed(phase), Math.max(next.at - now, 1))
      : await condition(() => tick !== tickAtWait || isClosed(phase)).then(() => true);
    // A handler in the same task as the timer wins: recompute from the new state.
    if (interrupted || !next || tick !== tickAtWait || isClosed(phase)) continue;
    if (next.action === 'activation-reminder') {
      activationRemindersSent.add(next.before!);
      await activities.sendActivationReminder({ mandateId });
    } else if (next.action === 'deadline') {
      const { status } = await activities.expireCodes({ mandateId });
      for (const code of codes.values()) if (code.status === 'issued') code.status = 'expired';
      tick += 1;
      if (status === 'expired') setPhase('expired');
    } else if (next.action === 'end-reminder') {
      endRemindersSent.add(next.before!);
      await activities.sendEndReminder({ mandateId });
    } else {
      await activities.closeMandate({ mandateId, status: 'ended', actor: null });
      for (const code of codes.values()) if (code.status === 'issued') code.status = 'void';
      setPhase('ended');
    }
  }

  await condition(allHandlersFinished);
  return { mandateId, status: phase as MandateStatus };
}
