// The life of one administrator claim (R48): recorded → letter with the code posted to the register's address and
// the company's administrators mailed at once → confirmed by the claimant's code, objected to by an administrator,
// or expired at the deadline → everyone concerned told. The code never passes through here: the activity that
// prints it keeps only its hash, and the use-case compares what the claimant types with that hash before it sends
// the confirmation. Deterministic: no I/O, every side effect is an activity.
import { allHandlersFinished, condition, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { claimRefusal, type ClaimStatus } from '../../domain/claims';
import { refuseWith } from '../../domain/failures';
import { PROCESS_STATUS } from '../../platform/temporal/search-attributes';
import type { ClaimActivities } from './activities';
import { claimStatusQuery, confirmClaimUpdate, objectClaimUpdate, type ClaimWorkflowInput } from './contract';

// The row is written in the first task, beside the API's own write (nothing to do when the API did).
const records = proxyLocalActivities<ClaimActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '1 minute', backoffCoefficient: 2 },
});
const activities = proxyActivities<ClaimActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

type Phase = 'recording' | 'refused' | ClaimStatus | 'confirming' | 'objecting';

export interface ClaimOutcome {
  claimId: string;
  status: ClaimStatus | 'refused';
}

export async function administratorClaimWorkflow(input: ClaimWorkflowInput): Promise<ClaimOutcome> {
  const { claimId } = input;
  const expiresAt = Date.parse(input.expiresAt);
  let phase = 'recording' as Phase;

  const setPhase = (next: Phase) => {
    phase = next;
    // Only where the starter set our search attributes: the time-skipping test server has none.
    const tracked = workflowInfo().typedSearchAttributes.get(PROCESS_STATUS) !== undefined;
    if (tracked && next !== 'recording' && next !== 'confirming' && next !== 'objecting') upsertSearchAttributes([{ key: PROCESS_STATUS, value: next }]);
  };
  // The one refusal rule (src/domain/claims.ts); a claim still being recorded counts as open.
  const requireOpen = () => refuseWith(claimRefusal(phase === 'recording' ? 'letter_sent' : phase, expiresAt, Date.now()));
  // Validators are synchronous: a refusal never reaches history. An update arriving while the claim is recorded
  // (the API answered 201 before this workflow's first task) waits for it and checks again.
  const whenRecorded = async () => {
    if (phase !== 'recording') return;
    await condition(() => phase !== 'recording');
    requireOpen();
  };
  /** A decision's step; should it fail for good, the claim is open again (the deadline still counts). */
  const decide = async <T>(during: Phase, done: Phase, step: () => Promise<T>): Promise<T> => {
    await whenRecorded();
    setPhase(during);
    try {
      const result = await step();
      setPhase(done);
      return result;
    } catch (error) {
      setPhase('letter_sent');
      throw error;
    }
  };

  setHandler(claimStatusQuery, () => ({ status: phase, expiresAt: input.expiresAt }));

  setHandler(
    confirmClaimUpdate,
    ({ actor }) => decide('confirming', 'confirmed', () => activities.confirmClaim({ claimId, actor })),
    { validator: (_request) => requireOpen() },
  );

  setHandler(
    objectClaimUpdate,
    ({ actor, spaceId }) => decide('objecting', 'objected', () => activities.objectClaim({ claimId, actor, spaceId })),
    { validator: (_request) => requireOpen() },
  );

  const recording = await records.recordClaim(input);
  if (recording.outcome === 'refused') {
    setPhase('refused');
    return { claimId, status: 'refused' };
  }
  setPhase('letter_sent');
  await activities.postClaimLetter({ claimId });
  // The administrators hear of it at once, so they have the whole period to object.
  if (phase === 'letter_sent') await activities.warnAdministrators({ claimId });

  // Until a decision holds or the deadline passes (a decision that failed for good leaves the claim open).
  for (;;) {
    const decided = await condition(() => phase !== 'letter_sent', Math.max(1, expiresAt - Date.now()));
    if (!decided) {
      setPhase('expired');
      await activities.expireClaim({ claimId });
      break;
    }
    await condition(() => phase !== 'confirming' && phase !== 'objecting');
    if (phase !== 'letter_sent') break;
  }
  await activities.mailClaimOutcome({ claimId });
  await condition(allHandlersFinished);
  return { claimId, status: phase as ClaimStatus };
}
