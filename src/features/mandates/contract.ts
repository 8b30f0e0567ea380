// The mandate process as the API, the pages and the workflow share it. Pure: the workflow bundle imports it.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/access';

// ——— Mandates and activation codes (R22–R38) ———

export const mandateWorkflowId = (mandateId: string) => `mandate-${mandateId}`;

export interface MandateTimings {
  activationDeadlineMs: number;
  /** Reminders to the company's administrators this long before the activation deadline, while codes are unused. */
  activationRemindersMs: number[];
  /** Reminders to mandator and delegates this long before the end date. */
  endRemindersMs: number[];
}

/** No code ever appears here: codes exist in clear only inside the activity that prints their letters. */
export interface MandateWorkflowInput {
  mandateId: string;
  mandatorSpaceId: string;
  section: string;
  scope: { procedures: boolean; dataConsultation: boolean };
  delegateCodes: number;
  endDate: string | null;
  requestedBy: Actor;
  timings: MandateTimings;
  /** Set by the API, which records the row before the workflow's first task; absent in older histories. */
  activationDeadline?: string;
}

/** Identifies an issued code by its row id; the workflow never sees the code itself. */
export interface IssuedCodeRef {
  codeId: string;
  kind: 'holder' | 'delegate';
  letterId: string;
}

export interface ActivateCodeInput {
  codeId: string;
  spaceId: string;
  actor: Actor;
}

export interface ActivationResult {
  kind: 'holder' | 'delegate';
  mandateId: string;
  section: string;
  mandator: { spaceId: string; companyName: string };
}

export const mandateRegistrationUpdate = defineUpdate<{ mandateId: string; status: string }>('mandate-registration');
export const activateCodeUpdate = defineUpdate<ActivationResult, [ActivateCodeInput]>('activate-code');
export const revokeMandateUpdate = defineUpdate<void, [{ actor: Actor }]>('revoke');
/** R38: a delegate company moved its delegation to another of its spaces (the database already says so). */
export const delegationMovedSignal = defineSignal<[{ fromSpaceId: string; toSpaceId: string }]>('delegation-moved');
export const changeDelegateCodesUpdate = defineUpdate<void, [{ actor: Actor; delegateCodes: number }]>('change-delegate-codes');
/** R32: one delegate's access ends; the mandate and the other delegates stay. */
export const revokeDelegateUpdate = defineUpdate<void, [{ actor: Actor; delegateSpaceId: string }]>('revoke-delegate');
export const changeEndDateUpdate = defineUpdate<void, [{ actor: Actor; endDate: string | null }]>('change-end-date');
export const changeActivationDeadlineUpdate = defineUpdate<void, [{ actor: Actor; activationDeadline: string }]>('change-activation-deadline');
export const mandateStatusQuery = defineQuery<{ status: string; activationDeadline: string; endDate: string | null }>('mandate-status');

