// The life of one mandate (R22–R38): recorded → codes generated and letters posted (dispatched) → holder code
// entered (active) → delegates enter their codes → revoked, expired (holder code unused by the activation
// deadline) or ended (end date). Codes never pass through here: activities return only their row ids.
// Deterministic: no I/O, every side effect is an activity.
import { allHandlersFinished, condition, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { MandateActivities } from './activities';
import { CLOSED_MANDATE_STATUSES, MANDATE_END_DATE_RULE, isAllowedMandateEndDate, type ActivationCodeStatus, type MandateStatus } from '../../domain/mandates';
import { domainFailure } from '../../domain/failures';
import { deadlineAfter } from '../../domain/time';
import { PROCESS_STATUS, SPACE_IDS } from '../../platform/temporal/search-attributes';
import { activateCodeUpdate, delegationMovedSignal, changeActivationDeadlineUpdate, changeDelegateCodesUpdate, changeEndDateUpdate, mandateRegistrationUpdate, mandateStatusQuery, revokeDelegateUpdate, revokeMandateUpdate, type IssuedCodeRef, type MandateWorkflowInput } from './contract';

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

function refuse(message: string, code: 'code_expired' | 'code_already_used' | 'mandate_not_active' | 'invalid_code' | 'validation_failed'): never {
  throw domainFailure(code, message);
}

/** One activation deadline and its reminders: the mandate's (holder code, first delegate codes) or a later batch's. */
interface DeadlineGroup {
  /** undefined: every code of the mandate (before the per-batch deadlines). */
  batch: number | undefined;
  at: number;
  setAt: number;
  reminded: Set<number>;
}

export async function mandateWorkflow(input: MandateWorkflowInput): Promise<MandateOutcome> {
  const { mandateId, timings } = input;
  // Trust rules: new delegate codes get their own deadline; the holder code's and the other codes' stay. Histories
  // recorded before keep one deadline for all codes.
  const ownBatchDeadlines = patched('delegate-codes-own-deadline');
  let phase = 'recording' as Phase;
  let activationDeadline = input.activationDeadline !== undefined ? Date.parse(input.activationDeadline) : Date.now() + timings.activationDeadlineMs;
  let deadlineSetAt = Date.now();
  let endDate = input.endDate ? Date.parse(input.endDate) : null;
  let endDateSetAt = Date.now();
  let batch = 0;
  /** Bumped by every handler that changes what the waiting loop waits for. */
  let tick = 0;
  const codes = new Map<string, { kind: IssuedCodeRef['kind']; status: ActivationCodeStatus; batch: number }>();
  const activationRemindersSent = new Set<number>();
  const endRemindersSent = new Set<number>();
  /** Later batches (new delegate codes): their own deadline, set when they were issued. */
  const batchDeadlines = new Map<number, { at: number; setAt: number; reminded: Set<number> }>();
  const deadlineOf = (codeBatch: number) => (ownBatchDeadlines ? (batchDeadlines.get(codeBatch)?.at ?? activationDeadline) : activationDeadline);
  /** What the loop waits for: one group per deadline with unused codes. */
  const deadlineGroups = (): DeadlineGroup[] => {
    const issued = [...codes.values()].filter((code) => code.status === 'issued');
    if (issued.length === 0) return [];
    if (!ownBatchDeadlines) return [{ batch: undefined, at: activationDeadline, setAt: deadlineSetAt, reminded: activationRemindersSent }];
    const batches = [...new Set(issued.map((code) => (batchDeadlines.has(code.batch) ? code.batch : 0)))].sort((a, b) => a - b);
    return batches.map((entry) => {
      const own = batchDeadlines.get(entry);
      return own ? { batch: entry, ...own } : { batch: 0, at: activationDeadline, setAt: deadlineSetAt, reminded: activationRemindersSent };
    });
  };

  const setPhase = (next: MandateStatus) => {
    // A closed mandate stays closed (e.g. the end date and a revocation in the same moment).
    if (isClosed(phase)) return;
    phase = next;
    tick += 1;
    // Only where the starter set our search attributes: the time-skipping test server has none.
    if (workflowInfo().typedSearchAttributes.get(PROCESS_STATUS) !== undefined) upsertSearchAttributes([{ key: PROCESS_STATUS, value: next }]);
  };
  /** Delegate spaces registered through a code: with the mandator's, they are the SpaceIds that find the mandate. */
  const delegateSpaces = new Set<string>();
  const tagSpaces = () => {
    // Versioned: histories recorded before SpaceIds replay without this command. Only where the starter set it.
    if (!patched('mandate-space-ids') || workflowInfo().typedSearchAttributes.get(SPACE_IDS) === undefined) return;
    upsertSearchAttributes([{ key: SPACE_IDS, value: [input.mandatorSpaceId, ...delegateSpaces] }]);
  };
  // R38: the delegation moved to another space of the delegate company; SpaceIds follows it.
  setHandler(delegationMovedSignal, ({ fromSpaceId, toSpaceId }) => {
    if (!delegateSpaces.delete(fromSpaceId)) return;
    delegateSpaces.add(toSpaceId);
    tagSpaces();
  });
  const track = (refs: IssuedCodeRef[], codeBatch: number) => {
    for (const ref of refs) if (!codes.has(ref.codeId)) codes.set(ref.codeId, { kind: ref.kind, status: 'issued', batch: codeBatch });
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
  const issueAndPost = async (kind: IssuedCodeRef['kind'], count: number, actor: MandateWorkflowInput['requestedBy'], ownDeadline?: string) => {
    const codeBatch = batch;
    track(await activities.issueCodes({ mandateId, kind, count, batch: codeBatch, ...(ownDeadline ? { activationDeadline: ownDeadline } : {}) }), codeBatch);
    await activities.dispatchLetters({ mandateId, batch: codeBatch, actor });
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
      if (result.kind === 'delegate' && !delegateSpaces.has(request.spaceId)) {
        delegateSpaces.add(request.spaceId);
        tagSpaces();
      }
      tick += 1;
      return result;
    },
    {
      validator: (request) => {
        const code = codes.get(request.codeId);
        if (!code) refuse('This code is not valid.', 'invalid_code');
        if (code.status === 'used') refuse('This code has already been used.', 'code_already_used');
        if (code.status !== 'issued' || isClosed(phase) || Date.now() >= deadlineOf(code.batch)) refuse('This code has expired.', 'code_expired');
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
      if (ownBatchDeadlines) {
        // Only the unused delegate codes become void; registered delegates keep their access, the holder code and
        // the mandate keep their deadline (it is the administration's). The new codes get their own, to the end of
        // its Luxembourg day as the letter prints it (histories from before ended it at the very instant).
        const ownAt = patched('new-codes-deadline-end-of-day') ? deadlineAfter(now, timings.activationDeadlineMs) : now + timings.activationDeadlineMs;
        const own = new Date(ownAt).toISOString();
        batchDeadlines.set(batch, { at: ownAt, setAt: now, reminded: new Set() });
        await activities.voidDelegateCodes({ mandateId, actor, unusedOnly: true, activationDeadline: own });
        for (const code of codes.values()) if (code.kind === 'delegate' && (code.status === 'issued' || code.status === 'expired')) code.status = 'void';
        await issueAndPost('delegate', delegateCodes, actor, own);
        return;
      }
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
    revokeDelegateUpdate,
    async ({ actor, delegateSpaceId }) => {
      await activities.endDelegation({ mandateId, delegateSpaceId, actor });
      // Its space no longer finds the mandate by SpaceIds.
      if (delegateSpaces.delete(delegateSpaceId)) tagSpaces();
    },
    { validator: (_request) => requireOpen() },
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
        if (next !== null && !isAllowedMandateEndDate(Date.parse(next), Date.now())) refuse(`The end date ${MANDATE_END_DATE_RULE}.`, 'validation_failed');
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
    type Due = { at: number; action: 'activation-reminder' | 'deadline' | 'end-reminder' | 'end'; before?: number; group?: DeadlineGroup };
    const due: Due[] = [];
    for (const group of deadlineGroups()) {
      for (const before of timings.activationRemindersMs) {
        // Reminders that would fall before the deadline was set (short deadlines) are skipped.
        if (!group.reminded.has(before) && group.at - before > group.setAt) due.push({ at: group.at - before, action: 'activation-reminder', before, group });
      }
      due.push({ at: group.at, action: 'deadline', group });
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
      next.group!.reminded.add(next.before!);
      const groupBatch = next.group!.batch;
      await activities.sendActivationReminder(groupBatch === undefined ? { mandateId } : { mandateId, batch: groupBatch });
    } else if (next.action === 'deadline') {
      const groupBatch = next.group!.batch;
      const { status } = await activities.expireCodes(groupBatch === undefined ? { mandateId } : { mandateId, batch: groupBatch });
      const inGroup = (codeBatch: number) => groupBatch === undefined || (groupBatch === 0 ? !batchDeadlines.has(codeBatch) : codeBatch === groupBatch);
      // A mandate expiring (holder code unused) takes every unused code with it.
      for (const code of codes.values()) if (code.status === 'issued' && (status === 'expired' || inGroup(code.batch))) code.status = 'expired';
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
