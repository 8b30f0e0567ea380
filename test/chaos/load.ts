// The chaos run's load: a few clients in parallel (bounded concurrency) against both API processes — new spaces,
// invitations, accepts, cancels, access requests (letters by post), right and wrong activation codes. Each client
// retries a request that failed (5xx) or got no answer with the same Idempotency-Key until it is answered or the run
// ends, and the ledger records every acknowledged (2xx) write: what the invariants hold the product to.
import { companyAddress, invitationBody, person, readLetters, registerStaff, type Identity, type Letter } from '../support';
import type { FaultCluster, HttpResult } from '../faults/support/cluster';
import type { Random } from './prng';

export type WriteKind = 'space' | 'invitation' | 'accept' | 'cancel' | 'access-request' | 'holder-code' | 'delegate-code' | 'wrong-code';
export const WRITE_KINDS: WriteKind[] = ['space', 'invitation', 'accept', 'cancel', 'access-request', 'holder-code', 'delegate-code', 'wrong-code'];

export interface SpaceEntry {
  id: string;
  admin: Identity;
}

export interface InvitationEntry {
  key: string;
  spaceId: string;
  admin: Identity;
  invitee: Identity;
  /** Every id a 2xx answer for this key named (one, unless a key gave two processes). */
  ids: Set<string>;
  accepted: boolean;
  cancelled: boolean;
}

export interface MandateEntry {
  key: string;
  space: SpaceEntry;
  delegateCodes: number;
  ids: Set<string>;
  letters?: Letter[];
  /** The holder code was answered (200, or a final refusal such as another active holder code). */
  holderDone: boolean;
  holderAcknowledged: boolean;
  usedDelegateLetters: Set<string>;
}

export interface CodeEntry {
  mandateId: string;
  kind: 'holder' | 'delegate';
  spaceId: string;
}

export interface Ledger {
  spaces: SpaceEntry[];
  guessers: SpaceEntry[];
  invitations: InvitationEntry[];
  mandates: MandateEntry[];
  codes: CodeEntry[];
  /** Acknowledged writes per kind (for wrong codes: answered 422/429, as they must be). */
  acknowledged: Record<WriteKind, number>;
  /** Every answer (or its absence, 0) per kind and status: `invitation 503`. */
  answers: Map<string, number>;
  /** Answers no request should ever get: 500s, a wrong code accepted. */
  findings: string[];
}

export function newLedger(): Ledger {
  return { spaces: [], guessers: [], invitations: [], mandates: [], codes: [], acknowledged: Object.fromEntries(WRITE_KINDS.map((kind) => [kind, 0])) as Record<WriteKind, number>, answers: new Map(), findings: [] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const SECTIONS = ['tax', 'social-security', 'statistics', 'employment', 'associations'];

export interface LoadOptions {
  cluster: FaultCluster;
  random: Random;
  ledger: Ledger;
  /** How many clients act at once. */
  concurrency: number;
  /** False once the load time is over: clients start nothing new. */
  running: () => boolean;
  /** While true, an unanswered request is sent again — past the load time, as a real caller would after an outage. */
  retrying: () => boolean;
}

export function createLoad({ cluster: c, random, ledger, concurrency, running, retrying }: LoadOptions) {
  const staff = registerStaff();
  const count = (kind: WriteKind, status: number) => {
    const key = `${kind} ${status}`;
    ledger.answers.set(key, (ledger.answers.get(key) ?? 0) + 1);
  };

  /**
   * Sends until answered: a 5xx or no answer (refused connection, reset, 15 s without an answer) is tried again —
   * on either API, the same request and key — while `retryUntil()`. Undefined: never answered.
   */
  async function answered(kind: WriteKind, rng: Random, send: (api: number) => Promise<HttpResult>, retryUntil: () => boolean = retrying): Promise<HttpResult | undefined> {
    for (;;) {
      let response: HttpResult | undefined;
      try {
        response = await send(rng.int(0, 1));
      } catch {
        response = undefined;
      }
      count(kind, response?.status ?? 0);
      if (response && response.status < 500) return response;
      if (response?.status === 500) ledger.findings.push(`${kind}: 500 ${JSON.stringify(response.body).slice(0, 300)}`);
      if (!retryUntil()) return undefined;
      await sleep(rng.int(150, 600));
    }
  }

  /** A registered company and its space; the company goes into the register first (letters need it). */
  async function newSpace(rng: Random, admin: Identity, retryUntil: () => boolean = retrying): Promise<SpaceEntry | undefined> {
    const company = { name: `Chaos ${admin.ssn.slice(-6)} SA`, registrationNumber: `C${admin.ssn.slice(-8)}`, address: companyAddress };
    const registered = await answered('space', rng, (api) => c.call('PUT', `/staff/companies/${company.registrationNumber}`, { as: staff, body: { name: company.name, address: company.address }, timeoutMs: 15_000, api }), retryUntil);
    if (registered?.status !== 200) return undefined;
    // POST /spaces starts no process and takes no Idempotency-Key: an unanswered create retried may make a second
    // space, which is the caller's to see in GET /spaces; only acknowledged ones are checked.
    const created = await answered('space', rng, (api) => c.call('POST', '/spaces', { as: admin, body: { name: 'Operations', company }, timeoutMs: 15_000, api }), retryUntil);
    if (created?.status !== 201) return undefined;
    return { id: created.body.id as string, admin };
  }

  const actions = {
    async space(rng: Random) {
      const entry = await newSpace(rng, person(`Chaos Admin ${ledger.spaces.length}`));
      if (!entry) return;
      ledger.spaces.push(entry);
      ledger.acknowledged.space += 1;
    },
    async invitation(rng: Random) {
      const space = rng.pick(ledger.spaces);
      const entry: InvitationEntry = { key: `chaos-invite-${random.seed}-${ledger.invitations.length}-${rng.int(0, 1e9)}`, spaceId: space.id, admin: space.admin, invitee: person(`Chaos Invitee ${ledger.invitations.length}`), ids: new Set(), accepted: false, cancelled: false };
      ledger.invitations.push(entry);
      const body = invitationBody(entry.invitee, { role: rng.pick(['manager', 'without-signature']) });
      const answer = await answered('invitation', rng, (api) => c.call('POST', `/spaces/${space.id}/invitations`, { as: space.admin, body, headers: { 'idempotency-key': entry.key }, timeoutMs: 15_000, api }));
      if (answer?.status !== 201) return;
      entry.ids.add(answer.body.id);
      ledger.acknowledged.invitation += 1;
      // Now and then the caller sends the same request again although it was answered: the first answer comes back.
      if (rng.next() < 0.1) {
        const again = await answered('invitation', rng, (api) => c.call('POST', `/spaces/${space.id}/invitations`, { as: space.admin, body, headers: { 'idempotency-key': entry.key }, timeoutMs: 15_000, api }));
        if (again?.status === 201) entry.ids.add(again.body.id);
      }
    },
    async accept(rng: Random) {
      const open = ledger.invitations.filter((entry) => entry.ids.size > 0 && !entry.accepted && !entry.cancelled);
      if (open.length === 0) return;
      const entry = rng.pick(open);
      const id = [...entry.ids][0]!;
      const answer = await answered('accept', rng, (api) => c.call('POST', `/invitations/${id}/accept`, { as: entry.invitee, timeoutMs: 15_000, api }));
      if (answer?.status !== 200) return;
      entry.accepted = true;
      ledger.acknowledged.accept += 1;
    },
    async cancel(rng: Random) {
      const open = ledger.invitations.filter((entry) => entry.ids.size > 0 && !entry.accepted && !entry.cancelled);
      if (open.length === 0) return;
      const entry = rng.pick(open);
      const id = [...entry.ids][0]!;
      const answer = await answered('cancel', rng, (api) => c.call('DELETE', `/spaces/${entry.spaceId}/invitations/${id}`, { as: entry.admin, timeoutMs: 15_000, api }));
      if (answer?.status !== 204) return;
      entry.cancelled = true;
      ledger.acknowledged.cancel += 1;
    },
    async 'access-request'(rng: Random) {
      const space = rng.pick(ledger.spaces);
      const entry: MandateEntry = { key: `chaos-access-${random.seed}-${ledger.mandates.length}-${rng.int(0, 1e9)}`, space, delegateCodes: rng.int(0, 2), ids: new Set(), holderDone: false, holderAcknowledged: false, usedDelegateLetters: new Set() };
      ledger.mandates.push(entry);
      const body = { section: rng.pick(SECTIONS), scope: { procedures: true, dataConsultation: rng.next() < 0.5 }, delegateCodes: entry.delegateCodes };
      const answer = await answered('access-request', rng, (api) => c.call('POST', `/spaces/${space.id}/access-requests`, { as: space.admin, body, headers: { 'idempotency-key': entry.key }, timeoutMs: 15_000, api }));
      if (answer?.status !== 201) return;
      entry.ids.add(answer.body.mandateId);
      ledger.acknowledged['access-request'] += 1;
    },
    /** A code from a letter the post delivered: the holder's in the mandator's space, then a delegate's elsewhere. */
    async 'right-code'(rng: Random) {
      const candidates = ledger.mandates.filter((entry) => entry.ids.size === 1 && (!entry.holderDone || (entry.holderAcknowledged && entry.usedDelegateLetters.size < entry.delegateCodes)));
      if (candidates.length === 0) return;
      const entry = rng.pick(candidates);
      const mandateId = [...entry.ids][0]!;
      if (!entry.letters) {
        const letters = await readLetters(path(c), mandateId).catch(() => []);
        if (letters.length < 1 + entry.delegateCodes) return; // not posted yet
        entry.letters = letters;
      }
      if (!entry.holderDone) {
        const holder = entry.letters.find((letter) => letter.kind === 'holder')!;
        entry.holderDone = true;
        const answer = await answered('holder-code', rng, (api) => c.call('POST', `/spaces/${entry.space.id}/activation-codes`, { as: entry.space.admin, body: { code: holder.code }, timeoutMs: 15_000, api }));
        if (answer?.status !== 200) return;
        entry.holderAcknowledged = true;
        ledger.codes.push({ mandateId, kind: 'holder', spaceId: entry.space.id });
        ledger.acknowledged['holder-code'] += 1;
        return;
      }
      const letter = entry.letters.find((candidate) => candidate.kind === 'delegate' && !entry.usedDelegateLetters.has(candidate.letterId));
      const delegates = ledger.spaces.filter((space) => space.id !== entry.space.id);
      if (!letter || delegates.length === 0) return;
      entry.usedDelegateLetters.add(letter.letterId);
      const delegate = rng.pick(delegates);
      const answer = await answered('delegate-code', rng, (api) => c.call('POST', `/spaces/${delegate.id}/activation-codes`, { as: delegate.admin, body: { code: letter.code }, timeoutMs: 15_000, api }));
      if (answer?.status !== 200) return;
      ledger.codes.push({ mandateId, kind: 'delegate', spaceId: delegate.id });
      ledger.acknowledged['delegate-code'] += 1;
    },
    /** A guess: refused (422 invalid_code) until the limit, then 429 — never accepted. */
    async 'wrong-code'(rng: Random) {
      const guesser = rng.pick(ledger.guessers);
      const code = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => rng.pick([...CODE_ALPHABET])).join('')).join('-');
      const answer = await answered('wrong-code', rng, (api) => c.call('POST', `/spaces/${guesser.id}/activation-codes`, { as: guesser.admin, body: { code }, timeoutMs: 15_000, api }));
      if (!answer) return;
      if (answer.status === 422 || answer.status === 429) ledger.acknowledged['wrong-code'] += 1;
      else ledger.findings.push(`wrong code ${code}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    },
  };
  const weights = { space: 4, invitation: 40, accept: 14, cancel: 8, 'access-request': 8, 'right-code': 10, 'wrong-code': 6 };

  return {
    /** Spaces to work in and guessers with spaces of their own, before the faults begin (retried for up to 60 s). */
    async prepare(spaces: number, guessers: number) {
      const rng = random.fork();
      const deadline = Date.now() + 60_000;
      const untilDeadline = () => Date.now() < deadline;
      for (let i = 0; i < spaces + guessers; i += 1) {
        const entry = await newSpace(rng, person(i < spaces ? `Chaos Founder ${i}` : `Chaos Guesser ${i}`), untilDeadline);
        if (!entry) throw new Error('the chaos run could not create its first spaces');
        (i < spaces ? ledger.spaces : ledger.guessers).push(entry);
      }
    },
    async run() {
      const client = async (rng: Random) => {
        while (running()) {
          await actions[rng.weighted(weights)](rng);
          // A caller thinks between requests: the load stays a load, not a saturation of this 2-core machine.
          await sleep(rng.int(50, 300));
        }
      };
      await Promise.all(Array.from({ length: concurrency }, () => client(random.fork())));
    },
  };
}

const path = (c: FaultCluster) => `${c.dataDir}/outbox/post`;
