import pino, { type DestinationStream, type Logger } from 'pino';

import { scrubPersonalData } from './personal-data';

export type { Logger } from 'pino';

/**
 * Fields that may carry personal data if a careless call passes a whole object. Redaction is a
 * safety net: the rule is still never to log message text, names, contacts or raw channel ids.
 */
const redactedPaths = [
  'text',
  '*.text',
  'name',
  '*.name',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'from',
  '*.from',
  'recipient',
  '*.recipient',
  'userId',
  '*.userId',
  'headers.authorization',
  'req.headers.authorization',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'anm-bot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** What a log may say about an error: its type, code and a scrubbed message and stack. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    errorName: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { errorCode: String(code) } : {}),
    errorMessage: scrubPersonalData(error.message),
    ...(error.stack ? { stack: scrubPersonalData(error.stack) } : {}),
    ...(error.cause === undefined ? {} : { cause: describeError(error.cause) }),
  };
}
