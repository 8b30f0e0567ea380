// Structured JSON logs (one object per line). Request lines carry a requestId.
import { pino, type Logger } from 'pino';

export function createLogger(level: string, name: string): Logger {
  return pino({ level, name, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
