import type { Pseudonymizer } from '../kernel/pseudonym';

/*
 * The submission keys of questions captured in live sessions: unique per comment or chat message,
 * so that a delivery processed twice stores its question once. They were made of the channel's
 * raw ids ("facebook-comment:<commentId>", "msteams:<chatId>:<messageId>"), which lead back to
 * the person's comment or message after an erasure; they are now a keyed hash of that same text
 * (Ley 1581 de 2012: least personal data), with a prefix an operator can still read.
 */

const liveCommentPrefix = 'facebook-comment-key:';
const meetingMessagePrefix = 'msteams-message-key:';

/** The submission keys stored before they were pseudonymised (migrated at start). */
export const rawSubmissionKeyPattern = /^(?:facebook-comment|msteams):/;

function pseudonymOf(pseudonymizer: Pseudonymizer, rawKey: string): string {
  return pseudonymizer.pseudonym(`submission:${rawKey}`);
}

/** The key a stored raw submission key becomes; the same key a new capture computes. */
export function pseudonymousSubmissionKey(pseudonymizer: Pseudonymizer, rawKey: string): string {
  const prefix = rawKey.startsWith('msteams:') ? meetingMessagePrefix : liveCommentPrefix;
  return `${prefix}${pseudonymOf(pseudonymizer, rawKey)}`;
}

/** A Facebook Live comment's question key; also the key of its private reply's records. */
export function liveCommentKey(pseudonymizer: Pseudonymizer, commentId: string): string {
  return pseudonymousSubmissionKey(pseudonymizer, `facebook-comment:${commentId}`);
}

/** A Teams meeting chat message's question key. */
export function meetingMessageKey(
  pseudonymizer: Pseudonymizer,
  chatId: string,
  messageId: string,
): string {
  return pseudonymousSubmissionKey(pseudonymizer, `msteams:${chatId}:${messageId}`);
}

export function isLiveCommentKey(key: string): boolean {
  return key.startsWith(liveCommentPrefix);
}
