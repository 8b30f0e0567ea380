// A mandate is findable by every space it concerns (issue 13): the keyword-list search attribute SpaceIds holds
// the mandator's space and each delegate's space once it registers its code, so an operator (or a view per
// space) finds the mandate from the delegate's side too. Visibility is eventually consistent: the test polls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mandateWorkflowId } from '../../src/features/mandates/contract';
import { SPACE_IDS } from '../../src/platform/temporal/search-attributes';
import { createSpace, eventually, person, readLetters, startStack, type TestStack } from '../support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function workflowIdsOf(spaceId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of stack.client.workflow.list({ query: `WorkflowType = "mandateWorkflow" AND SpaceIds = "${spaceId}"` })) ids.push(execution.workflowId);
  return ids;
}

describe('SpaceIds', () => {
  it('a delegate’s space finds the mandate once it registered its code; the mandator’s space finds it from the start; others do not', async () => {
    const mandatorAdmin = person('Mara Mandator');
    const fiduciaryAdmin = person('Fritz Fiduciary');
    const mandator = await createSpace(stack, mandatorAdmin);
    const delegate = await createSpace(stack, fiduciaryAdmin);
    const stranger = await createSpace(stack, person('Stan Stranger'));

    const request = await stack.call('POST', `/spaces/${mandator.id}/access-requests`, { as: mandatorAdmin, body: { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 1 } });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    const mandateId: string = request.body.mandateId;
    const workflowId = mandateWorkflowId(mandateId);
    expect(await eventually(() => workflowIdsOf(mandator.id), (ids) => ids.includes(workflowId))).toContain(workflowId);
    expect(await workflowIdsOf(delegate.id)).toEqual([]);

    const letters = await eventually(() => readLetters(stack.config.postOutboxDir, mandateId), (list) => list.length >= 2);
    const holder = letters.find((letter) => letter.kind === 'holder')!.code;
    const delegateCode = letters.find((letter) => letter.kind === 'delegate')!.code;
    expect((await stack.call('POST', `/spaces/${mandator.id}/activation-codes`, { as: mandatorAdmin, body: { code: holder } })).status).toBe(200);
    expect((await stack.call('POST', `/spaces/${delegate.id}/activation-codes`, { as: fiduciaryAdmin, body: { code: delegateCode } })).status).toBe(200);

    const described = await stack.client.workflow.getHandle(workflowId).describe();
    expect([...(described.typedSearchAttributes.get(SPACE_IDS) ?? [])].sort()).toEqual([mandator.id, delegate.id].sort());
    expect(await eventually(() => workflowIdsOf(delegate.id), (ids) => ids.includes(workflowId))).toEqual([workflowId]);
    expect(await workflowIdsOf(mandator.id)).toEqual([workflowId]);
    expect(await workflowIdsOf(stranger.id)).toEqual([]);
  });
});
