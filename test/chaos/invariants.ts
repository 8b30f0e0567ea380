// What must hold after a chaos run, once every part is back and the processes have settled: no acknowledged write
// lost, one process per Idempotency-Key, one invitation mail per invitation (a copy only under the same Message-ID
// and across a worker SIGKILL), letters at most once, an administrator in every space, no failed workflow and none
// open without its row, no nondeterminism. Each check is counted; each failure is one line.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { derivedUuid } from '../../src/platform/temporal/ids';
import { invitationWorkflowId } from '../../src/features/invitations/contract';
import { mandateWorkflowId } from '../../src/features/mandates/contract';
import type { FaultCluster } from '../faults/support/cluster';
import type { FaultLog } from './faults';
import type { Ledger } from './load';

export interface Verdict {
  checks: number;
  problems: string[];
}

const OPEN_MANDATE = ['requested', 'dispatched', 'active'];

/** The workflows of a type, by id: how many runs, and how many are open. */
async function workflowsOf(client: Client, type: string): Promise<Map<string, { runs: number; running: number; status: string }>> {
  const found = new Map<string, { runs: number; running: number; status: string }>();
  for await (const execution of client.workflow.list({ query: `WorkflowType="${type}"` })) {
    const entry = found.get(execution.workflowId) ?? { runs: 0, running: 0, status: execution.status.name };
    entry.runs += 1;
    if (execution.status.name === 'RUNNING') entry.running += 1;
    found.set(execution.workflowId, entry);
  }
  return found;
}

/** The post outbox's sidecars: letter id → mandate id. */
async function sidecars(postDir: string): Promise<Map<string, string>> {
  const names = await readdir(postDir).catch(() => [] as string[]);
  const letters = new Map<string, string>();
  for (const name of names.filter((entry) => entry.endsWith('.json'))) {
    const meta = JSON.parse(await readFile(path.join(postDir, name), 'utf8')) as { letterId: string; mandateId?: string };
    if (meta.mandateId) letters.set(meta.letterId, meta.mandateId);
  }
  return letters;
}

/** The states the run waits for after healing: every first task done (mails sent, letters posted), nothing half-open. */
export async function settled(c: FaultCluster, client: Client, ledger: Ledger): Promise<string | undefined> {
  const { unsent } = (await c.sql<{ unsent: number }[]>`select count(*)::int as unsent from mail_outbox where sent_at is null`)[0]!;
  if (unsent > 0) return `${unsent} mail(s) in the outbox not sent`;
  const { unmailed } = (await c.sql<{ unmailed: number }[]>`
    select count(*)::int as unmailed from invitations i
     where not exists (select 1 from mail_outbox m where m.idempotency_key like 'invitation-' || i.id || '/%' and m.kind = 'invitation' and m.sent_at is not null)`)[0]!;
  if (unmailed > 0) return `${unmailed} invitation(s) without their sent invitation mail`;
  const { undispatched } = (await c.sql<{ undispatched: number }[]>`select count(*)::int as undispatched from mandates where status = 'requested'`)[0]!;
  if (undispatched > 0) return `${undispatched} mandate(s) whose letters have not left`;
  // A holder code read from its letter may make a mandate active while its delegate letters are still on their way
  // (an activity orphaned by a killed worker waits for its timeout): every letter a request asked for must be there.
  const letterCounts = new Map((await c.sql<{ mandate_id: string; letters: number }[]>`select mandate_id, count(*)::int as letters from letters group by mandate_id`).map((row) => [row.mandate_id, row.letters]));
  const unposted = ledger.mandates.flatMap((entry) => [...entry.ids].filter((id) => (letterCounts.get(id) ?? 0) < 1 + entry.delegateCodes));
  if (unposted.length > 0) return `${unposted.length} mandate(s) whose delegate letters have not all left`;
  const rows = await c.sql<{ id: string; status: string }[]>`select id, status from invitations`;
  const invitations = await workflowsOf(client, 'invitationWorkflow');
  const closing = rows.filter((row) => row.status !== 'pending' && (invitations.get(invitationWorkflowId(row.id))?.running ?? 0) > 0);
  if (closing.length > 0) return `${closing.length} answered invitation(s) whose workflow is still running`;
  return undefined;
}

export async function checkInvariants(c: FaultCluster, client: Client, ledger: Ledger, faults: FaultLog, at: (time: number) => string): Promise<Verdict> {
  const problems: string[] = [];
  let checks = 0;
  const check = (ok: boolean, problem: () => string) => {
    checks += 1;
    if (!ok) problems.push(problem());
  };
  const personIds = new Map((await c.sql<{ ssn: string; person_id: string }[]>`select ssn, person_id from certificates`).map((row) => [row.ssn, row.person_id]));

  // Spaces: every acknowledged one is there; every space keeps an administrator (R10).
  const spaces = await c.sql<{ id: string; administrators: number }[]>`
    select s.id, (select count(*)::int from memberships m where m.space_id = s.id and m.role = 'administrator') as administrators from spaces s`;
  const spaceIds = new Set(spaces.map((space) => space.id));
  for (const space of [...ledger.spaces, ...ledger.guessers]) check(spaceIds.has(space.id), () => `space ${space.id} was acknowledged (201) and is gone`);
  for (const space of spaces) check(space.administrators >= 1, () => `space ${space.id} has no administrator`);

  // Invitations: the acknowledged state is there; one key, one row; every row from a key.
  const invitationRows = await c.sql<{ id: string; space_id: string; certificate_ssn: string; status: string; email: string }[]>`select id, space_id, certificate_ssn, status, email from invitations`;
  const memberships = new Set((await c.sql<{ invitation_id: string }[]>`select invitation_id from memberships where invitation_id is not null`).map((row) => row.invitation_id));
  const keyedInvitations = new Set<string>();
  for (const entry of ledger.invitations) {
    const rows = invitationRows.filter((row) => row.space_id === entry.spaceId && row.certificate_ssn === entry.invitee.ssn);
    const adminId = personIds.get(entry.admin.ssn);
    if (adminId) keyedInvitations.add(derivedUuid('invitation', adminId, entry.spaceId, entry.key));
    check(rows.length <= 1 && entry.ids.size <= 1, () => `key ${entry.key} gave ${rows.length} invitation rows and ${entry.ids.size} ids`);
    if (entry.ids.size === 0) continue;
    const row = rows[0];
    check(row !== undefined && entry.ids.has(row.id), () => `invitation ${[...entry.ids].join(',')} (key ${entry.key}) was acknowledged and is not in the database`);
    if (!row) continue;
    check(!(entry.accepted && entry.cancelled), () => `invitation ${row.id}: both an accept (200) and a cancel (204) were acknowledged`);
    const expected = entry.accepted ? ['accepted'] : entry.cancelled ? ['cancelled'] : ['pending', 'accepted', 'cancelled'];
    check(expected.includes(row.status), () => `invitation ${row.id} is ${row.status}; the answers said ${expected.join(' or ')}`);
    check(row.status !== 'accepted' || memberships.has(row.id), () => `invitation ${row.id} is accepted without its membership`);
  }
  for (const row of invitationRows) check(keyedInvitations.has(row.id), () => `invitation ${row.id} is not the process of any Idempotency-Key the run sent`);

  // Mandates and codes: acknowledged requests are there with their letters posted; entered codes took effect.
  const mandateRows = await c.sql<{ id: string; mandator_space_id: string; status: string }[]>`select id, mandator_space_id, status from mandates`;
  const mandatesById = new Map(mandateRows.map((row) => [row.id, row]));
  const keyedMandates = new Set<string>();
  for (const entry of ledger.mandates) {
    const adminId = personIds.get(entry.space.admin.ssn);
    if (adminId) keyedMandates.add(derivedUuid('access-request', adminId, entry.space.id, entry.key));
    check(entry.ids.size <= 1, () => `key ${entry.key} was answered with ${entry.ids.size} mandates`);
    for (const id of entry.ids) {
      const row = mandatesById.get(id);
      check(row !== undefined && row.status !== 'requested', () => `mandate ${id} was acknowledged and is ${row ? 'still requested' : 'not in the database'}`);
    }
  }
  for (const row of mandateRows) check(keyedMandates.has(row.id), () => `mandate ${row.id} is not the process of any Idempotency-Key the run sent`);
  const delegations = await c.sql<{ mandate_id: string; delegate_space_id: string; status: string }[]>`select mandate_id, delegate_space_id, status from delegations`;
  for (const code of ledger.codes) {
    if (code.kind === 'holder') check(mandatesById.get(code.mandateId)?.status === 'active', () => `holder code of mandate ${code.mandateId} was acknowledged; the mandate is ${mandatesById.get(code.mandateId)?.status}`);
    else check(delegations.some((row) => row.mandate_id === code.mandateId && row.delegate_space_id === code.spaceId && row.status === 'active'), () => `delegate code of mandate ${code.mandateId} was acknowledged in ${code.spaceId}; no active delegation`);
  }

  // Letters at most once: one letter row and one code per printed letter, the letters a request asked for.
  const letterRows = await c.sql<{ id: string; mandate_id: string; kind: string; codes: number }[]>`
    select l.id, l.mandate_id, l.kind, (select count(*)::int from activation_codes a where a.letter_id = l.id) as codes from letters l`;
  const posted = await sidecars(path.join(c.dataDir, 'outbox', 'post'));
  for (const letter of letterRows) {
    check(letter.codes === 1, () => `letter ${letter.id} of mandate ${letter.mandate_id} has ${letter.codes} activation codes`);
    check(posted.get(letter.id) === letter.mandate_id, () => `letter ${letter.id} of mandate ${letter.mandate_id} has no sidecar (never handed to the post)`);
  }
  for (const [letterId, mandateId] of posted) check(letterRows.some((row) => row.id === letterId), () => `sidecar ${letterId} of mandate ${mandateId} has no letter row`);
  for (const entry of ledger.mandates) {
    for (const id of entry.ids) {
      const letters = letterRows.filter((row) => row.mandate_id === id);
      check(letters.length === 1 + entry.delegateCodes && letters.filter((row) => row.kind === 'holder').length === 1, () => `mandate ${id} has ${letters.length} letters for 1 holder and ${entry.delegateCodes} delegate code(s)`);
    }
  }

  // Mails: every received message is an outbox row; a copy only under the same Message-ID and across a SIGKILL.
  const outbox = await c.sql<{ idempotency_key: string; message_id: string; kind: string; recipient: string; sent_at: Date | null }[]>`select idempotency_key, message_id, kind, recipient, sent_at from mail_outbox`;
  const outboxByMessage = new Map(outbox.map((row) => [row.message_id, row]));
  const receptions = new Map<string, number[]>();
  c.smtp.mails.forEach((mail, index) => receptions.set(mail.messageId, [...(receptions.get(mail.messageId) ?? []), index]));
  for (const [messageId, indexes] of receptions) {
    check(outboxByMessage.has(messageId), () => `a mail ${messageId} arrived that the outbox does not know`);
    for (let i = 1; i < indexes.length; i += 1) {
      const [before, after] = [indexes[i - 1]!, indexes[i]!];
      const [first, copy] = [c.smtp.mails[before]!.receivedAt, c.smtp.mails[after]!.receivedAt];
      check(faults.killMarks.some((mark) => first < mark && mark <= copy), () => `mail ${messageId} (${outboxByMessage.get(messageId)?.kind}) arrived twice (mails #${before} at ${at(c.smtp.mails[before]!.receivedAt)} and #${after} at ${at(c.smtp.mails[after]!.receivedAt)}) without a worker SIGKILL in between`);
    }
  }
  for (const row of outbox) check(row.sent_at !== null, () => `mail ${row.idempotency_key} (${row.kind}) never sent`);
  for (const row of invitationRows) {
    const mails = outbox.filter((mail) => mail.kind === 'invitation' && mail.idempotency_key.startsWith(`${invitationWorkflowId(row.id)}/`));
    const received = mails.filter((mail) => receptions.has(mail.message_id));
    // The workflow sends the invitation mail in its first task, before it acts on any answer: every recorded
    // invitation, accepted or cancelled since, has had it — once.
    check(mails.length === 1 && received.length === 1 && mails[0]!.recipient === row.email, () => `invitation ${row.id} (${row.status}): ${mails.length} invitation mail(s) in the outbox, ${received.length} received`);
  }

  // Workflows: none failed, terminated or timed out; open ones have their rows and open rows their workflows.
  for await (const execution of client.workflow.list({ query: 'ExecutionStatus="Failed" OR ExecutionStatus="Terminated" OR ExecutionStatus="TimedOut"' })) {
    problems.push(`workflow ${execution.workflowId} (${execution.type}) ended ${execution.status.name}`);
  }
  checks += 1;
  const invitationWorkflows = await workflowsOf(client, 'invitationWorkflow');
  for (const row of invitationRows) {
    const workflow = invitationWorkflows.get(invitationWorkflowId(row.id));
    check(workflow?.runs === 1, () => `invitation ${row.id} has ${workflow?.runs ?? 0} workflow runs`);
    check((row.status === 'pending') === (workflow?.running === 1), () => `invitation ${row.id} is ${row.status} and its workflow ${workflow?.running ? 'running' : 'closed'}`);
  }
  const rowIds = new Set(invitationRows.map((row) => invitationWorkflowId(row.id)));
  for (const [workflowId, workflow] of invitationWorkflows) check(workflow.running === 0 || rowIds.has(workflowId), () => `workflow ${workflowId} is open without its invitation row`);
  const mandateWorkflows = await workflowsOf(client, 'mandateWorkflow');
  for (const row of mandateRows) {
    const workflow = mandateWorkflows.get(mandateWorkflowId(row.id));
    check(workflow?.runs === 1 && (OPEN_MANDATE.includes(row.status) ? workflow.running === 1 : workflow.running === 0), () => `mandate ${row.id} is ${row.status}; workflow runs ${workflow?.runs ?? 0}, running ${workflow?.running ?? 0}`);
  }
  const mandateIds = new Set(mandateRows.map((row) => mandateWorkflowId(row.id)));
  for (const [workflowId, workflow] of mandateWorkflows) check(workflow.running === 0 || mandateIds.has(workflowId), () => `workflow ${workflowId} is open without its mandate row`);

  // No nondeterminism: the workers would log the SDK's error (TMPRL1100) for a workflow task that failed replay.
  for (const name of (await readdir(c.logsDir)).filter((file) => file.startsWith('worker'))) {
    const text = await readFile(path.join(c.logsDir, name), 'utf8');
    check(!/nondetermin|TMPRL1100/i.test(text), () => `${name} reports nondeterminism: ${/.*(nondetermin|TMPRL1100).*/i.exec(text)?.[0]?.slice(0, 300)}`);
  }

  for (const finding of ledger.findings) problems.push(finding);
  checks += 1;
  return { checks, problems };
}
