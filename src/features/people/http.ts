// The caller's profile (R2, R40, R41) and the invitations waiting for their certificate (R5).
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { invitations, persons, spaces } from '../../platform/db/schema';
import { currentCaller, currentPerson } from '../../platform/http/auth';
import { decodeCursor, keysetAfter, toPage } from '../../platform/http/pagination';
import { bearer, createRouter, PageQuery, pageOf, problems } from '../../platform/http/router';
import { LanguageSchema, PermissionsSchema, RoleSchema } from '../../platform/http/schemas';

const MeSchema = z
  .object({ personId: z.string().uuid(), certificateSsn: z.string(), name: z.string(), email: z.string().nullable(), language: LanguageSchema })
  .openapi('Me');

const MyInvitationSchema = z
  .object({
    id: z.string().uuid(),
    spaceId: z.string().uuid(),
    spaceName: z.string(),
    companyName: z.string(),
    role: RoleSchema,
    permissions: PermissionsSchema,
    expiresAt: z.string().datetime(),
    invitedBy: z.object({ name: z.string() }).openapi({ description: 'Who invited me: the administrator accountable for the invitation (R11)' }),
  })
  .openapi('MyInvitation');

const getMe = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Profile'],
  summary: 'My profile; the first call registers me (language from Accept-Language, else French)',
  security: bearer,
  responses: { 200: { description: 'Me', content: { 'application/json': { schema: MeSchema } } }, ...problems(401) },
});

const patchMe = createRoute({
  method: 'patch',
  path: '/me',
  tags: ['Profile'],
  summary: 'Change my user language (R40)',
  security: bearer,
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ language: LanguageSchema }).strict() } } } },
  responses: { 200: { description: 'Me', content: { 'application/json': { schema: MeSchema } } }, ...problems(401, 422) },
});

const listMyInvitations = createRoute({
  method: 'get',
  path: '/me/invitations',
  tags: ['Profile'],
  summary: 'Pending invitations addressed to my certificate (R5)',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: { description: 'Page of invitations', content: { 'application/json': { schema: pageOf(MyInvitationSchema, 'MyInvitationPage') } } }, ...problems(401, 422) },
});

export const meRoutes = createRouter()
  .openapi(getMe, (c) => {
    const person = currentPerson(c);
    return c.json({ personId: person.id, certificateSsn: currentCaller(c).certificateSsn, name: person.name, email: person.email, language: person.language }, 200);
  })
  .openapi(patchMe, async (c) => {
    const { language } = c.req.valid('json');
    const person = currentPerson(c);
    const [updated] = await c.get('deps').db.update(persons).set({ language }).where(eq(persons.id, person.id)).returning();
    return c.json({ personId: person.id, certificateSsn: currentCaller(c).certificateSsn, name: updated!.name, email: updated!.email, language: updated!.language }, 200);
  })
  .openapi(listMyInvitations, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const after = decodeCursor(cursor);
    const rows = await c
      .get('deps')
      .db.select({
        id: invitations.id,
        spaceId: invitations.spaceId,
        spaceName: spaces.name,
        companyName: spaces.companyName,
        role: invitations.role,
        permissions: invitations.permissions,
        expiresAt: invitations.expiresAt,
        createdAt: invitations.createdAt,
        inviterName: persons.name,
      })
      .from(invitations)
      .innerJoin(spaces, eq(spaces.id, invitations.spaceId))
      .innerJoin(persons, eq(persons.id, invitations.invitedBy))
      .where(
        and(
          eq(invitations.certificateSsn, currentCaller(c).certificateSsn),
          eq(invitations.status, 'pending'),
          gt(invitations.expiresAt, sql`now()`),
          keysetAfter(invitations.createdAt, invitations.id, after),
        ),
      )
      .orderBy(asc(invitations.createdAt), asc(invitations.id))
      .limit(limit + 1);
    const page = toPage(rows, limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
    return c.json(
      { items: page.items.map(({ createdAt: _createdAt, expiresAt, inviterName, ...rest }) => ({ ...rest, expiresAt: expiresAt.toISOString(), invitedBy: { name: inviterName } })), nextCursor: page.nextCursor },
      200,
    );
  });
