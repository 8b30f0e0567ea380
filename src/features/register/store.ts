// The administration's company register (R25, R33): registration number → legal name, registered address and
// optional language. Who a company is comes from here, never from what a space declares; letters with activation
// codes go to this address. Loaded from COMPANY_REGISTER_FILE at start (upsert) and kept by LBR staff.
import { readFile } from 'node:fs/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ConfigError } from '../../platform/config';
import type { Executor } from '../../platform/db/client';
import { companyRegister, spaces, type Address } from '../../platform/db/schema';
import { isLanguage, type Language } from '../../domain/language';

/** The business-register authority whose staff keep the register (the `staff` claim of their tokens). */
export const REGISTER_AUTHORITY = 'LBR';
export const REGISTER_COLUMNS = ['registrationNumber', 'name', 'line1', 'postalCode', 'city', 'country', 'language'] as const;

export interface RegisteredCompany {
  registrationNumber: string;
  name: string;
  address: Address;
  language: Language | null;
}

/** A bad register file stops the start with one clear line, like a bad variable. */
export class RegisterFileError extends ConfigError {}

export async function findRegisteredCompany(db: Executor, registrationNumber: string): Promise<RegisteredCompany | undefined> {
  const [row] = await db.select().from(companyRegister).where(eq(companyRegister.registrationNumber, registrationNumber)).limit(1);
  return row ? { registrationNumber: row.registrationNumber, name: row.name, address: row.address, language: row.language ?? null } : undefined;
}

/** Which of these registration numbers the register knows (a space's `company.registered`). */
export async function registeredNumbers(db: Executor, numbers: string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db.select({ number: companyRegister.registrationNumber }).from(companyRegister).where(inArray(companyRegister.registrationNumber, [...new Set(numbers)]));
  return new Set(rows.map((row) => row.number));
}

export async function upsertCompanies(db: Executor, companies: RegisteredCompany[]): Promise<void> {
  if (companies.length === 0) return;
  await db
    .insert(companyRegister)
    .values(companies.map((company) => ({ registrationNumber: company.registrationNumber, name: company.name, address: company.address, language: company.language, updatedAt: new Date() })))
    .onConflictDoUpdate({
      target: companyRegister.registrationNumber,
      set: { name: sql`excluded.name`, address: sql`excluded.address`, language: sql`excluded.language`, updatedAt: sql`excluded.updated_at` },
    });
  // The register names the company everywhere: its spaces take the register's name and address.
  const numbers = companies.map((company) => company.registrationNumber);
  await db
    .update(spaces)
    .set({ companyName: sql`${companyRegister.name}`, companyAddress: sql`${companyRegister.address}` })
    .from(companyRegister)
    .where(and(eq(companyRegister.registrationNumber, spaces.companyRegistrationNumber), inArray(spaces.companyRegistrationNumber, numbers)));
}

/** One CSV line into fields (RFC 4180 quoting: "a, b" and "" for a quote). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index]!;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        current += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(current);
      current = '';
    } else current += char;
  }
  if (quoted) throw new RegisterFileError('unterminated quoted field');
  fields.push(current);
  return fields.map((field) => field.trim());
}

/** Parses the register CSV (header `registrationNumber,name,line1,postalCode,city,country,language`). */
export function parseRegisterCsv(text: string, source = 'the register file'): RegisteredCompany[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (header.join(',') !== REGISTER_COLUMNS.join(',')) throw new RegisterFileError(`${source}: the header must be ${REGISTER_COLUMNS.join(',')}`);
  const companies = new Map<string, RegisteredCompany>();
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}, line ${index + 2}`;
    let fields: string[];
    try {
      fields = splitCsvLine(line);
    } catch (error) {
      throw new RegisterFileError(`${where}: ${(error as Error).message}`);
    }
    if (fields.length !== REGISTER_COLUMNS.length) throw new RegisterFileError(`${where}: ${REGISTER_COLUMNS.length} fields expected, ${fields.length} found`);
    const [registrationNumber, name, line1, postalCode, city, country, language] = fields as [string, string, string, string, string, string, string];
    for (const [column, value] of [['registrationNumber', registrationNumber], ['name', name], ['line1', line1], ['postalCode', postalCode], ['city', city], ['country', country]] as const) {
      if (value === '') throw new RegisterFileError(`${where}: ${column} is empty`);
    }
    if (language !== '' && !isLanguage(language)) throw new RegisterFileError(`${where}: language must be fr, de, en or empty`);
    companies.set(registrationNumber, { registrationNumber, name, address: { line1, postalCode, city, country }, language: language === '' ? null : (language as Language) });
  });
  return [...companies.values()];
}

/** Start of the API, the worker and `npm start`: the file's entries are upserted (entries staff added stay). */
export async function importCompanyRegister(db: Executor, file: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RegisterFileError(`COMPANY_REGISTER_FILE=${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const companies = parseRegisterCsv(text, `COMPANY_REGISTER_FILE=${file}`);
  await upsertCompanies(db, companies);
  return companies.length;
}
