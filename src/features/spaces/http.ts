// Professional spaces: the caller of POST /spaces becomes its first administrator; the procedure language is
// set once (R44–R46).
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, or } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { memberships, spaces } from '../../platform/db/schema';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { certificationsBySpace, findSpace, fixProcedureLanguage, spaceCertificationViews, type SpaceRow } from './store';
import type { CertificationView } from '../certification/contract';
import type { Executor } from '../../platform/db/client';
import { registeredNumbers } from '../register/store';
import { LANGUAGES } from '../../domain/language';
import { permissionsForRole, type Permissions, type Role } from '../../domain/access';
import { currentCaller, currentPerson, requireAdministrator, requireMembership } from '../../platform/http/auth';
import { decodeCursor, keysetAfter, toPage } from '../../platform/http/pagination';
import { DomainError } from '../../domain/errors';
import { bearer, createRouter, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { AddressSchema, LanguageSchema, nonBlankText, PermissionsSchema, RoleSchema } from '../../platform/http/schemas';

const CompanySchema = z
  .object({ name: nonBlankText(200), registrationNumber: nonBlankText(50), address: AddressSchema })
  .strict()
  .openapi('Company');

// A response shape of its own: extending the strict request schema would describe an allOf no answer satisfies.
const CompanyViewSchema = z
  .object({
    name: z.string(),
    registrationNumber: z.string(),
    address: AddressSchema,
    registered: z.boolean().openapi({ description: 'Whether the company register knows this registration number; letters go to the register’s address' }),
  })
  .openapi('CompanyView');

const CertificationSchema = z
  .object({ activityField: z.string().optional(), section: z.string().optional(), via: z.enum(['request', 'activation-code']), certifiedAt: z.string().datetime() })
  .openapi('Certification');

const SpaceSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    company: CompanyViewSchema,
    // Inline rather than the named Language schema: a nullable reference would not admit null in OpenAPI 3.1.
    procedureLanguage: z.enum(LANGUAGES).nullable(),
    certifications: z.array(CertificationSchema),
    myRole: RoleSchema,
    myPermissions: PermissionsSchema,
    createdAt: z.string().datetime(),
  })
  .openapi('Space');

const CreateSpaceSchema = z
  .object({ name: nonBlankText(200), company: CompanySchema, procedureLanguage: LanguageSchema.optional() })
  .strict()
  .openapi('CreateSpace');

const spaceParams = z.object({ spaceId: UuidParam('spaceId') });

function toSpaceView(space: SpaceRow, role: Role, permissions: Permissions, certifications: CertificationView[] = [], registered = false) {
  return {
    id: space.id,
    name: space.name,
    company: { name: space.companyName, registrationNumber: space.companyRegistrationNumber, address: space.companyAddress, registered },
    procedureLanguage: space.procedureLanguage ?? null,
    // By decided requests (R21) and, with the mandate process, by activation codes (R22).
    certifications,
    myRole: role,
    myPermissions: permissions,
    createdAt: space.createdAt.toISOString(),
  };
}


const isRegistered = async (db: Executor, space: SpaceRow) => (await registeredNumbers(db, [space.companyRegistrationNumber])).has(space.companyRegistrationNumber);

const createSpace = createRoute({
  method: 'post',
  path: '/spaces',
  tags: ['Spaces'],
  summary: 'Create a professional space; I become its first administrator',
  security: bearer,
  request: { body: { required: true, content: { 'application/json': { schema: CreateSpaceSchema } } } },
  responses: { 201: jsonContent(SpaceSchema, 'The new space'), ...problems(401, 422) },
});

const listSpaces = createRoute({
  method: 'get',
  path: '/spaces',
  tags: ['Spaces'],
  summary: 'Spaces where I am an active member',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(SpaceSchema, 'SpacePage'), 'Page of spaces'), ...problems(401, 422) },
});

const getSpace = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}',
  tags: ['Spaces'],
  summary: 'One space with its procedure language and certifications',
  security: bearer,
  request: { params: spaceParams },
  responses: { 200: jsonContent(SpaceSchema, 'The space'), ...problems(401, 404, 422) },
});

const patchSpace = createRoute({
  method: 'patch',
  path: '/spaces/{spaceId}',
  tags: ['Spaces'],
  summary: 'Set the procedure language, once (R44–R46)',
  security: bearer,
  request: { params: spaceParams, body: { required: true, content: { 'application/json': { schema: z.object({ procedureLanguage: LanguageSchema }).strict() } } } },
  responses: { 200: jsonContent(SpaceSchema, 'The space'), ...problems(401, 403, 404, 409, 422) },
});

export const spaceRoutes = createRouter()
  .openapi(createSpace, async (c) => {
    const body = c.req.valid('json');
    const person = currentPerson(c);
    const caller = currentCaller(c);
    const { db } = c.get('deps');
    const administrator = permissionsForRole('administrator');
    if (!administrator.ok) throw new Error('administrator preset');
    const now = new Date();
    const space = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(spaces)
        .values({
          id: randomUUID(),
          name: body.name,
          companyName: body.company.name,
          companyRegistrationNumber: body.company.registrationNumber,
          companyAddress: body.company.address,
          procedureLanguage: body.procedureLanguage ?? null,
          createdBy: person.id,
          createdAt: now,
        })
        .returning();
      await tx.insert(memberships).values({
        id: randomUUID(),
        spaceId: row!.id,
        personId: person.id,
        certificateSsn: caller.certificateSsn,
        certificateMode: 'any',
        role: 'administrator',
        permissions: administrator.permissions,
        createdAt: now,
      });
      await appendSpaceEvent(tx, { key: `${row!.id}`, spaceId: row!.id, type: 'space.created', actor: { personId: person.id, name: person.name }, data: { name: body.name }, occurredAt: now });
      return row!;
    });
    return c.json(toSpaceView(space, 'administrator', administrator.permissions, [], await isRegistered(db, space)), 201);
  })
  .openapi(listSpaces, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const after = decodeCursor(cursor);
    const person = currentPerson(c);
    const caller = currentCaller(c);
    const rows = await c
      .get('deps')
      .db.select({ space: spaces, membership: memberships })
      .from(memberships)
      .innerJoin(spaces, eq(spaces.id, memberships.spaceId))
      .where(
        and(
          eq(memberships.personId, person.id),
          or(eq(memberships.certificateMode, 'any'), eq(memberships.certificateSsn, caller.certificateSsn)),
          keysetAfter(spaces.createdAt, spaces.id, after),
        ),
      )
      .orderBy(asc(spaces.createdAt), asc(spaces.id))
      .limit(limit + 1);
    const page = toPage(rows, limit, (row) => ({ at: row.space.createdAt.toISOString(), id: row.space.id }));
    const certifications = await certificationsBySpace(
      c.get('deps').db,
      page.items.map((row) => row.space.id),
    );
    const registered = await registeredNumbers(
      c.get('deps').db,
      page.items.map((row) => row.space.companyRegistrationNumber),
    );
    return c.json(
      {
        items: page.items.map((row) => toSpaceView(row.space, row.membership.role, row.membership.permissions, certifications.get(row.space.id), registered.has(row.space.companyRegistrationNumber))),
        nextCursor: page.nextCursor,
      },
      200,
    );
  })
  .openapi(getSpace, async (c) => {
    const { spaceId } = c.req.valid('param');
    const membership = await requireMembership(c, spaceId);
    const [space] = await c.get('deps').db.select().from(spaces).where(eq(spaces.id, spaceId));
    return c.json(toSpaceView(space!, membership.role, membership.permissions, await spaceCertificationViews(c.get('deps').db, spaceId), await isRegistered(c.get('deps').db, space!)), 200);
  })
  .openapi(patchSpace, async (c) => {
    const { spaceId } = c.req.valid('param');
    const { procedureLanguage } = c.req.valid('json');
    const membership = await requireMembership(c, spaceId);
    requireAdministrator(membership, 'set the procedure language');
    const person = currentPerson(c);
    const space = await c.get('deps').db.transaction(async (tx) => {
      const fixed = await fixProcedureLanguage(tx, spaceId, procedureLanguage, { personId: person.id, name: person.name });
      if (!fixed.set) throw new DomainError('procedure_language_fixed', 'The procedure language of this space is already set and cannot be changed (R46).');
      return (await findSpace(tx, spaceId))!;
    });
    return c.json(toSpaceView(space, membership.role, membership.permissions, await spaceCertificationViews(c.get('deps').db, spaceId), await isRegistered(c.get('deps').db, space)), 200);
  });
