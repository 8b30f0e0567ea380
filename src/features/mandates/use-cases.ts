// Mandates and activation codes (R22–R38): the one home of each rule a space or staff apply to a mandate. The
// mandate workflow owns the lifecycle (letters, deadlines, activation, ending) and answers its updates through
// validators; what the database already knows (unknown, used, expired codes, the wrong-code limit) is answered here.
import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { DomainError, invalid, notFound } from '../../domain/errors';
import { endDateRefusal, MANDATE_END_DATE_RULE, requireAttemptsLeft } from '../../domain/mandates';
import { formatDate, formatDeadline } from '../../platform/i18n';
import { deadlineAfter } from '../../domain/time';
import { PROCEDURE_TYPES } from '../../domain/procedures';
import { findSection, SECTIONS } from '../../domain/sections';
import { activationAttempts, activationCodes, delegations, mandates, spaces } from '../../platform/db/schema';
import { rowFromJson } from '../../platform/db/sql';
import { takeAllowance, underLocks } from '../../platform/db/rate-limits';
import { decodeCursor, keysetAfter, toPage, type Page, type PageRequest } from '../../platform/pagination';
import { staffAuthority, type Requester } from '../../platform/requester';
import { toInstant } from '../../platform/schemas';
import { startProcess } from '../../platform/temporal/process-start';
import { COMPANY_NAME, PROCESS_STATUS, SECTION, SPACE_ID, SPACE_IDS } from '../../platform/temporal/search-attributes';
import { updateProcess } from '../../platform/temporal/updates';
import { actorOf } from '../people/use-cases';
import { findRegisteredCompany } from '../register/store';
import { readPageAsMember, requireAdministrator, requireMembership } from '../spaces/access';
import { findSpace } from '../spaces/store';
import { hashEnteredCode, requireCodeSecret } from '../../platform/codes';
import {
  activateCodeUpdate,
  changeActivationDeadlineUpdate,
  changeDelegateCodesUpdate,
  changeEndDateUpdate,
  mandateWorkflowId,
  revokeDelegateUpdate,
  revokeMandateUpdate,
  type MandateWorkflowInput,
} from './contract';
import type { AccessRequest, AccessRequestAnswer, ActivationAnswer, MandateView, MandatorView, StaffMandateChange } from './schemas';
import { activeHolderMandate, findMandate, mandatesGivenBy, mandatesReceivedBy, mandateViews, recentActivationFailures, recordMandate, type MandateRow } from './store';

/** The sections a holder code certifies and a mandate covers, with the procedure types of each. */
export function sectionCatalog() {
  return SECTIONS.map((section) => ({ code: section.code, names: section.names, authority: section.authority, procedures: PROCEDURE_TYPES.filter((type) => type.section === section.code).map((type) => type.code) }));
}

/**
 * R34 and the administration's ceiling (endDateRefusal, the rule's one home) as this request's refusal: the end date
 * at `path`, against the codes' activation deadline and the end date staff set, if any.
 */
function checkEndDate(endDate: string | null | undefined, path: string, context: { activationDeadline: Date; administrationEndDate: Date | null }): void {
  if (endDate === undefined) return;
  const refusal = endDateRefusal(endDate === null ? null : toInstant(endDate).getTime(), {
    nowMs: Date.now(),
    activationDeadlineMs: context.activationDeadline.getTime(),
    administrationEndDateMs: context.administrationEndDate?.getTime() ?? null,
  });
  if (!refusal) return;
  if (refusal === 'validation_failed') throw invalid([{ path, message: MANDATE_END_DATE_RULE }]);
  const { activationDeadline, administrationEndDate } = context;
  throw new DomainError(refusal, `${path}: ${refusal}`, {
    errors: [{ path, message: refusal === 'end_date_before_deadline' ? 'on or before the activation deadline' : 'beyond the administration’s end date' }],
    params: (language): Record<string, string> => (refusal === 'end_date_before_deadline' ? { activationDeadline: formatDeadline(language, activationDeadline) } : { endDate: administrationEndDate ? formatDate(language, administrationEndDate) : '—' }),
  });
}

/** The mandate, given by this space, or 404. Changing it needs an administrator of the mandator's space (R10, R32). */
async function givenMandate(requester: Requester, spaceId: string, mandateId: string): Promise<MandateRow> {
  const membership = await requireMembership(requester, spaceId);
  const mandate = await findMandate(requester.deps.db, mandateId);
  if (!mandate || mandate.mandatorSpaceId !== spaceId) throw notFound('The mandate');
  requireAdministrator(membership, 'change the mandates of the space');
  return mandate;
}

async function viewOf(requester: Requester, mandateId: string): Promise<MandateView> {
  const { db } = requester.deps;
  return (await mandateViews(db, [(await findMandate(db, mandateId))!]))[0]!;
}

/** A new code's activation deadline: the configured period from now, to the end of that Luxembourg day (domain/time). */
const newActivationDeadline = (periodMs: number) => new Date(deadlineAfter(Date.now(), periodMs)).toISOString();

const notActive = (mandate: MandateRow) => () => new DomainError('mandate_not_active', `The mandate is ${mandate.status}.`);

const DAY_MS = 24 * 3600_000;
/**
 * Letters to one registered address are limited per company and section, whoever asks (a space that merely claims
 * a registration number must not flood the real company's letterbox).
 */
const takeLetterAllowance = (requester: Requester, registrationNumber: string, section: string) =>
  takeAllowance(requester.deps.db, [{ bucket: `letters:${registrationNumber}:${section}`, limit: requester.deps.config.limits.accessRequestsPerDay, windowMs: DAY_MS }], {
    note: `Too many access requests for ${registrationNumber} and ${section}.`,
    detailKey: 'problem.too_many_requests.letters',
  });

/** R25: an administrator asks for a holder code and delegate codes; they are posted to the register's address. */
export async function requestAccess(requester: Requester, spaceId: string, request: AccessRequest): Promise<AccessRequestAnswer> {
  const membership = await requireMembership(requester, spaceId);
  requireAdministrator(membership, 'request activation codes');
  const { db, config } = requester.deps;
  // The deadline is fixed here, so the row and the workflow's timer agree; it ends with its Luxembourg day, as the
  // letter prints it, so a code entered later that day still counts.
  const activationDeadline = newActivationDeadline(config.lifecycle.activationDeadlineMs);
  checkEndDate(request.endDate, 'endDate', { activationDeadline: new Date(activationDeadline), administrationEndDate: null });
  requireCodeSecret(config.activationCodeSecret);
  const actor = await actorOf(requester);
  const space = (await findSpace(db, spaceId))!;
  // R25: the codes go to the register's address, so only a company of the register can ask for them.
  if (!(await findRegisteredCompany(db, space.companyRegistrationNumber))) {
    throw new DomainError('company_not_registered', `The registration number ${space.companyRegistrationNumber} is not in the company register.`, {
      translatedDetail: { key: 'problem.company_not_registered.detail', params: { registrationNumber: space.companyRegistrationNumber } },
    });
  }
  const inputOf = (mandateId: string): MandateWorkflowInput & { activationDeadline: string } => ({
    mandateId,
    mandatorSpaceId: spaceId,
    section: request.section,
    scope: { procedures: request.scope.procedures, dataConsultation: request.scope.dataConsultation },
    delegateCodes: request.delegateCodes,
    endDate: request.endDate ? toInstant(request.endDate).toISOString() : null,
    requestedBy: actor,
    timings: {
      activationDeadlineMs: config.lifecycle.activationDeadlineMs,
      activationRemindersMs: config.lifecycle.activationRemindersMs,
      endRemindersMs: config.lifecycle.mandateEndRemindersMs,
    },
    activationDeadline,
  });
  const answer = await startProcess(requester, {
    owner: actor.personId,
    kind: 'access-request',
    scope: [spaceId],
    request,
    precheck: () => takeLetterAllowance(requester, space.companyRegistrationNumber, request.section),
    workflow: (mandateId) => ({
      type: 'mandateWorkflow',
      workflowId: mandateWorkflowId(mandateId),
      args: [inputOf(mandateId)],
      searchAttributes: [
        { key: SPACE_ID, value: spaceId },
        { key: COMPANY_NAME, value: space.companyName },
        { key: SECTION, value: request.section },
        { key: PROCESS_STATUS, value: 'requested' },
        // The delegates' spaces join as they register (mandateWorkflow).
        { key: SPACE_IDS, value: [spaceId] },
      ],
      summary: `Mandate of ${space.companyName} (${space.companyRegistrationNumber}) for the section ${request.section}: holder code and ${request.delegateCodes} delegate code(s) by post`,
      details: `Requested by person ${actor.personId} from the space "${space.name}" (${spaceId}). Scope: ${JSON.stringify(request.scope)}.`,
    }),
    record: async (mandateId) => {
      const recorded = await recordMandate(db, inputOf(mandateId));
      return { id: recorded.mandateId, mandateId: recorded.mandateId, status: recorded.status };
    },
  });
  requester.log.info({ mandateId: answer.mandateId, spaceId, section: request.section }, 'access request started');
  return answer;
}

/**
 * R29, R30, R33, R37: any member enters a holder or delegate code. Wrong codes are limited per space and per caller
 * (certificate), so that new spaces give no new guesses; unknown codes and codes of another situation get the same
 * answer, and both count as failures.
 */
export async function enterActivationCode(requester: Requester, spaceId: string, code: string): Promise<ActivationAnswer> {
  await requireMembership(requester, spaceId);
  const { db, config } = requester.deps;
  const secret = requireCodeSecret(config.activationCodeSecret);
  const { certificateSsn } = requester.caller;
  // Counted and recorded under the locks of the space and the certificate, before the code is looked at: concurrent
  // guesses on any API process see each other, so no more than the limit is ever evaluated.
  const attemptId = randomUUID();
  await underLocks(db, [`code-attempts:space:${spaceId}`, `code-attempts:certificate:${certificateSsn}`], async (tx) => {
    const recent = await recentActivationFailures(tx, { spaceId, certificateSsn });
    requireAttemptsLeft([
      { what: 'from this space', ...recent.space },
      { what: 'with this certificate', ...recent.certificate },
    ]);
    // A failure until the code proves not wrong.
    await tx.insert(activationAttempts).values({ id: attemptId, spaceId, certificateSsn, success: false });
  });
  const notWrong = () => db.update(activationAttempts).set({ success: true }).where(eq(activationAttempts.id, attemptId));
  let answer: ActivationAnswer;
  try {
    answer = await evaluateCode(requester, spaceId, hashEnteredCode(secret, code));
  } catch (error) {
    // Used, expired or already active: an answer about a real code, not a wrong guess.
    if (!(error instanceof DomainError && error.code === 'invalid_code')) await notWrong();
    throw error;
  }
  await notWrong();
  return answer;
}

/** The entered code's hash against the codes of the mandates: wrong (422), closed (409/410), or activated. */
async function evaluateCode(requester: Requester, spaceId: string, hash: string | undefined): Promise<ActivationAnswer> {
  const { db } = requester.deps;
  const invalidCode = () => new DomainError('invalid_code', 'This activation code is not valid.');
  const [row] = hash ? await db.select().from(activationCodes).where(eq(activationCodes.codeHash, hash)).limit(1) : [];
  const mandate = row ? await findMandate(db, row.mandateId) : undefined;
  if (!row || !mandate) throw invalidCode();
  if (row.kind === 'holder' ? mandate.mandatorSpaceId !== spaceId : mandate.mandatorSpaceId === spaceId) throw invalidCode();
  if (row.status === 'used') throw new DomainError('code_already_used', 'This activation code has already been used.');
  if (row.status !== 'issued') throw new DomainError('code_expired', 'This activation code has expired or was replaced.');
  if (row.kind === 'holder') {
    const space = (await findSpace(db, spaceId))!;
    if (await activeHolderMandate(db, space.companyRegistrationNumber, mandate.section, mandate.id)) {
      throw new DomainError('holder_code_already_active', 'A holder code is already active for this section and company.');
    }
  }
  const actor = await actorOf(requester);
  return updateProcess(requester, mandateWorkflowId(mandate.id), activateCodeUpdate, { args: [{ codeId: row.id, spaceId, actor }] }, () => new DomainError('code_expired', 'This activation code has expired.'));
}

/** R31: the mandates this space gave and received; every member sees them (R36). */
export async function listMandates(requester: Requester, spaceId: string): Promise<{ given: MandateView[]; received: MandateView[] }> {
  await requireMembership(requester, spaceId);
  const { db } = requester.deps;
  return { given: await mandatesGivenBy(db, spaceId), received: await mandatesReceivedBy(db, spaceId) };
}

/** R32: the mandator revokes; its delegates lose access at once. */
export async function revokeMandate(requester: Requester, spaceId: string, mandateId: string): Promise<MandateView> {
  const mandate = await givenMandate(requester, spaceId, mandateId);
  const actor = await actorOf(requester);
  await updateProcess(requester, mandateWorkflowId(mandateId), revokeMandateUpdate, { args: [{ actor }] }, notActive(mandate));
  return viewOf(requester, mandateId);
}

/** R34: the mandator changes the end date of use (null removes it). */
export async function changeEndDate(requester: Requester, spaceId: string, mandateId: string, endDate: string | null): Promise<MandateView> {
  const mandate = await givenMandate(requester, spaceId, mandateId);
  checkEndDate(endDate, 'endDate', mandate);
  const actor = await actorOf(requester);
  const iso = endDate === null ? null : toInstant(endDate).toISOString();
  await updateProcess(requester, mandateWorkflowId(mandateId), changeEndDateUpdate, { args: [{ actor, endDate: iso }] }, notActive(mandate));
  return viewOf(requester, mandateId);
}

/** R32, R34: new delegate codes by post with their own deadline; unused ones become void, registered delegates stay. */
export async function changeDelegateCodes(requester: Requester, spaceId: string, mandateId: string, delegateCodes: number): Promise<MandateView> {
  const mandate = await givenMandate(requester, spaceId, mandateId);
  const actor = await actorOf(requester);
  return startProcess(requester, {
    owner: actor.personId,
    kind: 'delegate-codes',
    scope: [spaceId, mandateId],
    request: { mandateId, delegateCodes },
    precheck: async () => takeLetterAllowance(requester, (await findSpace(requester.deps.db, spaceId))!.companyRegistrationNumber, mandate.section),
    // The update id derives from the key too: a retry re-attaches to the same change instead of posting again.
    record: async (changeId) => {
      await updateProcess(requester, mandateWorkflowId(mandateId), changeDelegateCodesUpdate, { updateId: changeId, args: [{ actor, delegateCodes }] }, notActive(mandate));
      return viewOf(requester, mandateId);
    },
  });
}

/** R32: one delegate's access ends; the mandate and the other delegates stay. */
export async function revokeDelegate(requester: Requester, spaceId: string, mandateId: string, delegateSpaceId: string): Promise<void> {
  const mandate = await givenMandate(requester, spaceId, mandateId);
  const [delegation] = await requester.deps.db
    .select({ id: delegations.id })
    .from(delegations)
    .where(and(eq(delegations.mandateId, mandateId), eq(delegations.delegateSpaceId, delegateSpaceId), eq(delegations.status, 'active')))
    .limit(1);
  if (!delegation) throw notFound('The delegate');
  const actor = await actorOf(requester);
  await updateProcess(requester, mandateWorkflowId(mandateId), revokeDelegateUpdate, { args: [{ actor, delegateSpaceId }] }, notActive(mandate));
}

/** R34: staff of the section's administering authority set the activation deadline and the end date; others get 404. */
export async function staffChangeMandate(requester: Requester, mandateId: string, change: StaffMandateChange): Promise<MandateView> {
  const authority = staffAuthority(requester);
  if (change.activationDeadline !== undefined && toInstant(change.activationDeadline).getTime() <= Date.now()) {
    throw invalid([{ path: 'activationDeadline', message: 'must lie in the future' }]);
  }
  const mandate = await findMandate(requester.deps.db, mandateId);
  // Staff act within their authority: another authority's mandate does not exist for them.
  if (!mandate || findSection(mandate.section)?.authority !== authority) throw notFound('The mandate');
  // The administration sets its own ceiling: only the deadline bounds it.
  const activationDeadline = change.activationDeadline !== undefined ? toInstant(change.activationDeadline) : mandate.activationDeadline;
  checkEndDate(change.endDate, 'endDate', { activationDeadline, administrationEndDate: null });
  const actor = await actorOf(requester);
  const workflowId = mandateWorkflowId(mandateId);
  if (change.activationDeadline !== undefined) {
    const activationDeadline = toInstant(change.activationDeadline).toISOString();
    await updateProcess(requester, workflowId, changeActivationDeadlineUpdate, { args: [{ actor, activationDeadline }] }, notActive(mandate));
  }
  if (change.endDate !== undefined) {
    const endDate = change.endDate === null ? null : toInstant(change.endDate).toISOString();
    await updateProcess(requester, workflowId, changeEndDateUpdate, { args: [{ actor, endDate }] }, notActive(mandate));
    // From now on the mandator may shorten the mandate, never lengthen it (none: no ceiling any more).
    await requester.deps.db.update(mandates).set({ administrationEndDate: endDate === null ? null : new Date(endDate) }).where(eq(mandates.id, mandateId));
  }
  return viewOf(requester, mandateId);
}

/** R27, R28: the companies this space acts for through active delegations, oldest delegation first. */
export async function listMandators(requester: Requester, spaceId: string, query: PageRequest): Promise<Page<MandatorView>> {
  const after = decodeCursor(query.cursor);
  // The caller's rights and the page in one round trip: each row the delegation, its mandate and the mandator's
  // space, each as its table's JSON (rowFromJson reads them back as a select of the three tables would).
  type Json = Record<string, unknown>;
  const { rows } = await readPageAsMember<{ delegation: Json; mandate: Json; mandator: Json }>(
    requester,
    spaceId,
    sql`
    select to_json(${delegations}) as delegation, to_json(${mandates}) as mandate, to_json(${spaces}) as mandator, ${delegations.createdAt}, ${delegations.id}
      from ${delegations}
      join ${mandates} on ${mandates.id} = ${delegations.mandateId}
      join ${spaces} on ${spaces.id} = ${mandates.mandatorSpaceId}
     where ${and(eq(delegations.delegateSpaceId, spaceId), eq(delegations.status, 'active'), eq(mandates.status, 'active'), keysetAfter(delegations.createdAt, delegations.id, after))}
     order by ${delegations.createdAt}, ${delegations.id}
     limit ${query.limit + 1}`,
    sql`created_at, id`,
  );
  const read = rows.map((row) => ({ delegation: rowFromJson(delegations, row.delegation), mandate: rowFromJson(mandates, row.mandate), mandator: rowFromJson(spaces, row.mandator) }));
  const page = toPage(read, query.limit, (row) => ({ at: row.delegation.createdAt.toISOString(), id: row.delegation.id }));
  return {
    items: page.items.map((row) => ({
      spaceId: row.mandator.id,
      companyName: row.mandator.companyName,
      registrationNumber: row.mandator.companyRegistrationNumber,
      mandateId: row.mandate.id,
      section: row.mandate.section,
      scope: row.mandate.scope,
      since: row.delegation.createdAt.toISOString(),
      endDate: row.mandate.endDate ? row.mandate.endDate.toISOString() : null,
    })),
    nextCursor: page.nextCursor,
  };
}
