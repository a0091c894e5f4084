import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Resume secrets: how a browser that kept a web chat conversation comes back to it days later,
 * when its Direct Line token (minutes) has long expired. Direct Line resumes a conversation with
 * its id and a valid token (`GET /conversations/{id}`, what directlinejs does when given a
 * `conversationId`); the resume secret is the long-lived credential the page trades for that token
 * (`POST /v3/directline/conversations/{id}/resume`), kept in the browser's localStorage. It is 256
 * bits of HMAC output: no personal data, meaningless without this bot's key.
 *
 * Rotation. Each exchange answers the successor of the secret presented, and the server keeps two
 * hashes per conversation: `next` (the one the browser was last given) and `current` (the one it
 * presented last). Presenting `next` promotes it (the older secret dies); presenting `current`
 * again is accepted, because the answer that carried its successor may never have arrived (a tab
 * closed mid-request) and the citizen must not lose the conversation for it. A copy taken from the
 * device therefore stops working once the device has come back twice.
 *
 * Concurrency: the successor is derived (HMAC of the secret presented), not drawn at random, so two
 * tabs that present the same secret at once get the same successor and write the same hashes;
 * whichever write lands last, the two agree.
 */
export const resumeSecretPattern = /^[A-Za-z0-9_-]{43}$/;

export class DirectLineResumeSecrets {
  constructor(private readonly key: Buffer) {}

  /** The first secret of a conversation, given with its token before the conversation starts. */
  first(conversationId: string, userId: string): string {
    return this.mac(`first\n${conversationId}\n${userId}`);
  }

  /** The secret that follows `secret`. */
  successor(secret: string): string {
    return this.mac(`successor\n${secret}`);
  }

  /**
   * What the server keeps of a secret. Keyed, so that a copy of the database verifies nothing,
   * and so that a new key (DIRECT_LINE_TOKEN_SECRET changed) revokes every secret at once.
   */
  hash(secret: string): string {
    return this.mac(`stored\n${secret}`);
  }

  private mac(message: string): string {
    return createHmac('sha256', this.key).update(message).digest('base64url');
  }
}

/** Constant-time equality of two stored hashes (`DirectLineResumeSecrets.hash`, or null). */
export function sameResumeHash(given: string, stored: string | null): boolean {
  if (stored === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
