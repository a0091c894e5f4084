/**
 * The catalogue of expected failures. Each has a stable code for logs and operators; what a
 * citizen reads is decided where the error is handled, never taken from `message`.
 */
export const errorCodes = {
  databaseUnavailable: 'ANM-DB-001',
  embeddedDatabaseMissingGo: 'ANM-DB-002',
  embeddedDatabaseStartFailed: 'ANM-DB-003',
  embeddedDatabaseLocked: 'ANM-DB-004',
  storageConflict: 'ANM-STATE-001',
  unauthorized: 'ANM-AUTH-001',
  deadlineExtensionInvalid: 'ANM-DEADLINE-001',
  turnFailed: 'ANM-TURN-001',
} as const;

export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}
