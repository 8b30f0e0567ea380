// Mandates as a company lives them, for tests: an access request, its letters read from the post outbox, codes
// entered in spaces.
import { expect } from 'vitest';
import { eventually } from './fixtures';
import { readLetters, type Letter } from './letters';

import type { Identity, TestStack } from './stack';

export async function waitForLetters(stack: TestStack, mandateId: string, count: number): Promise<Letter[]> {
  const letters = await eventually(() => readLetters(stack.config.postOutboxDir, mandateId), (list) => list.length >= count);
  expect(letters).toHaveLength(count);
  return letters;
}

/** An access request and its letters: the holder's code and the delegate codes. */
export async function mandateWithCodes(
  stack: TestStack,
  admin: Identity,
  spaceId: string,
  body: { section: string; scope?: { procedures: boolean; dataConsultation: boolean }; delegateCodes: number; endDate?: string },
) {
  const response = await stack.call('POST', `/spaces/${spaceId}/access-requests`, { as: admin, body: { scope: { procedures: true, dataConsultation: false }, ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const mandateId = response.body.mandateId as string;
  const letters = await waitForLetters(stack, mandateId, 1 + body.delegateCodes);
  return {
    mandateId,
    holder: letters.find((letter) => letter.kind === 'holder')!.code,
    delegates: letters.filter((letter) => letter.kind === 'delegate').map((letter) => letter.code),
    letters,
  };
}

export async function enterCode(stack: TestStack, as: Identity, spaceId: string, code: string) {
  const response = await stack.call('POST', `/spaces/${spaceId}/activation-codes`, { as, body: { code } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { kind: string; mandateId: string };
}

/** A mandate from the mandator's space to the delegate's, active: holder code entered, one delegate code entered. */
export async function activeMandate(stack: TestStack, mandator: { admin: Identity; spaceId: string }, delegate: { member: Identity; spaceId: string }, body: Parameters<typeof mandateWithCodes>[3]) {
  const codes = await mandateWithCodes(stack, mandator.admin, mandator.spaceId, body);
  await enterCode(stack, mandator.admin, mandator.spaceId, codes.holder);
  await enterCode(stack, delegate.member, delegate.spaceId, codes.delegates[0]!);
  return codes;
}
