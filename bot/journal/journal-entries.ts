import type { Activity } from 'botbuilder';
import { ClaimsIdentity, type AuthenticateRequestResult } from 'botframework-connector';
import { z } from 'zod';

/**
 * What is needed to answer an activity later: the claims the request was authenticated with
 * (never its token, which expires), from which the adapter builds a connector again at replay.
 */
const storedAuthenticationSchema = z.object({
  claims: z.array(z.object({ type: z.string(), value: z.string() })),
  isAuthenticated: z.boolean(),
  /** Undefined when the bot runs without an app id (no OAuth scope to answer with). */
  audience: z.string().nullish(),
  callerId: z.string().nullish(),
});
export type StoredAuthentication = z.infer<typeof storedAuthenticationSchema>;

const journalEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    /** The activity as JSON (dates as text). */
    activity: z.record(z.string(), z.unknown()),
    authentication: storedAuthenticationSchema,
    /**
     * True when a turn was started and failed on the database before any reply: the retry filter
     * may have marked the activity as processed, so the replay clears that mark first.
     */
    afterFailedTurn: z.boolean(),
  }),
  z.object({
    kind: z.literal('facebook-webhook'),
    /** The raw body, base64 (its signature is over these exact bytes). */
    body: z.string(),
    signature: z.string(),
  }),
]);
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export function parseJournalEntry(value: unknown): JournalEntry | undefined {
  const parsed = journalEntrySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function storeAuthentication(result: AuthenticateRequestResult): StoredAuthentication {
  return {
    claims: result.claimsIdentity.claims.map(({ type, value }) => ({ type, value })),
    isAuthenticated: result.claimsIdentity.isAuthenticated,
    // The SDK's type says string; without an app id it is undefined.
    ...(typeof result.audience === 'string' ? { audience: result.audience } : {}),
    ...(typeof result.callerId === 'string' ? { callerId: result.callerId } : {}),
  };
}

export function restoreAuthentication(
  stored: StoredAuthentication,
  createConnectorFactory: (
    identity: ClaimsIdentity,
  ) => AuthenticateRequestResult['connectorFactory'],
): AuthenticateRequestResult {
  const claimsIdentity = new ClaimsIdentity(stored.claims, stored.isAuthenticated);
  return {
    claimsIdentity,
    audience: stored.audience as string,
    callerId: stored.callerId ?? undefined,
    connectorFactory: createConnectorFactory(claimsIdentity),
  };
}

export function storeActivity(activity: Activity): Record<string, unknown> {
  return JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
}

/** The SDK expects Date objects where JSON carries text. */
export function restoreActivity(stored: Record<string, unknown>): Activity {
  const activity = { ...stored } as unknown as Activity & Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp'] as const) {
    const value = stored[field];
    if (typeof value === 'string') activity[field] = new Date(value);
  }
  return activity;
}
