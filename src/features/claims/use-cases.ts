// Administrator recovery by post (R48, API.md "Administrator recovery"): the one home of each rule a claimant or an
// administrator applies to a claim. The claim workflow owns the lifecycle (letter, deadline, objection,
// confirmation) and answers its updates through validators; what the database already knows (an open claim, the
// code's hash, the wrong-code limit) is answered here.
import { and, eq } from 'drizzle-orm';
import { claimRefusal } from '../../domain/claims';
import { DomainError, notFound, refuseWith } from '../../domain/errors';
import { requireAttemptsLeft } from '../../domain/mandates';
import { deadlineAfter } from '../../domain/time';
import { matchesCodeHash, requireCodeSecret } from '../../platform/codes';
import { administratorClaims } from '../../platform/db/schema';
import { decodeCursor, type Page, type PageRequest } from '../../platform/pagination';
import type { Requester } from '../../platform/requester';
import { startProcess } from '../../platform/temporal/process-start';
import { COMPANY_NAME, PROCESS_STATUS, SPACE_ID } from '../../platform/temporal/search-attributes';
import { updateProcess } from '../../platform/temporal/updates';
import { actorOf, personOf } from '../people/use-cases';
import { findRegisteredCompany } from '../register/store';
import { requireAdministrator, requireMembership } from '../spaces/access';
import { findSpace } from '../spaces/store';
import { claimWorkflowId, confirmClaimUpdate, objectClaimUpdate, type ClaimWorkflowInput } from './contract';
import type { ClaimRequest, ClaimView } from './schemas';
import { claimPage, claimViews, companySpaces, findClaim, openClaimOf, recentClaimFailures, recordClaim, recordClaimAttempt, type ClaimRow } from './store';

const claimOpen = () => new DomainError('claim_open', 'You already have an open claim for this company.');
/** What a closed or unknown workflow means for a claim: the row says which. */
const closedAnswer = (claim: ClaimRow) => () => {
  const refusal = claimRefusal(claim.status, claim.expiresAt.getTime(), Date.now()) ?? { code: 'claim_closed' as const, message: 'The claim is closed.' };
  return new DomainError(refusal.code, refusal.message);
};

async function viewOf(requester: Requester, claimId: string): Promise<ClaimView> {
  const { db } = requester.deps;
  return (await claimViews(db, [(await findClaim(db, claimId))!]))[0]!;
}

/** The caller's own claim, or 404 (another person's claim does not exist for them). */
async function myClaim(requester: Requester, claimId: string): Promise<ClaimRow> {
  const person = await personOf(requester);
  const claim = await findClaim(requester.deps.db, claimId);
  if (!claim || claim.claimantPersonId !== person.id) throw notFound('The claim');
  return claim;
}

/**
 * Any logged-in person claims administration of a registered company: a letter with a code goes to the register's
 * address, the company's administrators are mailed at once. One open claim per person and company.
 */
export async function requestClaim(requester: Requester, request: ClaimRequest): Promise<ClaimView> {
  const { db, config } = requester.deps;
  const registrationNumber = request.registrationNumber;
  const notRegistered = () =>
    new DomainError('company_not_registered', `The registration number ${registrationNumber} is not in the company register.`, {
      translatedDetail: { key: 'problem.company_not_registered.claim.detail', params: { registrationNumber } },
      errors: [{ path: 'registrationNumber', message: 'not in the company register' }],
    });
  requireCodeSecret(config.activationCodeSecret);
  const claimant = await actorOf(requester);
  // Fixed here, so the row and the workflow's timer agree; counted in days, it ends with its Luxembourg day.
  const expiresAt = new Date(deadlineAfter(Date.now(), config.lifecycle.adminClaimDeadlineMs)).toISOString();
  const inputOf = (claimId: string): ClaimWorkflowInput => ({ claimId, registrationNumber, claimant, certificateSsn: requester.caller.certificateSsn, expiresAt });
  const view = await startProcess(requester, {
    owner: claimant.personId,
    kind: 'administrator-claim',
    scope: [],
    request,
    precheck: async () => {
      if (!(await findRegisteredCompany(db, registrationNumber))) throw notRegistered();
      if (await openClaimOf(db, claimant.personId, registrationNumber)) throw claimOpen();
    },
    workflow: async (claimId) => {
      const company = await findRegisteredCompany(db, registrationNumber);
      const [firstSpace] = await companySpaces(db, registrationNumber);
      return {
        type: 'administratorClaimWorkflow',
        workflowId: claimWorkflowId(claimId),
        args: [inputOf(claimId)],
        searchAttributes: [
          ...(firstSpace ? [{ key: SPACE_ID, value: firstSpace.id }] : []),
          { key: COMPANY_NAME, value: company?.name ?? registrationNumber },
          { key: PROCESS_STATUS, value: 'letter_sent' },
        ],
        // Ids only: never the claimant's name or certificate.
        summary: `Administrator claim ${claimId} on the spaces of ${registrationNumber}: code by post to the registered address`,
        details: `Claimed by person ${claimant.personId}; the code must be entered before ${expiresAt}.`,
      };
    },
    record: async (claimId) => {
      const recorded = await recordClaim(db, inputOf(claimId));
      if (recorded.outcome === 'refused') throw recorded.code === 'claim_open' ? claimOpen() : notRegistered();
      return viewOf(requester, claimId);
    },
  });
  requester.log.info({ claimId: view.id }, 'administrator claim started');
  return view;
}

export async function getMyClaim(requester: Requester, claimId: string): Promise<ClaimView> {
  const claim = await myClaim(requester, claimId);
  return (await claimViews(requester.deps.db, [claim]))[0]!;
}

/**
 * The claimant confirms with the letter's code: compared here with the stored hash (the code never reaches the
 * workflow), wrong codes limited per claim and per certificate like activation codes; the right one makes the
 * claimant an administrator of every space of the company.
 */
export async function confirmClaim(requester: Requester, claimId: string, code: string): Promise<ClaimView> {
  const claim = await myClaim(requester, claimId);
  const { db, config } = requester.deps;
  refuseWith(claimRefusal(claim.status, claim.expiresAt.getTime(), Date.now()));
  const secret = requireCodeSecret(config.activationCodeSecret);
  const { certificateSsn } = requester.caller;
  // Counted and recorded under the claim's row lock: concurrent wrong codes never get past the limit.
  const right = await db.transaction(async (tx) => {
    await tx.select({ id: administratorClaims.id }).from(administratorClaims).where(eq(administratorClaims.id, claimId)).for('update');
    const recent = await recentClaimFailures(tx, { claimId, certificateSsn });
    requireAttemptsLeft([
      { what: 'for this claim', ...recent.claim },
      { what: 'with this certificate', ...recent.certificate },
    ]);
    if (matchesCodeHash(secret, code, claim.codeHash)) return true;
    await recordClaimAttempt(tx, { claimId, certificateSsn, success: false });
    return false;
  });
  if (!right) throw new DomainError('invalid_code', 'This code is not the code of the claim’s letter.', { errors: [{ path: 'code', message: 'not the code of the letter' }] });
  const actor = await actorOf(requester);
  await updateProcess(requester, claimWorkflowId(claimId), confirmClaimUpdate, { args: [{ actor }] }, closedAnswer(claim));
  await recordClaimAttempt(db, { claimId, certificateSsn, success: true });
  return viewOf(requester, claimId);
}

/** My claims, newest first, with their status. */
export async function listMyClaims(requester: Requester, query: PageRequest): Promise<Page<ClaimView>> {
  const after = decodeCursor(query.cursor);
  const person = await personOf(requester);
  return claimPage(requester.deps.db, eq(administratorClaims.claimantPersonId, person.id), query, after);
}

/** The open claims of the space's company; administrators only (they may object). */
export async function listSpaceClaims(requester: Requester, spaceId: string, query: PageRequest): Promise<Page<ClaimView>> {
  const after = decodeCursor(query.cursor);
  const membership = await requireMembership(requester, spaceId);
  requireAdministrator(membership, 'see the claims to administer the company');
  const space = (await findSpace(requester.deps.db, spaceId))!;
  return claimPage(requester.deps.db, and(eq(administratorClaims.registrationNumber, space.companyRegistrationNumber), eq(administratorClaims.status, 'letter_sent'))!, query, after);
}

/** An administrator of one of the company's spaces objects: the claim ends and the claimant is told. */
export async function objectToClaim(requester: Requester, spaceId: string, claimId: string): Promise<ClaimView> {
  const membership = await requireMembership(requester, spaceId);
  const { db } = requester.deps;
  const space = (await findSpace(db, spaceId))!;
  const claim = await findClaim(db, claimId);
  if (!claim || claim.registrationNumber !== space.companyRegistrationNumber) throw notFound('The claim');
  requireAdministrator(membership, 'object to a claim');
  refuseWith(claimRefusal(claim.status, claim.expiresAt.getTime(), Date.now()));
  const actor = await actorOf(requester);
  await updateProcess(requester, claimWorkflowId(claimId), objectClaimUpdate, { args: [{ actor, spaceId }] }, closedAnswer(claim));
  return viewOf(requester, claimId);
}
