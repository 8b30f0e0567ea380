// List routes that read the caller's rights and the page in one SQL statement (members, invitations, events,
// certification requests, procedures, mandators): the same answers as before, and rights still read at every
// request — a removed member loses access at once (R19).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { delegations, spaceEvents } from '../../src/platform/db/schema';
import { addMember, createSpace, eventually, invite, person, requiredDocuments, activeMandate, startStack, type Identity, type TestStack, completeData } from '../support';

const pick = (value: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, value[key]]));

/** Every list of a space that reads the caller's rights and its page in one statement. */
const SPACE_LISTS = ['members', 'invitations', 'events', 'certification-requests', 'procedures', 'mandators'];

type Item = Record<string, unknown> & { id: string };
/** The cursor the API issues after an item: `<epoch ms of its sort time>_<its id>`. */
const cursorAfter = (at: string) => (item: Item) => `${Date.parse(item[at] as string)}_${item.id}`;

/** All pages of a list, `limit` items at a time; each page's nextCursor is `cursorOf` its last item, null on the last. */
async function walk(url: string, as: Identity, limit: number, cursorOf: (item: Item) => string | Promise<string>): Promise<{ items: Item[]; pages: number[] }> {
  const items: Item[] = [];
  const pages: number[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Item[]; nextCursor: string | null } } = await stack.call('GET', `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.body.items);
    pages.push(page.body.items.length);
    cursor = page.body.nextCursor;
    const last = page.body.items[page.body.items.length - 1];
    if (cursor) expect(cursor).toBe(await cursorOf(last!));
  } while (cursor && pages.length < 50);
  return { items, pages };
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('one-round-trip lists', () => {
  it('GET invitations pages and filters like GET of each invitation says', async () => {
    const admin = person('Lisa Lister');
    const space = await createSpace(stack, admin);
    const invited = [];
    for (const name of ['Ann One', 'Bob Two', 'Cid Three']) invited.push(await invite(stack, space.id, admin, person(name)));
    const cancelled = invited[1]!;
    expect((await stack.call('DELETE', `/spaces/${space.id}/invitations/${cancelled.id}`, { as: admin })).status).toBe(204);

    const first = await stack.call('GET', `/spaces/${space.id}/invitations?limit=2`, { as: admin });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([invited[0]!.id, invited[1]!.id]);
    const second = await stack.call('GET', `/spaces/${space.id}/invitations?limit=2&cursor=${first.body.nextCursor}`, { as: admin });
    expect(second.body).toMatchObject({ items: [{ id: invited[2]!.id }], nextCursor: null });
    for (const item of [...first.body.items, ...second.body.items]) {
      const one = await stack.call('GET', `/spaces/${space.id}/invitations/${item.id}`, { as: admin });
      expect(item).toEqual(one.body);
    }
    const pending = await stack.call('GET', `/spaces/${space.id}/invitations?status=pending`, { as: admin });
    expect(pending.body.items.map((i: { id: string }) => i.id)).toEqual([invited[0]!.id, invited[2]!.id]);
  });

  it('GET members pages active members and pending invitees in (since, id) order, each item as the other routes say', async () => {
    const admin = person('Mona Members');
    const space = await createSpace(stack, admin);
    const accepted = [];
    for (const name of ['Ada Active', 'Ben Active']) accepted.push(await addMember(stack, space.id, admin, person(name)));
    const pending = [];
    for (const name of ['Cora Pending', 'Dan Pending']) pending.push(await invite(stack, space.id, admin, person(name)));

    const pages = [];
    let cursor: string | null | undefined;
    do {
      const page = await stack.call('GET', `/spaces/${space.id}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { as: admin });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^application\/json/);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
      if (cursor) expect(cursor).toBe(`${Date.parse(page.body.items[1].since)}_${page.body.items[1].id}`);
    } while (cursor && pages.length < 5);
    expect(pages.map((items) => items.length)).toEqual([2, 2, 1]);
    const items = pages.flat();
    const sorted = [...items].sort((a, b) => (a.since === b.since ? (a.id < b.id ? -1 : 1) : a.since < b.since ? -1 : 1));
    expect(items.map((item) => item.id)).toEqual(sorted.map((item) => item.id));

    const byId = new Map(items.map((item) => [item.id, item]));
    for (const membership of accepted) {
      const item = byId.get(membership.id);
      expect(item).toEqual({ ...pick(membership, ['id', 'name', 'email', 'certificateSsn', 'certificateMode', 'role', 'permissions', 'since']), status: 'active', invitationId: expect.any(String), expiresAt: null });
    }
    for (const invitation of pending) {
      const one = (await stack.call('GET', `/spaces/${space.id}/invitations/${invitation.id}`, { as: admin })).body;
      expect(byId.get(invitation.id)).toEqual({
        id: one.id,
        status: 'pending',
        name: `${one.firstName} ${one.lastName}`,
        email: one.email,
        certificateSsn: one.certificateSsn,
        certificateMode: one.certificateMode,
        role: one.role,
        permissions: one.permissions,
        since: one.createdAt,
        invitationId: one.id,
        expiresAt: one.expiresAt,
      });
    }
  });

  it('a removed member loses every list at once; a stranger and an unknown certificate get 404', async () => {
    const admin = person('Rita Remover');
    const member = person('Max Member');
    const space = await createSpace(stack, admin);
    const membership = await addMember(stack, space.id, admin, member);
    for (const list of SPACE_LISTS) expect((await stack.call('GET', `/spaces/${space.id}/${list}`, { as: member })).status, list).toBe(200);
    expect((await stack.call('DELETE', `/spaces/${space.id}/members/${membership.id}`, { as: admin })).status).toBe(204);
    for (const list of SPACE_LISTS) {
      const refused = await stack.call('GET', `/spaces/${space.id}/${list}`, { as: member });
      expect([list, refused.status, refused.body.code]).toEqual([list, 404, 'not_found']);
      // A certificate never seen before is registered (GET /me works afterwards) and still gets 404.
      const stranger = person('Sam Stranger');
      const unknown = await stack.call('GET', `/spaces/${space.id}/${list}`, { as: stranger });
      expect([list, unknown.status, unknown.body.code]).toEqual([list, 404, 'not_found']);
      const me = await stack.call('GET', '/me', { as: stranger });
      expect([list, me.status, me.body.name]).toEqual([list, 200, 'Sam Stranger']);
    }
  });

  it("a refused query (422) is answered in the caller's profile language, and registers a certificate never seen before", async () => {
    const admin = person('Edna English');
    expect((await stack.call('GET', '/me', { as: admin, headers: { 'accept-language': 'en' } })).body.language).toBe('en');
    const space = await createSpace(stack, admin);
    for (const list of SPACE_LISTS) {
      // No Accept-Language: the profile's language, not the French default.
      const refused = await stack.call('GET', `/spaces/${space.id}/${list}?limit=0`, { as: admin });
      expect([list, refused.status, refused.body.title]).toEqual([list, 422, 'The request is invalid']);
      const newcomer = person('Nina Neu');
      const first = await stack.call('GET', `/spaces/${space.id}/${list}?limit=0`, { as: newcomer, headers: { 'accept-language': 'de' } });
      expect([list, first.status, first.body.title]).toEqual([list, 422, 'Die Anfrage ist ungültig']);
      // Registered by that request, in its browser's language.
      expect([list, (await stack.call('GET', '/me', { as: newcomer })).body.language]).toEqual([list, 'de']);
    }
  });

  it('an invited-only member logging in with another certificate of the same person gets 404 (R16)', async () => {
    const admin = person('Ines Invited');
    const space = await createSpace(stack, admin);
    const pid = `pid-${Date.now()}`;
    const invitee = person('Olga Only', { pid });
    await addMember(stack, space.id, admin, invitee, { certificateMode: 'invited-only' });
    const otherCertificate = person('Olga Only', { pid });
    for (const list of SPACE_LISTS) {
      expect((await stack.call('GET', `/spaces/${space.id}/${list}`, { as: invitee })).status, list).toBe(200);
      expect((await stack.call('GET', `/spaces/${space.id}/${list}`, { as: otherCertificate })).status, list).toBe(404);
    }
  });
});

describe('one-round-trip lists with content: events, certification requests, procedures, mandators', () => {
  const fiduciary = person('Fiona Fiduciary');
  const clerk = person('Carl Clerk');
  const mandatorAdmin = person('Mia Mandator');
  let delegate: { id: string };
  let mandator: { id: string };
  const procedures: Record<'own' | 'onBehalf' | 'signed' | 'mandatorsOwn', string> = { own: '', onBehalf: '', signed: '', mandatorsOwn: '' };
  const requests: string[] = [];
  const mandates: string[] = [];

  const file = async (as: Identity, spaceId: string, body: Record<string, unknown>) => {
    const response = await stack.call('POST', `/spaces/${spaceId}/procedures`, { as, body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  };

  beforeAll(async () => {
    delegate = await createSpace(stack, fiduciary);
    mandator = await createSpace(stack, mandatorAdmin);
    // A manager reads every list; the lists are read as them.
    await addMember(stack, delegate.id, fiduciary, clerk, { role: 'manager' });
    const mandatorSide = { admin: mandatorAdmin, spaceId: mandator.id };
    const delegateSide = { member: fiduciary, spaceId: delegate.id };
    mandates.push((await activeMandate(stack, mandatorSide, delegateSide, { section: 'tax', delegateCodes: 1 })).mandateId);
    mandates.push((await activeMandate(stack, mandatorSide, delegateSide, { section: 'statistics', scope: { procedures: true, dataConsultation: true }, delegateCodes: 1 })).mandateId);
    procedures.signed = await file(fiduciary, delegate.id, { type: 'vat-return', data: completeData('vat-return', { period: '2026-Q1' }) });
    expect((await stack.call('POST', `/spaces/${delegate.id}/procedures/${procedures.signed}/sign`, { as: fiduciary })).status).toBe(200);
    procedures.onBehalf = await file(fiduciary, delegate.id, { type: 'vat-return', onBehalfOf: mandator.id, data: { period: '2026-Q2', turnover: 1234 } });
    procedures.own = await file(fiduciary, delegate.id, { type: 'vat-return', data: { period: '2026-Q3' } });
    procedures.mandatorsOwn = await file(mandatorAdmin, mandator.id, { type: 'vat-return', data: { period: '2026-Q4' } });
    for (const activityField of ['sports-federation', 'works-council-election']) {
      const response = await stack.call('POST', `/spaces/${delegate.id}/certification-requests`, { as: fiduciary, body: { activityField, documents: requiredDocuments(activityField), note: 'Please certify us.' } });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      requests.push(response.body.id);
    }
    expect((await stack.call('POST', `/spaces/${delegate.id}/certification-requests/${requests[0]}/withdraw`, { as: fiduciary })).status).toBe(200);
  });

  it('GET events pages the timeline newest first, each event as the table holds it', async () => {
    const url = `/spaces/${delegate.id}/events`;
    // Workflows append some events after their call answered: read until the table and both readings agree.
    const read = async () => {
      const stored = await stack.database.db.select().from(spaceEvents).where(eq(spaceEvents.spaceId, delegate.id)).orderBy(desc(spaceEvents.occurredAt), desc(spaceEvents.id));
      const all = await stack.call('GET', `${url}?limit=200`, { as: clerk });
      return {
        stored: stored.map((row) => ({
          id: row.id,
          type: row.type,
          actor: row.actorName ? { personId: row.actorPersonId, name: row.actorName } : null,
          subjectId: row.subjectId,
          data: row.data,
          occurredAt: row.occurredAt.toISOString(),
        })),
        all: all.body,
        paged: await walk(url, clerk, 3, cursorAfter('occurredAt')),
      };
    };
    const same = (r: Awaited<ReturnType<typeof read>>) => JSON.stringify(r.stored) === JSON.stringify(r.all.items) && JSON.stringify(r.paged.items) === JSON.stringify(r.all.items);
    const { stored, all, paged } = await eventually(read, same);
    expect(all).toEqual({ items: stored, nextCursor: null });
    expect(paged.items).toEqual(all.items);
    expect(paged.pages.length).toBeGreaterThan(3);
    expect(all.items.map((event: { type: string }) => event.type)).toEqual(expect.arrayContaining(['space.created', 'procedure.created', 'procedure.signed']));
  });

  it('GET certification-requests pages and filters like GET of each request says, documents included', async () => {
    const url = `/spaces/${delegate.id}/certification-requests`;
    const { items, pages } = await walk(url, clerk, 1, cursorAfter('createdAt'));
    expect(pages).toEqual([1, 1]);
    expect(items.map((item) => item.id)).toEqual(requests);
    for (const item of items) {
      const one = await stack.call('GET', `${url}/${item.id}`, { as: clerk });
      expect(item).toEqual(one.body);
      expect((item.documents as unknown[]).length).toBeGreaterThan(1);
    }
    expect(items.map((item) => item.status)).toEqual(['withdrawn', 'submitted']);
    const submitted = await stack.call('GET', `${url}?status=submitted`, { as: clerk });
    expect(submitted.body).toEqual({ items: [items[1]], nextCursor: null });
  });

  it("GET procedures pages like GET of each procedure says: the filing space's view, and the mandator's with filedBy", async () => {
    const views: [string, Identity, string[]][] = [
      [delegate.id, clerk, [procedures.signed, procedures.onBehalf, procedures.own]],
      [mandator.id, mandatorAdmin, [procedures.onBehalf, procedures.mandatorsOwn]],
    ];
    const seen: Record<string, Item[]> = {};
    for (const [spaceId, as, expected] of views) {
      const url = `/spaces/${spaceId}/procedures`;
      const { items, pages } = await walk(url, as, 2, cursorAfter('createdAt'));
      expect(pages).toEqual(expected.length === 3 ? [2, 1] : [2]);
      expect(items.map((item) => item.id)).toEqual(expected);
      for (const item of items) expect(item).toEqual((await stack.call('GET', `${url}/${item.id}`, { as })).body);
      seen[spaceId] = items;
    }
    const filedFor = (spaceId: string) => seen[spaceId]!.find((item) => item.id === procedures.onBehalf)!.filedBy;
    expect(filedFor(delegate.id)).toBeNull();
    expect(filedFor(mandator.id)).toEqual({ spaceId: delegate.id, companyName: `Acme ${fiduciary.ssn.slice(-5)} SA` });
    expect(seen[mandator.id]!.find((item) => item.id === procedures.mandatorsOwn)!.filedBy).toBeNull();
    const signed = await stack.call('GET', `/spaces/${delegate.id}/procedures?status=signed`, { as: clerk });
    expect(signed.body).toEqual({ items: [seen[delegate.id]![0]], nextCursor: null });
  });

  it('GET mandators pages the active delegations as the received mandates say', async () => {
    // A mandator's position is its delegation's, whose id the item does not show.
    const delegationId = async (item: Item) => {
      const [row] = await stack.database.db.select({ id: delegations.id }).from(delegations).where(and(eq(delegations.mandateId, item.mandateId as string), eq(delegations.delegateSpaceId, delegate.id)));
      return `${Date.parse(item.since as string)}_${row!.id}`;
    };
    const { items, pages } = await walk(`/spaces/${delegate.id}/mandators`, clerk, 1, delegationId);
    expect(pages).toEqual([1, 1]);
    const received = (await stack.call('GET', `/spaces/${delegate.id}/mandates`, { as: clerk })).body.received as Record<string, any>[];
    expect(items).toEqual(
      mandates.map((mandateId) => {
        const mandate = received.find((each) => each.id === mandateId)!;
        return { ...mandate.mandator, mandateId, section: mandate.section, scope: mandate.scope, since: mandate.delegates[0].since, endDate: mandate.endDate };
      }),
    );
    expect(items.map((item) => item.section)).toEqual(['tax', 'statistics']);
  });
});
