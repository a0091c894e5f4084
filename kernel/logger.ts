import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

import { describeError } from './error-description';

export type { Logger } from 'pino';
export { describeError } from './error-description';

/**
 * Fields that may carry personal data or raw channel ids if a careless call passes a whole
 * object. Redaction is a safety net: the rule is still never to log message text, names,
 * contacts, raw channel ids or request and response bodies (pseudonyms are fine).
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
  'contact',
  '*.contact',
  'from',
  '*.from',
  '*.*.from',
  'recipient',
  '*.recipient',
  '*.*.recipient',
  'membersAdded',
  '*.membersAdded',
  'conversation.id',
  '*.conversation.id',
  '*.*.conversation.id',
  'userId',
  '*.userId',
  'conversationId',
  '*.conversationId',
  'activity',
  '*.activity',
  'body',
  '*.body',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
];

/** Errors logged under these keys are described, never serialised whole (pino's default). */
function describeIfError(value: unknown): unknown {
  return value instanceof Error ? describeError(value) : value;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'anm-bot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { err: describeIfError, error: describeIfError, cause: describeIfError },
    formatters: { level: (label: string) => ({ level: label }) },
    hooks: {
      // `logger.error(error)` would make the error's message the log line's message.
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        if (!(first instanceof Error)) {
          method.apply(this, args);
          return;
        }
        const message = typeof rest[0] === 'string' ? rest[0] : 'error';
        method.call(this, { err: describeError(first) }, message);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
