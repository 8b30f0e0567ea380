// Supporting documents of certification requests: their request schema, the checks against the activity field's
// limits (all of them before anything is stored) and storage in the database.
import { z } from '@hono/zod-openapi';
import { inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { certificationDocuments } from '../../platform/db/schema';
import { ACTIVITY_FIELDS, type ActivityField } from '../../domain/certification';
import type { CertificationDocumentRef } from './contract';
import { DomainError, type FieldError } from '../../domain/errors';
import { singleLineText } from '../../platform/schemas';

/** Stated in the OpenAPI document; the server checks it with base64DecodedSize (a regular expression over megabytes overflows the stack). */
const BASE64_PATTERN = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

const isBase64Char = (code: number) =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2f;

/** The decoded size of padded base64 (RFC 4648), or undefined when the text is not that. One pass, no regex. */
function base64DecodedSize(text: string): number | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const end = text.length - padding;
  for (let index = 0; index < end; index += 1) {
    if (!isBase64Char(text.charCodeAt(index))) return undefined;
  }
  return (text.length / 4) * 3 - padding;
}

export const DocumentInputSchema = z
  .object({
    name: singleLineText(200).openapi({ example: 'statutes.pdf' }),
    contentType: singleLineText(100).openapi({ example: 'application/pdf' }),
    contentBase64: z
      .string()
      .min(1, 'the document has no content')
      .refine((text) => base64DecodedSize(text) !== undefined, 'not valid base64')
      .openapi({ description: 'The file, base64-encoded (RFC 4648, with padding)', pattern: BASE64_PATTERN }),
    kind: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Which required document this is: a `requiredDocuments` code of the activity field (GET /catalog/activity-fields). A request needs one of each; documents without a kind are extra.', example: 'statutes' }),
  })
  .strict()
  .openapi('DocumentInput');

/** Upper bound of any field's maxDocuments; the field's own limit is checked afterwards with a precise message. */
export type DocumentInput = z.infer<typeof DocumentInputSchema>;

export const DocumentsInputSchema = z.array(DocumentInputSchema).min(1, 'send at least one document').max(20);

export const CertificationDocumentSchema = z
  .object({ id: z.string().uuid(), name: z.string(), contentType: z.string(), kind: z.string().nullable().openapi({ description: 'The required document it is, or null' }), size: z.number().int(), uploadedAt: z.string().datetime() })
  .openapi('CertificationDocument');

/**
 * decodeDocuments' limits per activity field, stated for the OpenAPI document of a body naming its `activityField`:
 * how many documents, which content types, how long the base64 text may be (rounded down to whole 3-byte groups, so
 * that every length the document allows fits the field's byte limit).
 */
export function activityFieldDocumentsRule() {
  return {
    anyOf: ACTIVITY_FIELDS.map((field) => ({
      properties: {
        activityField: { enum: [field.code] },
        documents: {
          maxItems: field.maxDocuments,
          items: { properties: { contentType: { enum: [...field.acceptedContentTypes] }, contentBase64: { maxLength: 4 * Math.floor(field.maxDocumentBytes / 3) } } },
        },
      },
    })),
  };
}

export interface DecodedDocument {
  name: string;
  contentType: string;
  kind: string | null;
  bytes: Buffer;
}


/** Checks every document against the field; throws one 422 naming each offending path, or returns the bytes. */
export function decodeDocuments(field: ActivityField, documents: z.infer<typeof DocumentInputSchema>[], path = 'documents'): DecodedDocument[] {
  const errors: FieldError[] = [];
  let tooLarge = false;
  if (documents.length > field.maxDocuments) errors.push({ path, message: `at most ${field.maxDocuments} documents per submission for ${field.code}` });
  const decoded = documents.map((document, index) => {
    const at = `${path}.${index}`;
    const contentType = document.contentType.toLowerCase();
    const kinds = field.requiredDocuments.map((required) => required.code);
    if (document.kind !== undefined && !kinds.includes(document.kind)) {
      errors.push({ path: `${at}.kind`, message: `not a required document of ${field.code}; one of ${kinds.join(', ')}` });
    }
    if (!field.acceptedContentTypes.includes(contentType)) {
      errors.push({ path: `${at}.contentType`, message: `${document.contentType} is not accepted for ${field.code}; send ${field.acceptedContentTypes.join(', ')}` });
    }
    const text = document.contentBase64;
    // The size is known from the length: refuse before decoding a large payload. The schema refused non-base64.
    const size = base64DecodedSize(text) ?? 0;
    if (size > field.maxDocumentBytes) {
      tooLarge = true;
      errors.push({ path: `${at}.contentBase64`, message: `${size} bytes exceeds the limit of ${field.maxDocumentBytes} bytes for ${field.code}` });
      return undefined;
    }
    if (size === 0) {
      errors.push({ path: `${at}.contentBase64`, message: 'the document has no content' });
      return undefined;
    }
    return { name: document.name, contentType, kind: document.kind ?? null, bytes: Buffer.from(text, 'base64') };
  });
  if (errors.length > 0) {
    // A document over the field's size limit has its own code: the one thing a client can fix by shrinking the file.
    throw new DomainError(tooLarge ? 'document_too_large' : 'validation_failed', `Invalid documents: ${errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`, { errors });
  }
  return decoded as DecodedDocument[];
}

/** R21: a request carries one document of each kind the activity field requires; 422 missing_documents names the others. */
export function requireEveryDocument(field: ActivityField, documents: DecodedDocument[]): void {
  const missing = field.requiredDocuments.filter((required) => !documents.some((document) => document.kind === required.code));
  if (missing.length === 0) return;
  throw new DomainError('missing_documents', `Missing: ${missing.map((required) => required.code).join(', ')}`, {
    errors: missing.map((required) => ({ path: 'documents', message: `missing a document of kind ${required.code}` })),
    extensions: { missingDocuments: missing.map((required) => required.code) },
    translatedDetail: { key: 'problem.missing_documents.detail', params: (language) => ({ documents: missing.map((required) => required.names[language]).join(', ') }) },
  });
}

/** Stores the documents (ids chosen by the caller, so a retried request stores nothing twice). */
export async function storeDocuments(db: Executor, requestId: string, uploadedBy: string, documents: DecodedDocument[], ids: string[]): Promise<CertificationDocumentRef[]> {
  const refs = documents.map((document, index) => ({ id: ids[index]!, name: document.name, contentType: document.contentType, size: document.bytes.length }));
  if (documents.length === 0) return refs;
  await db
    .insert(certificationDocuments)
    .values(documents.map((document, index) => ({ id: refs[index]!.id, requestId, name: document.name, contentType: document.contentType, kind: document.kind, size: document.bytes.length, position: index, content: document.bytes, uploadedBy })))
    .onConflictDoNothing();
  return refs;
}

export async function deleteDocuments(db: Executor, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(certificationDocuments).where(inArray(certificationDocuments.id, ids));
}

/** A stored document as a download, for the staff's API and pages alike. */
export function attachmentResponse(document: { name: string; contentType: string; content: Uint8Array }): Response {
  const filename = document.name.replace(/[^\w.-]+/g, '_');
  return new Response(document.content, {
    status: 200,
    headers: { 'content-type': document.contentType, 'content-disposition': `attachment; filename="${filename}"`, 'x-content-type-options': 'nosniff' },
  });
}
