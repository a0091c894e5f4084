/**
 * The catalogue of expected failures, each with a stable code. Two families:
 *
 * - Operational failures (`ANM-…`): for logs and operators. What a citizen reads is decided where
 *   the error is handled, never taken from `message`.
 * - Refusals of a request (kebab-case): the request cannot be served as sent. The code and a
 *   Spanish sentence go back to whoever sent it, so these codes are part of the HTTP API.
 *
 * The HTTP status of every code is decided in one place, at the edge (bot/http/error-handler.ts).
 */
export const operationalCodes = {
  databaseUnavailable: 'ANM-DB-001',
  embeddedDatabaseMissingGo: 'ANM-DB-002',
  embeddedDatabaseStartFailed: 'ANM-DB-003',
  embeddedDatabaseLocked: 'ANM-DB-004',
  storageConflict: 'ANM-STATE-001',
  unauthorized: 'ANM-AUTH-001',
  deadlineExtensionInvalid: 'ANM-DEADLINE-001',
  turnFailed: 'ANM-TURN-001',
  emailFailed: 'ANM-MAIL-001',
  /** A turn failed on the database before any reply: it waits in the journal (bot/journal/). */
  turnDeferred: 'ANM-TURN-002',
  /** A question kept changing under a compare-and-set update; the caller may retry. */
  questionChanged: 'ANM-QUESTION-001',
  /** A meeting, live video or post is already bound to another space. */
  spaceResourceTaken: 'ANM-SPACE-001',
  /** A closed space was given a new channel. */
  spaceClosedToChannels: 'ANM-SPACE-002',
  /** A space already bound to a resource of that kind was given another one. */
  spaceChannelAlreadySet: 'ANM-SPACE-003',
  /** The process refuses to start: its configuration is invalid (every problem listed). */
  configInvalid: 'ANM-CONFIG-001',
  /** The web chat's settings are invalid (every problem listed). */
  webChatConfigInvalid: 'ANM-CONFIG-002',
  /** An entry of knowledge/entries/ is invalid (every problem listed, with its file). */
  knowledgeBaseInvalid: 'ANM-KB-001',
  /** The Teams app package was not built: the manifest, icons or settings are incomplete. */
  teamsPackageInvalid: 'ANM-PACKAGE-001',
  /** Anything not in the catalogue that reached a route: a bug or a dependency that failed. */
  internal: 'internal',
} as const;

export const refusalCodes = {
  // The request itself (any route).
  tooManyRequests: 'too-many-requests',
  tooLarge: 'too-large',
  requestTimeout: 'request-timeout',
  incompleteBody: 'incomplete-body',
  unsupportedContentEncoding: 'unsupported-content-encoding',
  unsupportedMediaType: 'unsupported-media-type',
  invalidJson: 'invalid-json',
  // An activity posted to /api/messages.
  invalidActivity: 'invalid-activity',
  unauthenticated: 'unauthenticated',
  serviceUrlNotAllowed: 'service-url-not-allowed',
  // Staff APIs (bot/http/staff-auth.ts): a valid sign-in without the role the action needs.
  forbidden: 'forbidden',
  // The live panel's API.
  invalidId: 'invalid-id',
  invalidBody: 'invalid-body',
  invalidSpace: 'invalid-space',
  notFound: 'not-found',
  spaceClosed: 'space-closed',
  spaceNotOpen: 'space-not-open',
  changedMeanwhile: 'changed-meanwhile',
  // The moderators' API: the question's state does not allow the action (already extended,
  // term expired, closed…), as opposed to a stale version (changed-meanwhile).
  actionNotAllowed: 'action-not-allowed',
  channelTaken: 'channel-taken',
  channelAlreadySet: 'channel-already-set',
  differentSpaces: 'different-spaces',
} as const;

export const errorCodes = { ...operationalCodes, ...refusalCodes } as const;

export type RefusalCode = (typeof refusalCodes)[keyof typeof refusalCodes];
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

/** What a refusal may add for a form: every problem found, or the field it is about. */
export interface RefusalDetails {
  problems?: string[];
  field?: string;
}

/**
 * A request that cannot be served as sent. Unlike other errors, its `message` is written for the
 * person or client that sent it: a short Spanish sentence that never repeats what the request
 * contained.
 */
export class RequestRefusal extends AppError {
  constructor(
    override readonly code: RefusalCode,
    message: string,
    readonly details: RefusalDetails = {},
    /** When a retry may succeed (a rate limit); undefined when it will not by waiting. */
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message);
    this.name = 'RequestRefusal';
  }
}
