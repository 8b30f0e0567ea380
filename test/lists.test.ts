// List routes that read the caller's rights and the page in one SQL statement (members, invitations): the same
// answers as before, and rights still read at every request — a removed member loses access at once (R19).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createSpace, invite, person } from './support/fixtures';
import { startStack, type TestStack } from './support/stack';

const pick = (value: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, value[key]]));

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

  it('a removed member loses both lists at once; a stranger and an unknown certificate get 404', async () => {
    const admin = person('Rita Remover');
    const member = person('Max Member');
    const space = await createSpace(stack, admin);
    const membership = await addMember(stack, space.id, admin, member);
    for (const list of ['members', 'invitations']) expect((await stack.call('GET', `/spaces/${space.id}/${list}`, { as: member })).status).toBe(200);
    expect((await stack.call('DELETE', `/spaces/${space.id}/members/${membership.id}`, { as: admin })).status).toBe(204);
    for (const list of ['members', 'invitations']) {
      const refused = await stack.call('GET', `/spaces/${space.id}/${list}`, { as: member });
      expect([refused.status, refused.body.code]).toEqual([404, 'not_found']);
      // A certificate never seen before is registered (GET /me works afterwards) and still gets 404.
      const stranger = person('Sam Stranger');
      expect((await stack.call('GET', `/spaces/${space.id}/${list}`, { as: stranger })).status).toBe(404);
      expect((await stack.call('GET', '/me', { as: stranger })).status).toBe(200);
    }
  });

  it('an invited-only member logging in with another certificate of the same person gets 404 (R16)', async () => {
    const admin = person('Ines Invited');
    const space = await createSpace(stack, admin);
    const pid = `pid-${Date.now()}`;
    const invitee = person('Olga Only', { pid });
    await addMember(stack, space.id, admin, invitee, { certificateMode: 'invited-only' });
    const otherCertificate = person('Olga Only', { pid });
    for (const list of ['members', 'invitations']) {
      expect((await stack.call('GET', `/spaces/${space.id}/${list}`, { as: invitee })).status).toBe(200);
      expect((await stack.call('GET', `/spaces/${space.id}/${list}`, { as: otherCertificate })).status).toBe(404);
    }
  });
});
