import type { TurnContext } from 'botbuilder';

import type { Logger } from './logger';

/**
 * Where a turn keeps its logger and correlation id (set by the edge's turn-logging middleware),
 * so that any capability can log with the turn's correlation id without importing the edge.
 */
export const turnLoggerKey = Symbol('turnLogger');
export const correlationIdKey = Symbol('correlationId');

/** The logger of the current turn, carrying its correlation id. */
export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  return context.turnState.get<Logger | undefined>(turnLoggerKey) ?? fallback;
}

export function correlationId(context: TurnContext): string | undefined {
  return context.turnState.get<string | undefined>(correlationIdKey);
}
