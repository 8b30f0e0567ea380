// Structured JSON logs (one object per line). Request lines carry a requestId.
import { pino, type Logger } from 'pino';

/** Query parameters carry personal data (certificate numbers, e-mails): errors are logged without them. */
export function withoutQueryParameters(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  const strip = (text: unknown) => (typeof text === 'string' ? text.replace(/\nparams: [^\n]*/g, '') : text);
  const visit = (value: Record<string, unknown>): Record<string, unknown> => {
    const { params: _params, ...rest } = value;
    rest.message = strip(rest.message);
    rest.stack = strip(rest.stack);
    if (rest.cause && typeof rest.cause === 'object') rest.cause = visit(rest.cause as Record<string, unknown>);
    return rest;
  };
  return visit(serialized);
}

export function createLogger(level: string, name: string): Logger {
  return pino({ level, name, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime, serializers: { err: withoutQueryParameters } });
}
