// The life of one certification request (R20, R21): recorded → staff notified → awaiting a staff decision (with
// SLA reminders) → approved, rejected, or information requested → supplement (back to the staff) or, past the
// deadline, closed. An administrator may withdraw it while open. Deterministic: every side effect is an activity.
import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CertificationActivities } from './activities';
import { CERTIFICATION_STATUSES, type CertificationStatus } from '../../domain/certification';
import { domainFailure } from '../../domain/failures';
import { PROCESS_STATUS } from '../../platform/temporal/search-attributes';
import { certificationDecisionUpdate, certificationRegistrationUpdate, certificationStatusQuery, certificationSupplementUpdate, certificationWithdrawUpdate, type CertificationRegistrationResult, type CertificationWorkflowInput } from './contract';

const activities = proxyActivities<CertificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Transitional phases: an update's activity is writing the change; nothing else may start meanwhile. */
type Transition = 'deciding' | 'supplementing' | 'withdrawing' | 'closing';
type Phase = 'recording' | 'refused' | CertificationStatus | Transition;

const TRANSITIONS: readonly Phase[] = ['deciding', 'supplementing', 'withdrawing', 'closing'];

export interface CertificationOutcome {
  requestId: string;
  status: CertificationStatus | 'refused';
}

export async function certificationWorkflow(input: CertificationWorkflowInput): Promise<CertificationOutcome> {
  const { requestId, timings } = input;
  let phase = 'recording' as Phase;
  let registration: CertificationRegistrationResult | undefined = undefined;
  /** When the current wait for a staff decision began (submission or last supplement): the SLA counts from here. */
  let waitingSince = Date.now();
  let remindersInWait = 0;
  let supplementDueAt = 0;
  // Notices the main loop sends after an update changed the state, so the caller's answer does not wait on mail.
  let informationNoticeDue = false;
  let supplementNoticeDue = false;

  const setPhase = (next: Phase) => {
    phase = next;
    // Only where the starter set our search attributes: the time-skipping test server has none.
    const tracked = workflowInfo().typedSearchAttributes.get(PROCESS_STATUS) !== undefined;
    if (tracked && (next === 'refused' || (CERTIFICATION_STATUSES as readonly string[]).includes(next))) {
      upsertSearchAttributes([{ key: PROCESS_STATUS, value: next }]);
    }
  };
  const describe = () => (phase === 'recording' ? 'not recorded yet' : TRANSITIONS.includes(phase) ? 'being changed' : phase);

  // The API answers 201 before this workflow's first task has run: a decision or a withdrawal arriving while it
  // records waits for it. Called only while recording, so recorded histories run exactly as before.
  const whenRecorded = async (expected: Phase[]) => {
    await condition(() => phase !== 'recording');
    if (!expected.includes(phase)) throw domainFailure('already_decided', `The certification request is ${describe()}.`);
  };

  setHandler(certificationStatusQuery, () => ({
    status: phase === 'deciding' || phase === 'withdrawing' ? 'submitted' : phase === 'supplementing' || phase === 'closing' ? 'information_requested' : phase,
  }));

  setHandler(certificationRegistrationUpdate, async () => {
    await condition(() => registration !== undefined);
    return registration!;
  });

  // Validators are synchronous: a refusal never reaches history and the caller gets 404/409 at once.
  setHandler(
    certificationDecisionUpdate,
    async ({ staff, decision, reason }) => {
      if (phase === 'recording') await whenRecorded(['submitted']);
      setPhase('deciding');
      const dueAt = decision === 'request-information' ? Date.now() + timings.supplementDeadlineMs : null;
      try {
        const view = await activities.decideCertificationRequest({ requestId, staff, decision, reason, supplementDueAt: dueAt === null ? null : new Date(dueAt).toISOString() });
        if (dueAt !== null) {
          supplementDueAt = dueAt;
          informationNoticeDue = true;
        }
        setPhase(view.status);
        return view;
      } catch (error) {
        setPhase('submitted');
        throw error;
      }
    },
    {
      validator: ({ staff }) => {
        // Staff of another authority must not learn that the request exists.
        if (staff.authority !== input.authority) throw domainFailure('not_found', 'The certification request does not exist or is not visible to you.');
        if (phase !== 'submitted' && phase !== 'recording') throw domainFailure('already_decided', `The certification request is ${describe()}, not awaiting a decision.`);
      },
    },
  );

  setHandler(
    certificationSupplementUpdate,
    async ({ actor, documents }) => {
      setPhase('supplementing');
      try {
        const view = await activities.recordCertificationSupplement({ requestId, actor, documents });
        waitingSince = Date.now();
        remindersInWait = 0;
        supplementNoticeDue = true;
        setPhase('submitted');
        return view;
      } catch (error) {
        setPhase('information_requested');
        throw error;
      }
    },
    {
      validator: (_supplement) => {
        if (phase !== 'information_requested') throw domainFailure('information_not_requested', `The certification request is ${describe()}; no information is requested.`);
      },
    },
  );

  setHandler(
    certificationWithdrawUpdate,
    async ({ actor }) => {
      if (phase === 'recording') await whenRecorded(['submitted', 'information_requested']);
      const before = phase;
      setPhase('withdrawing');
      try {
        const view = await activities.closeCertificationRequest({ requestId, status: 'withdrawn', actor });
        setPhase('withdrawn');
        return view;
      } catch (error) {
        setPhase(before);
        throw error;
      }
    },
    {
      validator: (_request) => {
        if (phase !== 'submitted' && phase !== 'information_requested' && phase !== 'recording') throw domainFailure('already_decided', `The certification request is ${describe()}; it can no longer be withdrawn.`);
      },
    },
  );

  registration = await activities.recordCertificationRequest(input);
  if (registration.outcome === 'refused') {
    setPhase('refused');
    await condition(allHandlersFinished);
    return { requestId, status: 'refused' };
  }
  waitingSince = Date.now();
  setPhase('submitted');
  await activities.notifyCertificationStaff({ requestId, staffEmail: input.staffEmail, purpose: 'submitted' });

  for (;;) {
    await condition(() => !TRANSITIONS.includes(phase));
    if (informationNoticeDue) {
      informationNoticeDue = false;
      await activities.notifyCertificationAdministrators({ requestId, outcome: 'information_requested' });
      continue;
    }
    if (supplementNoticeDue) {
      supplementNoticeDue = false;
      await activities.notifyCertificationStaff({ requestId, staffEmail: input.staffEmail, purpose: 'supplemented' });
      continue;
    }
    if (phase === 'submitted') {
      // One reminder per elapsed SLA period of the current wait.
      const waitStart = waitingSince;
      const remindAt = waitStart + timings.staffSlaMs * (remindersInWait + 1);
      const interrupted = await condition(() => phase !== 'submitted' || waitingSince !== waitStart, Math.max(remindAt - Date.now(), 1));
      // A decision arriving in the same task as the timer wins.
      if (interrupted || phase !== 'submitted' || waitingSince !== waitStart) continue;
      remindersInWait += 1;
      await activities.notifyCertificationStaff({ requestId, staffEmail: input.staffEmail, purpose: 'reminder', waitingSince: new Date(waitStart).toISOString() });
      continue;
    }
    if (phase === 'information_requested') {
      const answered = await condition(() => phase !== 'information_requested', Math.max(supplementDueAt - Date.now(), 1));
      if (answered || phase !== 'information_requested') continue;
      setPhase('closing');
      await activities.closeCertificationRequest({ requestId, status: 'closed', actor: null });
      setPhase('closed');
      continue;
    }
    break;
  }

  const final = phase as CertificationStatus;
  if (final === 'approved' || final === 'rejected' || final === 'closed') {
    await activities.notifyCertificationAdministrators({ requestId, outcome: final });
  }
  await condition(allHandlersFinished);
  return { requestId, status: final };
}
