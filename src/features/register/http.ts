// The company register kept by the business-register authority (LBR): staff read and write entries. Every other
// caller: 403 without a staff token, 404 with another authority's (as if the register were not there).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { REGISTER_AUTHORITY, findRegisteredCompany, upsertCompanies } from './store';
import type { AppEnv } from '../../platform/http/env';
import { staffAuthority } from '../../platform/http/auth';
import { notFound } from '../../domain/errors';
import { bearer, createRouter, jsonContent, problems } from '../../platform/http/router';
import { AddressSchema, LanguageSchema } from '../../platform/http/schemas';

const numberParams = z.object({
  registrationNumber: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .openapi({ param: { name: 'registrationNumber', in: 'path' }, example: 'B123456' }),
});

const RegisteredCompanySchema = z
  .object({ registrationNumber: z.string(), name: z.string(), address: AddressSchema, language: LanguageSchema.nullable() })
  .openapi('RegisteredCompany');
const CompanyEntrySchema = z
  .object({ name: z.string().trim().min(1).max(200), address: AddressSchema, language: LanguageSchema.optional() })
  .strict()
  .openapi('CompanyRegisterEntry');

const getCompany = createRoute({
  method: 'get',
  path: '/staff/companies/{registrationNumber}',
  tags: ['Staff'],
  summary: 'A company of the register: legal name, registered address, language (LBR staff)',
  security: bearer,
  request: { params: numberParams },
  responses: { 200: jsonContent(RegisteredCompanySchema, 'The register entry'), ...problems(401, 403, 404, 422) },
});

const putCompany = createRoute({
  method: 'put',
  path: '/staff/companies/{registrationNumber}',
  tags: ['Staff'],
  summary: 'Record or correct a company in the register (LBR staff); letters go to this address',
  security: bearer,
  request: { params: numberParams, body: { required: true, content: { 'application/json': { schema: CompanyEntrySchema } } } },
  responses: { 200: jsonContent(RegisteredCompanySchema, 'The register entry'), ...problems(401, 403, 404, 422) },
});

function requireRegisterStaff(c: Context<AppEnv>): void {
  if (staffAuthority(c) !== REGISTER_AUTHORITY) throw notFound('The company');
}

export const companyRoutes = createRouter()
  .openapi(getCompany, async (c) => {
    requireRegisterStaff(c);
    const company = await findRegisteredCompany(c.get('deps').db, c.req.valid('param').registrationNumber);
    if (!company) throw notFound('The company');
    return c.json(company, 200);
  })
  .openapi(putCompany, async (c) => {
    requireRegisterStaff(c);
    const { registrationNumber } = c.req.valid('param');
    const entry = c.req.valid('json');
    const db = c.get('deps').db;
    await upsertCompanies(db, [{ registrationNumber, name: entry.name, address: entry.address, language: entry.language ?? null }]);
    return c.json((await findRegisteredCompany(db, registrationNumber))!, 200);
  });
