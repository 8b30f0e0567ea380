// Request and response schemas shared by several resources. They validate requests and generate /openapi.json.
import { invalid, type DomainError, type FieldError } from '../domain/errors';
import { z } from '@hono/zod-openapi';
import { endOfLuxembourgDay, t, type MessageKey } from './i18n';
import { CERTIFICATE_MODES, CERTIFICATE_SSN_PATTERN, PERMISSION_NAMES, permissionsForRole, ROLES } from '../domain/access';
import { LANGUAGES } from '../domain/language';

export const LanguageSchema = z.enum(LANGUAGES).openapi('Language', { description: 'fr, de or en (R39)' });
export const RoleSchema = z.enum(ROLES).openapi('Role');
export const CertificateSsnSchema = z
  .string()
  .regex(CERTIFICATE_SSN_PATTERN, 'validation.certificateSsn')
  .openapi({ example: '12345678901234567890', description: 'LuxTrust certificate SSN, 20 digits (R8)' });
export const CertificateModeSchema = z.enum(CERTIFICATE_MODES).openapi('CertificateMode', { description: 'R16: later access with any certificate of the person, or only the invited one' });

export const PermissionsSchema = z
  .object({ inviteUsers: z.boolean(), deleteUsers: z.boolean(), editProcedures: z.boolean(), signProcedures: z.boolean() })
  .openapi('Permissions');
export const PermissionsInputSchema = PermissionsSchema.partial().strict().openapi('PermissionsInput');

/**
 * permissionsForRole (its one home) stated for the OpenAPI document of a body with `role` and `permissions`: per
 * role, the values each flag may take, read off the rule itself. With `roleOptional`, a body without a role is left
 * to the server (it keeps the role held now, which only the data knows).
 */
export function rolePermissionsRule(roleOptional: boolean) {
  const branches = ROLES.map((role) => ({
    properties: {
      role: { enum: [role] },
      permissions: { properties: Object.fromEntries(PERMISSION_NAMES.map((name) => [name, { enum: [true, false].filter((value) => permissionsForRole(role, { [name]: value }).ok) }])) },
    },
  }));
  return { anyOf: roleOptional ? [{ not: { required: ['role'] } }, ...branches] : branches };
}

/**
 * For the OpenAPI document: text that is not blank once trimmed (the server trims, then needs one character). A
 * generated client or a fuzzer then knows that "   " is refused.
 */
const NON_BLANK_PATTERN = '[^\\s\\ufeff]';
/** Trimmed text of 1..max characters, its non-blank rule stated in the document. */
export const nonBlankText = (max: number) => z.string().trim().min(1).max(max).openapi({ pattern: NON_BLANK_PATTERN });
/**
 * One line: no control character, line or paragraph separator, checked before trimming (a name, an address, a
 * file name). Such text reaches mail headers, letters and PDFs, where a line break would forge another line.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
export const singleLineText = (max: number) =>
  z
    .string()
    .regex(SINGLE_LINE, 'validation.singleLine')
    .trim()
    .min(1)
    .max(max)
    .openapi({ pattern: NON_BLANK_PATTERN, allOf: [{ pattern: SINGLE_LINE.source }] });
/** isSingleLine for text that comes from elsewhere (a token's claims, the register). */
export const isSingleLine = (value: string): boolean => SINGLE_LINE.test(value);
const text = singleLineText;
export const PersonNameSchema = text(100);
/**
 * An e-mail address, as exactly two patterns the OpenAPI document states too (a generated client and a fuzzer know
 * the rule, and nothing the document allows is refused): a local part of 1–64 characters (letters, digits, _ ' + - .,
 * not ending in ' or .), and a domain of labels of 1–63 letters, digits or inner hyphens with a letter TLD; no leading
 * or doubled dot. Not trimmed: surrounding spaces are refused like any other character outside the pattern.
 */
const EMAIL_SHAPE = /^[A-Za-z0-9_'+.-]{0,63}[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const EMAIL_DOTS = /^[^.](?:[^.]|\.[^.])*$/;
/** One e-mail address (never a list), by the same two patterns as EmailSchema. */
export const isEmailAddress = (value: string): boolean => value.length <= 254 && EMAIL_SHAPE.test(value) && EMAIL_DOTS.test(value);
export const EmailSchema = z
  .string()
  .max(254)
  .regex(EMAIL_SHAPE, 'validation.email')
  .regex(EMAIL_DOTS, 'validation.email')
  .openapi({ example: 'anna.muller@example.lu', allOf: [{ pattern: EMAIL_DOTS.source }] });

export const AddressSchema = z
  .object({ line1: text(200), postalCode: text(20), city: text(100), country: z.string().regex(/^[A-Z]{2}$/, 'validation.country') })
  .strict()
  .openapi('Address');

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * API.md: an end date of use or a deadline is a calendar date `YYYY-MM-DD` — the end of that day in Luxembourg time
 * (Europe/Luxembourg) — or a datetime with its offset.
 */
export const DayOrDateTimeSchema = (description: string) =>
  z
    .union([z.string().date(), z.string().datetime({ offset: true })], { error: 'validation.date' })
    .openapi({ description: `${description}. A calendar date \`YYYY-MM-DD\` means the end of that day in Luxembourg time (Europe/Luxembourg); a datetime is taken as it is.`, examples: ['2027-12-31', '2027-12-31T18:00:00+01:00'] });

/** The instant a DayOrDateTimeSchema value stands for. */
export function toInstant(value: string): Date {
  return CALENDAR_DATE.test(value) ? endOfLuxembourgDay(value) : new Date(value);
}

/** A field's message as a catalog key (validation-texts.ts): a schema's own `validation.*` message, else by the issue's code. */
function messageOf(issue: z.core.$ZodIssue): { key: string; params?: Record<string, string | number> } {
  if (issue.message.startsWith('validation.')) return { key: issue.message };
  switch (issue.code) {
    case 'invalid_type':
      return { key: issue.input === undefined ? 'validation.required' : 'validation.invalidType' };
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { key: 'validation.required' } : { key: 'validation.tooShort', params: { minimum: Number(issue.minimum) } };
      return { key: 'validation.tooSmall', params: { minimum: Number(issue.minimum) } };
    case 'too_big':
      return issue.origin === 'string' ? { key: 'validation.tooLong', params: { maximum: Number(issue.maximum) } } : { key: 'validation.tooBig', params: { maximum: Number(issue.maximum) } };
    case 'invalid_format':
      return { key: issue.format === 'uuid' ? 'validation.id' : issue.format === 'date' || issue.format === 'datetime' ? 'validation.date' : 'validation.format' };
    case 'invalid_value':
      return { key: 'validation.oneOf', params: { options: issue.values.map(String).join(', ') } };
    default:
      return { key: 'validation.invalid' };
  }
}

/**
 * A request that failed its schema, as the one 422 the API and the pages give: each offending field at its path,
 * once (its first broken rule), its message from the catalog in the reader's language.
 */
export function validationError(issues: readonly z.core.$ZodIssue[]): DomainError {
  const errors: FieldError[] = [];
  const add = (path: string, message: { key: string; params?: Record<string, string | number> }) => {
    if (errors.some((error) => error.path === path)) return;
    errors.push({ path, message: t('en', message.key as MessageKey, message.params), ...message });
  };
  for (const issue of issues) {
    // An unknown field is reported at its own path, like any other offending field.
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) add([...issue.path, key].join('.'), { key: 'validation.unknownField', params: { field: key } });
    else add(issue.path.join('.') || '(body)', messageOf(issue));
  }
  return invalid(errors);
}

/** A page's form, parsed with the same schema as the API's request: the same rules, the same 422. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}
