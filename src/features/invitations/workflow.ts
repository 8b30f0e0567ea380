// The life of one invitation (R4, R5, R15–R18): recorded → mailed → pending until accepted, declined, cancelled
// or expired, with reminders before expiry and at most one resend per interval. Deterministic: no I/O here,
// every side effect is an activity.
import {
  CancelledFailure,
  TemporalFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { InvitationActivities } from './activities';
import type { Actor, InvitationStatus } from '../../domain/access';
import { domainFailure, domainFailureOf, failureDetails, refuseWith } from '../../domain/failures';
import { certificateMismatchRefusal } from '../../domain/access';
import { PROCESS_STATUS } from '../../platform/temporal/search-attributes';
import { acceptUpdate, cancelUpdate, declineUpdate, editUpdate, invitationStatusQuery, registrationUpdate, resendUpdate, type Answer, type InvitationWorkflowInput, type RegistrationResult } from './contract';

// Short database writes that a caller waits for run as local activities: they complete within the workflow task
// that answers the update, so recording or accepting an invitation costs one round trip to the server.
const records = proxyLocalActivities<InvitationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '1 minute', backoffCoefficient: 2 },
});
// Mail goes through ordinary activities: retried on their own schedule, never holding up an answer.
const messages = proxyActivities<InvitationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});
// The first invitation mail is tried in the first workflow task, beside the record: one task instead of three
// server round trips (schedule, complete, a second task), which is most of what a new invitation costs the
// server. An answer (accept, cancel) that arrives meanwhile waits for that task, so the tries are bounded to 3 s,
// well inside the API's 5 s answer deadline; a mail server that is down or slow hands over to the ordinary activity.
const firstMail = proxyLocalActivities<InvitationActivities>({
  startToCloseTimeout: '2 seconds',
  scheduleToCloseTimeout: '3 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

type Phase = 'recording' | 'refused' | InvitationStatus | 'accepting' | 'declining' | 'cancelling';

export interface InvitationOutcome {
  invitationId: string;
  status: InvitationStatus | 'refused';
}

function notPending(status: Phase): never {
  throw domainFailure('invitation_not_pending', `The invitation is ${status === 'recording' ? 'not recorded yet' : status}, not pending.`);
}

export async function invitationWorkflow(input: InvitationWorkflowInput): Promise<InvitationOutcome> {
  const { invitationId, timings } = input;
  let phase = 'recording' as Phase;
  let registration: RegistrationResult | undefined = undefined;
  let expiresAt = input.expiresAt !== undefined ? Date.parse(input.expiresAt) : Date.now() + timings.ttlMs;
  let lastSentAt = Date.now();
  /** Where the invitation was last mailed: an edited address gets the invitation again. */
  let mailedTo = input.email;
  /** Changes whenever the expiry moves (resend), so the waiting loop recomputes its timers. */
  let cycle = 0;
  let cycleStartedAt = Date.now();
  const remindersSent = new Set<number>();

  // The API answers 201 once the workflow is started and the row written, before this workflow's first task has
  // run: an answer arriving while it records waits for it instead of being refused.
  const requirePending = () => {
    if (phase !== 'pending' && phase !== 'recording') notPending(phase);
  };
  // Called only while recording, so the handlers of recorded histories run exactly as before.
  const whenRecorded = async () => {
    await condition(() => phase !== 'recording');
    if (phase !== 'pending') notPending(phase);
  };
  // The row may be answered already although this workflow does not know it: an answer's local activity commits,
  // then its workflow task is lost (the server restarted, the worker died before completing it) and the update with
  // it. A later, different answer then finds the row decided: the row is the truth — the workflow takes its state
  // and refuses the answer (before, a cancel answered 204 on an accepted invitation: the chaos run, seed 3). Only
  // such a conflict calls patched(), so every other history replays unchanged.
  const adoptRowState = (status: string | undefined) => {
    if (status !== 'accepted' && status !== 'declined' && status !== 'cancelled' && status !== 'expired') return false;
    if (!patched('invitation-row-decides')) return false;
    setPhase(status);
    return true;
  };
  const closeAs = async (status: 'declined' | 'cancelled', actor: Actor | null) => {
    const view = await records.closeInvitation({ invitationId, status, actor });
    if (view.status !== status && adoptRowState(view.status)) notPending(view.status);
    setPhase(status);
    return view;
  };
  const requireInvitedCertificate = (answer: Answer) => {
    requirePending();
    refuseWith(certificateMismatchRefusal(input.certificateSsn, answer.certificateSsn));
  };
  const setPhase = (next: Phase) => {
    phase = next;
    // Only where the starter set our search attributes: servers without them (the time-skipping test server)
    // would reject the upsert.
    const tracked = workflowInfo().typedSearchAttributes.get(PROCESS_STATUS) !== undefined;
    if (tracked && (next === 'pending' || next === 'accepted' || next === 'declined' || next === 'cancelled' || next === 'expired' || next === 'refused')) {
      upsertSearchAttributes([{ key: PROCESS_STATUS, value: next }]);
    }
  };

  setHandler(invitationStatusQuery, () => ({
    status: phase === 'accepting' || phase === 'declining' || phase === 'cancelling' ? 'pending' : phase,
    expiresAt: registration?.outcome === 'recorded' ? new Date(expiresAt).toISOString() : null,
  }));

  setHandler(registrationUpdate, async () => {
    await condition(() => registration !== undefined);
    return registration!;
  });

  // Validators are synchronous so that a refusal never reaches history and the caller gets a real answer.
  setHandler(
    acceptUpdate,
    async (answer) => {
      if (phase === 'recording') await whenRecorded();
      setPhase('accepting');
      let membership: Awaited<ReturnType<typeof records.acceptInvitation>>;
      try {
        membership = await records.acceptInvitation({ invitationId, answer });
      } catch (error) {
        const failure = domainFailureOf(error);
        if (failure?.type === 'invitation_not_pending') adoptRowState(failureDetails(failure).status);
        throw error;
      }
      setPhase('accepted');
      return membership;
    },
    { validator: requireInvitedCertificate },
  );

  setHandler(
    declineUpdate,
    async (answer) => {
      if (phase === 'recording') await whenRecorded();
      setPhase('declining');
      return closeAs('declined', { personId: answer.personId, name: answer.name });
    },
    { validator: requireInvitedCertificate },
  );

  setHandler(
    cancelUpdate,
    async ({ actor }) => {
      if (phase === 'recording') await whenRecorded();
      setPhase('cancelling');
      return closeAs('cancelled', actor);
    },
    { validator: (_request) => requirePending() },
  );

  setHandler(
    editUpdate,
    async ({ actor, edit }) => {
      if (phase === 'recording') await whenRecorded();
      const view = await records.editInvitation({ invitationId, actor, edit });
      // A new address of a pending invitee gets the invitation (R4); histories from before this rule replay as they ran.
      if (view.status === 'pending' && view.email !== mailedTo && patched('invitation-remail-on-new-address')) {
        mailedTo = view.email;
        await messages.sendInvitationMail({ invitationId, purpose: 'invitation' });
      }
      return view;
    },
    { validator: (_request) => requirePending() },
  );

  setHandler(
    resendUpdate,
    async ({ actor }) => {
      if (phase === 'recording') await whenRecorded();
      const now = Date.now();
      lastSentAt = now;
      expiresAt = now + timings.ttlMs;
      cycleStartedAt = now;
      remindersSent.clear();
      cycle += 1;
      const view = await records.recordInvitationResent({ invitationId, actor, expiresAt: new Date(expiresAt).toISOString() });
      await messages.sendInvitationMail({ invitationId, purpose: 'invitation' });
      return view;
    },
    {
      validator: (_request) => {
        requirePending();
        if (Date.now() - lastSentAt < timings.resendIntervalMs) {
          const waitSeconds = Math.ceil((timings.resendIntervalMs - (Date.now() - lastSentAt)) / 1000);
          throw domainFailure('resend_too_soon', `The invitation was sent less than ${Math.round(timings.resendIntervalMs / 60000)} minutes ago; try again in ${waitSeconds} s.`, { retryAfterSeconds: waitSeconds });
        }
      },
    },
  );

  registration = await records.recordInvitation({ ...input, expiresAt: new Date(expiresAt).toISOString() });
  if (registration.outcome === 'refused') {
    setPhase('refused');
    await condition(allHandlersFinished);
    return { invitationId, status: 'refused' };
  }
  setPhase('pending');
  if (patched('invitation-first-mail-in-first-task')) {
    // One key for both tries: a mail the local activity sent but could not report is not sent again.
    const mailKey = `${workflowInfo().workflowId}/${workflowInfo().runId}/invitation-mail`;
    try {
      await firstMail.sendInvitationMail({ invitationId, purpose: 'invitation', mailKey });
    } catch (error) {
      // A local activity's failure arrives as its own failure or a timeout, not wrapped in an ActivityFailure.
      if (!(error instanceof TemporalFailure) || error instanceof CancelledFailure) throw error;
      await messages.sendInvitationMail({ invitationId, purpose: 'invitation', mailKey });
    }
  } else {
    await messages.sendInvitationMail({ invitationId, purpose: 'invitation' });
  }

  while (phase === 'pending') {
    const now = Date.now();
    // Reminders that would fall before this cycle started (short TTL, late resend) are skipped.
    const dueReminders = timings.remindersBeforeExpiryMs
      .filter((before) => !remindersSent.has(before) && expiresAt - before > cycleStartedAt)
      .sort((a, b) => b - a);
    const nextReminder = dueReminders[0];
    const wakeAt = nextReminder !== undefined ? Math.min(expiresAt - nextReminder, expiresAt) : expiresAt;
    const cycleAtWait = cycle;
    const interrupted = await condition(() => phase !== 'pending' || cycle !== cycleAtWait, Math.max(wakeAt - now, 1));
    // An answer may arrive in the same task as the timer: the answer wins, and so does a resend.
    if (interrupted || phase !== 'pending' || cycle !== cycleAtWait) continue;
    if (nextReminder !== undefined && wakeAt < expiresAt) {
      remindersSent.add(nextReminder);
      await messages.sendInvitationMail({ invitationId, purpose: 'reminder' });
    } else {
      setPhase('expired');
      const closed = await records.closeInvitation({ invitationId, status: 'expired', actor: null });
      if (closed.status !== 'expired') adoptRowState(closed.status);
    }
  }

  // Let an in-flight answer finish its activity before telling anyone.
  await condition(() => phase !== 'accepting' && phase !== 'declining' && phase !== 'cancelling');
  const final = phase as InvitationStatus;
  if (final === 'accepted' || final === 'declined' || final === 'expired') {
    await messages.notifyInviter({ invitationId, outcome: final });
  } else if (final === 'cancelled') {
    await messages.sendInvitationMail({ invitationId, purpose: 'cancelled' });
  }
  await condition(allHandlersFinished);
  return { invitationId, status: final };
}
