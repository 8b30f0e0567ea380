// A small JSON Schema (OpenAPI 3.1 subset) validator for contract tests: enough for the schemas this API
// generates ($ref, allOf/anyOf/oneOf, type, enum/const, properties/required/additionalProperties,
// min/maxProperties, items, min/maxItems, min/maxLength, pattern, minimum/maximum). Formats are not checked.
type Schema = Record<string, any>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, Schema> };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The violations of `value` against `schema` (empty when it conforms), each with its JSON path. */
export function violations(document: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) {
    const name = String(schema.$ref).replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return violations(document, target, value, at);
  }
  const out: string[] = [];
  if (schema.allOf) for (const part of schema.allOf as Schema[]) out.push(...violations(document, part, value, at));
  if (schema.anyOf && !(schema.anyOf as Schema[]).some((part) => violations(document, part, value, at).length === 0)) out.push(`${at}: matches no anyOf branch`);
  if (schema.not && violations(document, schema.not, value, at).length === 0) out.push(`${at}: matches what it must not`);
  if (schema.oneOf && (schema.oneOf as Schema[]).filter((part) => violations(document, part, value, at).length === 0).length !== 1) out.push(`${at}: does not match exactly one oneOf branch`);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [...out, `${at}: ${JSON.stringify(value)} is not of type ${types.join('|')}`];
  }
  if (schema.enum && !(schema.enum as unknown[]).some((item) => JSON.stringify(item) === JSON.stringify(value))) out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) out.push(`${at}: is not ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) out.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) out.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${at}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, index) => out.push(...violations(document, schema.items, item, `${at}[${index}]`)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) out.push(`${at}: fewer than ${schema.minProperties} properties`);
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in record)) out.push(`${at}.${key}: required`);
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of keys) {
      if (properties[key]) out.push(...violations(document, properties[key], record[key], `${at}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${at}.${key}: not allowed`);
      else if (typeof schema.additionalProperties === 'object') out.push(...violations(document, schema.additionalProperties, record[key], `${at}.${key}`));
      if (schema.propertyNames) out.push(...violations(document, schema.propertyNames, key, `${at}{${key}}`));
    }
  }
  return out;
}

/** The documented schema of a response (status, application/json or problem+json) or of a JSON request body. */
export function responseSchema(document: OpenApiDocument, method: string, path: string, status: number): Schema | undefined {
  const responses = document.paths[path]?.[method.toLowerCase()]?.responses ?? {};
  const content = responses[String(status)]?.content ?? {};
  return (content['application/json'] ?? content['application/problem+json'])?.schema;
}

export function requestSchema(document: OpenApiDocument, method: string, path: string): Schema | undefined {
  return document.paths[path]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
}
