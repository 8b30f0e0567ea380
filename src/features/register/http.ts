// The company register over HTTP: thin routes over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { recordCompany, registeredCompany } from './use-cases';
import { bearer, createRouter, jsonContent, problems } from '../../platform/http/router';
import { AddressSchema, LanguageSchema } from '../../platform/schemas';

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

export const companyRoutes = createRouter()
  .openapi(getCompany, async (c) => c.json(await registeredCompany(requesterOf(c), c.req.valid('param').registrationNumber), 200))
  .openapi(putCompany, async (c) => c.json(await recordCompany(requesterOf(c), c.req.valid('param').registrationNumber, c.req.valid('json')), 200));
