// Recorded histories of the invitation workflow (committed fixtures) must replay without non-determinism, so a
// change to the workflow that would break running invitations fails here. `npm run fixtures:histories`
// records them anew (only when a deliberate, versioned change requires it).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { invitationWorkflowId } from '../src/shared/temporal';
import { DEV_PAYLOAD_KEYS, parsePayloadKeys, sealedDataConverter } from '../src/temporal/codec';
import { createSpace, invite, person } from './support/fixtures';
import { installQuietRuntime, startStack, type TestStack } from './support/stack';

const FIXTURES = fileURLToPath(new URL('./fixtures/histories/', import.meta.url));
const recording = process.env.RECORD_HISTORIES === '1';

describe.runIf(recording)('recording histories', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ env: { INVITATION_TTL: '4s', INVITATION_REMINDERS: '2s', INVITATION_RESEND_INTERVAL: '1s' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function save(name: string, invitationId: string) {
    const handle = stack.client.workflow.getHandle(invitationWorkflowId(invitationId));
    await handle.result();
    writeFileSync(path.join(FIXTURES, `invitation-${name}.json`), historyToJSON(await handle.fetchHistory()));
  }

  it('records accepted, declined, cancelled, edited + resent + accepted, and expired invitations', async () => {
    const admin = person('Rec Admin');
    const space = await createSpace(stack, admin);
    const accepted = person('Ada Accept');
    const a = await invite(stack, space.id, admin, accepted);
    await stack.call('POST', `/invitations/${a.id}/accept`, { as: accepted });
    await save('accepted', a.id);

    const declined = person('Dora Decline');
    const d = await invite(stack, space.id, admin, declined);
    await stack.call('POST', `/invitations/${d.id}/decline`, { as: declined });
    await save('declined', d.id);

    const cancelled = person('Cai Cancel');
    const c = await invite(stack, space.id, admin, cancelled);
    await stack.call('DELETE', `/spaces/${space.id}/invitations/${c.id}`, { as: admin });
    await save('cancelled', c.id);

    const edited = person('Eli Edit');
    const e = await invite(stack, space.id, admin, edited);
    await stack.call('PATCH', `/spaces/${space.id}/invitations/${e.id}`, { as: admin, body: { lastName: 'Edited', role: 'without-signature' } });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await stack.call('POST', `/spaces/${space.id}/invitations/${e.id}/resend`, { as: admin });
    await stack.call('POST', `/invitations/${e.id}/accept`, { as: edited });
    await save('edited-resent-accepted', e.id);

    const expired = person('Exa Expire');
    const x = await invite(stack, space.id, admin, expired);
    await save('reminded-expired', x.id);
  }, 60_000);
});

describe('replaying recorded histories', () => {
  it('every committed invitation history replays with the current workflow code', async () => {
    installQuietRuntime();
    const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const histories = files.map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'))) }));
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: sealedDataConverter(parsePayloadKeys(DEV_PAYLOAD_KEYS)) }, histories)) {
      results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toEqual(files.map((workflowId) => ({ workflowId, error: undefined })));
  });
});
