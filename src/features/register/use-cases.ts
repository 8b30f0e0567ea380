// The company register kept by the business-register authority (LBR, R47): staff of that authority read and write
// entries. Every other caller: 403 without a staff token, 404 with another authority's (as if it were not there).
import { notFound } from '../../domain/errors';
import type { Address } from '../../platform/db/schema';
import { staffAuthority, type Requester } from '../../platform/requester';
import type { Language } from '../../domain/language';
import { REGISTER_AUTHORITY, findRegisteredCompany, upsertCompanies, type RegisteredCompany } from './store';

function requireRegisterStaff(requester: Requester): void {
  if (staffAuthority(requester) !== REGISTER_AUTHORITY) throw notFound('The company');
}

export async function registeredCompany(requester: Requester, registrationNumber: string): Promise<RegisteredCompany> {
  requireRegisterStaff(requester);
  const company = await findRegisteredCompany(requester.deps.db, registrationNumber);
  if (!company) throw notFound('The company');
  return company;
}

/** Records or corrects a company; letters go to this name and address from now on. */
export async function recordCompany(requester: Requester, registrationNumber: string, entry: { name: string; address: Address; language?: Language | undefined }): Promise<RegisteredCompany> {
  requireRegisterStaff(requester);
  const { db } = requester.deps;
  await upsertCompanies(db, [{ registrationNumber, name: entry.name, address: entry.address, language: entry.language ?? null }]);
  return (await findRegisteredCompany(db, registrationNumber))!;
}
